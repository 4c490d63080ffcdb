import type { Pool } from '../db/pool.js';
import { appendCallEvents } from '../db/queries/calls.js';
import { insertSurveyRequest } from '../db/queries/recordings.js';
import {
  claimDueSms,
  closeSurvey,
  failAbandonedSends,
  markSmsNotSent,
  markSmsSent,
  markSurveyAsked,
  optOut,
  retrySmsLater,
  type ClaimedSms,
} from '../db/queries/sms.js';
import { inTransaction } from '../db/pool.js';
import type { Logger } from '../log.js';
import { restError } from '../twilio/call-control.js';
import { sendMayWorkLater, UNSUBSCRIBED_RECIPIENT, type Messaging } from '../twilio/messaging.js';

/** Messages sent per pass and instance; the rest wait for the next pass (another instance may take them meanwhile). */
const BATCH = 20;
/** Tries of a send that failed in a way that may pass (Twilio unreachable, 429, 5xx), spaced by RETRY_MS × attempt. */
const MAX_ATTEMPTS = 5;
const RETRY_MS = 30_000;
/** A message claimed this long ago and still `sending`: its instance stopped mid-send. */
const ABANDONED_SEND_MS = 5 * 60_000;

export interface OutboxDeps {
  pool: Pool;
  messaging: Messaging;
  log: Logger;
  now: () => number;
  /** Where Twilio reports each message's status (PUBLIC_BASE_URL/sms/status). */
  statusCallback: string;
  /** Counts each message's outcome (sent, refused, failed, retry). */
  count?: (outcome: 'sent' | 'refused' | 'failed' | 'retry') => void;
}

/**
 * The SMS outbox's worker: sends the messages that are due, as written by the transactions that
 * decided them (a `text:` step, a call's end). Durable: due times are rows, so a restart loses
 * nothing; claimed with FOR UPDATE SKIP LOCKED and marked `sending` before any send, so two
 * instances never send one message twice.
 */
export class SmsOutbox {
  private timer?: NodeJS.Timeout;
  private pass: Promise<number> = Promise.resolve(0);
  private again = false;
  constructor(private deps: OutboxDeps) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.kick(), everyMs);
  }

  /** A pass soon (after a commit that queued a message): one at a time, one more if asked during a pass. */
  kick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.pass;
    }
    this.running = true;
    this.pass = this.sendDue()
      .catch((err) => {
        this.deps.log.error({ err }, 'SMS outbox pass failed; trying again on the next one');
        return 0;
      })
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          void this.kick();
        }
      });
    return this.pass;
  }
  private running = false;

  /** Waits for the pass under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.pass;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.idle();
  }

  /** One pass: every message due now is claimed and sent, batch by batch; returns how many were handled. */
  async sendDue(): Promise<number> {
    const { pool, now } = this.deps;
    for (const lost of await failAbandonedSends(pool, new Date(now() - ABANDONED_SEND_MS), new Date(now()))) {
      this.deps.log.error(
        { messageId: lost.id, callSid: lost.callSid },
        'a text message was being sent by an instance that stopped; marked failed, not resent',
      );
    }
    let handled = 0;
    for (;;) {
      const batch = await claimDueSms(pool, new Date(now()), BATCH);
      for (const m of batch) await this.sendOne(m);
      handled += batch.length;
      if (batch.length < BATCH) return handled;
    }
  }

  private async sendOne(m: ClaimedSms): Promise<void> {
    const { pool, now, log } = this.deps;
    const at = () => new Date(now());
    const msgLog = log.child({ messageId: m.id, callSid: m.callSid, purpose: m.purpose });
    if (m.optedOut) {
      await inTransaction(pool, async (tx) => {
        await markSmsNotSent(tx, m.id, { status: 'refused', error: 'the number opted out (STOP)', at: at() });
        if (m.purpose === 'survey' && m.callSid) await closeSurvey(tx, m.callSid);
      });
      this.deps.count?.('refused');
      msgLog.info('text message not sent: the number opted out');
      return;
    }
    let sent: { sid: string; status: string };
    try {
      sent = await this.deps.messaging.send({ to: m.to, from: m.sender, body: m.body, statusCallback: this.deps.statusCallback });
    } catch (err) {
      await this.notSent(m, err, msgLog);
      return;
    }
    await inTransaction(pool, async (tx) => {
      await markSmsSent(tx, m.id, { messageSid: sent.sid, status: sent.status, at: at() });
      if (m.purpose === 'survey' && m.callSid) {
        // Asked: the survey's window starts, and the response rate's denominator counts it.
        const kind = await markSurveyAsked(tx, m.callSid, at());
        if (kind) await insertSurveyRequest(tx, { callSid: m.callSid, step: 'sms', kind, channel: 'sms' });
      }
      if (m.callSid)
        await appendCallEvents(tx, m.callSid, [{ kind: 'sms-sent', step: null, detail: { purpose: m.purpose, messageSid: sent.sid } }]);
    });
    this.deps.count?.('sent');
    msgLog.info({ messageSid: sent.sid }, 'text message sent');
  }

  private async notSent(m: ClaimedSms, err: unknown, msgLog: Logger): Promise<void> {
    const { pool, now } = this.deps;
    const at = new Date(now());
    const twilio = restError(err);
    if (sendMayWorkLater(err) && m.attempts < MAX_ATTEMPTS) {
      await retrySmsLater(pool, m.id, { dueAt: new Date(now() + RETRY_MS * m.attempts), error: twilio.message, at });
      this.deps.count?.('retry');
      msgLog.warn({ twilio, attempts: m.attempts }, 'text message not sent yet; trying again later');
      return;
    }
    await inTransaction(pool, async (tx) => {
      await markSmsNotSent(tx, m.id, {
        status: 'failed',
        errorCode: twilio.code === undefined ? null : String(twilio.code),
        error: twilio.message,
        at,
      });
      // Twilio knows the number replied STOP (perhaps to another of our numbers): so do we, from now on.
      if (twilio.code === UNSUBSCRIBED_RECIPIENT) await optOut(tx, m.to, 'twilio-21610', at);
      if (m.purpose === 'survey' && m.callSid) await closeSurvey(tx, m.callSid);
    });
    this.deps.count?.('failed');
    msgLog.error({ twilio, attempts: m.attempts }, 'text message could not be sent');
  }
}
