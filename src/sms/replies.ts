import type { Flow } from '../flows/model.js';
import type { SmsTextKey } from '../flows/sms-texts.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import {
  insertInboundSms,
  isOptedOut,
  lockLatestSurvey,
  noteInboundSms,
  optIn,
  optOut,
  updateSurveyConversation,
  type SmsSurveyRow,
} from '../db/queries/sms.js';
import { keywordOf, readScore, storableBody } from './reading.js';
import { recordSmsSurveyAnswer, surveyText } from './survey.js';

/** A customer's text as the messaging webhook hands it over (signature and parameters checked). */
export interface IncomingSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
}

/** What happened to an incoming text: the `outcome` is measured and logged; `answer` is texted back (none: an empty <Response/>). */
export interface SmsReply {
  answer: string | null;
  outcome:
    'replayed' | 'opted-out' | 'opted-in' | 'scored' | 'commented' | 'clarified' | 'unreadable' | 'closed' | 'answered' | 'unknown-number';
}

export interface ReplyDeps {
  pool: Pool;
  now: () => number;
  /** The flow version a call ran (the survey's texts are its own). */
  flowOfCall(client: PoolClient, callSid: string): Promise<Flow | undefined>;
  /** The flow answering a number we were texted on (or the default flow), for the texts to a stranger. */
  flowForNumber(number: string): Flow | undefined;
}

/**
 * Answers one incoming text in one transaction: stored once per MessageSid (Twilio's retry gets
 * the stored answer), opt-out keywords honoured, and a reply to the number's latest survey read
 * as its score, then as the reason for the score. A reply after the survey's window, or from a
 * number never surveyed, is answered politely and attributed to no call.
 */
export async function answerIncomingSms(deps: ReplyDeps, sms: IncomingSms): Promise<SmsReply> {
  const at = new Date(deps.now());
  const body = storableBody(sms.body);
  return inTransaction(deps.pool, async (tx) => {
    const stored = await insertInboundSms(tx, { messageSid: sms.messageSid, from: sms.from, to: sms.to, body, at });
    if (!stored.inserted) return { answer: stored.answer, outcome: 'replayed' };
    const reply = await converse(tx, deps, sms.from, sms.to, body, at);
    await noteInboundSms(tx, stored.id, { callSid: reply.callSid, language: reply.language, answer: reply.answer });
    return { answer: reply.answer, outcome: reply.outcome };
  });
}

type Conversed = SmsReply & { callSid: string | null; language: string | null };

async function converse(tx: PoolClient, deps: ReplyDeps, from: string, to: string, body: string, at: Date): Promise<Conversed> {
  const keyword = keywordOf(body);
  const survey = await lockLatestSurvey(tx, from, at);
  const callSid = survey?.callSid ?? null;
  // Twilio answers STOP and START itself (and delivers nothing we answer to them): no message back.
  if (keyword && 'optOut' in keyword) {
    await optOut(tx, from, keyword.optOut, at);
    return { answer: null, outcome: 'opted-out', callSid, language: survey?.language ?? null };
  }
  // YES is also an answer (a resolution survey): it opts in only a number that has opted out.
  if (keyword && 'optIn' in keyword && (await isOptedOut(tx, from))) {
    await optIn(tx, from);
    return { answer: null, outcome: 'opted-in', callSid, language: survey?.language ?? null };
  }
  if (!survey) {
    const flow = deps.flowForNumber(to);
    const language = flow?.languages[0] ?? 'en-US';
    return { answer: text(flow, language, 'unknown'), outcome: 'unknown-number', callSid: null, language };
  }
  const flow = await deps.flowOfCall(tx, survey.callSid);
  const say = (key: SmsTextKey) => text(flow, survey.language, key);
  if (!survey.open) return { answer: say('closed'), outcome: 'closed', callSid: null, language: survey.language };
  const attributed = (r: SmsReply): Conversed => ({ ...r, callSid: survey.callSid, language: survey.language });
  return attributed(await continueSurvey(tx, survey, body, say));
}

async function continueSurvey(tx: PoolClient, survey: SmsSurveyRow, body: string, say: (key: SmsTextKey) => string): Promise<SmsReply> {
  const save = (s: Pick<SmsSurveyRow, 'state' | 'clarified' | 'score'>) => updateSurveyConversation(tx, survey.callSid, s);
  switch (survey.state) {
    case 'scheduled':
    case 'asked': {
      const read = readScore(survey.kind, body);
      if (!read) {
        // One clarification; after it, an unreadable reply is kept (in sms_messages) and not answered again.
        if (survey.clarified) return { answer: null, outcome: 'unreadable' };
        await save({ state: survey.state, clarified: true, score: null });
        return { answer: say(`clarify_${survey.kind}`), outcome: 'clarified' };
      }
      await recordSmsSurveyAnswer(tx, { callSid: survey.callSid, kind: survey.kind, score: read.score, comment: read.comment || null });
      // A score with its reason in one message needs no follow-up question.
      if (read.comment) {
        await save({ state: 'done', clarified: survey.clarified, score: read.score });
        return { answer: say('thanks'), outcome: 'scored' };
      }
      await save({ state: 'commenting', clarified: survey.clarified, score: read.score });
      return { answer: say('follow_up'), outcome: 'scored' };
    }
    case 'commenting': {
      const comment = body.trim();
      if (!comment) return { answer: null, outcome: 'unreadable' };
      await recordSmsSurveyAnswer(tx, { callSid: survey.callSid, kind: survey.kind, score: survey.score!, comment });
      await save({ state: 'done', clarified: survey.clarified, score: survey.score });
      return { answer: say('thanks'), outcome: 'commented' };
    }
    case 'done':
      // Kept (sms_messages, attributed to the call) but not answered: thanking every message could loop with an auto-responder.
      return { answer: null, outcome: 'answered' };
  }
}

function text(flow: Flow | undefined, language: string, key: SmsTextKey): string {
  return surveyText(flow ?? { name: '', languages: [language] }, language, key);
}
