import { Router } from 'express';
import { recordSmsStatus } from '../db/queries/sms.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { answerIncomingSms, type ReplyDeps } from '../sms/replies.js';
import { renderMessagingReply } from '../twiml/messaging.js';
import { checkParams, messagingParams } from '../twilio/webhook-params.js';
import { statusCallbackAnswers, webhookRoute } from './webhook.js';

/**
 * Twilio's Messaging webhooks, through the same choke point as the voice ones: an incoming text
 * (answered with messaging TwiML; on any fault an empty <Response/>, never a 5xx, and the text is
 * logged in full so nothing the customer wrote is lost) and a message's status callback.
 */
export function smsRoutes(deps: {
  pool: Pool;
  replies: ReplyDeps;
  baseUrl: string;
  log: Logger;
  metrics: Metrics;
  deadlineMs?: number;
}): Router {
  const router = Router();
  const hook = { baseUrl: deps.baseUrl, log: deps.log, metrics: deps.metrics, deadlineMs: deps.deadlineMs };
  const empty = () => ({ twiml: renderMessagingReply(null) });

  router.post(
    '/incoming',
    webhookRoute(hook, {
      name: 'sms-incoming',
      parse: (input) => {
        const p = checkParams(messagingParams.incoming, input.params);
        return { messageSid: p.MessageSid, from: p.From, to: p.To, body: p.Body };
      },
      handle: async (sms) => {
        const reply = await answerIncomingSms(deps.replies, sms);
        return {
          answer: { twiml: renderMessagingReply(reply.answer) },
          outcome: reply.outcome,
          unusual: reply.outcome === 'unknown-number',
        };
      },
      faults: {
        where: { invalid: 'sms-invalid', deadline: 'sms-deadline', fault: 'sms' },
        outcome: { invalid: 'invalid', fault: 'fault' },
        invalid: empty,
        fault: empty,
        // Twilio does not resend a text answered 200: what the customer wrote stays in the log.
        onFault: (sms, _err, log) => {
          deps.metrics.lostInputs.inc({ kind: 'sms' });
          log.error(
            { lost: 'sms', messageSid: sms.messageSid, from: sms.from, to: sms.to, body: sms.body },
            'incoming text message not stored',
          );
        },
      },
    }),
  );

  // Like the voice status callback: one we could not store is answered 503 so that Twilio sends it again.
  router.post(
    '/status',
    webhookRoute(hook, {
      name: 'sms-status',
      parse: (input) => checkParams(messagingParams.status, input.params),
      handle: async (s, { log }) => {
        const known = await recordSmsStatus(deps.pool, {
          messageSid: s.MessageSid,
          status: s.MessageStatus,
          errorCode: s.ErrorCode ?? null,
        });
        if (!known)
          log.warn(
            { messageSid: s.MessageSid },
            'status of a message not (yet) recorded as sent: kept in sms_message_statuses, applied when its send is recorded',
          );
        if (s.ErrorCode)
          log.warn({ messageSid: s.MessageSid, status: s.MessageStatus, errorCode: s.ErrorCode }, 'text message not delivered');
        return { answer: { status: 204 }, outcome: known ? 'recorded' : 'unknown-message' };
      },
      faults: {
        where: { invalid: 'sms-status-invalid', deadline: 'sms-status-deadline', fault: 'sms-status' },
        outcome: { invalid: 'invalid', fault: 'fault' },
        ...statusCallbackAnswers(204),
      },
    }),
  );
  return router;
}
