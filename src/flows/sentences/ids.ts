/**
 * Every sentence Switchboard itself says (as opposed to the prompts a flow writes): its variables,
 * and when a flow can reach it, which decides whether `check` asks for its text in each language.
 * docs/flows.md "What Switchboard says" lists the same; a test keeps the two in step.
 */
export type SentenceReach =
  /** Any queue step: on hold (*, 1), its callback offer, voicemail and ringing an agent. */
  | 'queue'
  /** A menu whose options have words (speech input). */
  | 'speech-menu'
  /** An NPS survey step that gives no `confirm` of its own. */
  | 'nps-survey'
  /** A `text:` step with no `unavailable:` step of its own. */
  | 'text-step'
  /** Every flow: said to the agent answering one of its calls, or to a caller when Switchboard fails. */
  | 'always';

export interface SentenceInfo {
  reach: SentenceReach;
  /** Variables the text may use; `count` names the one whose number picks the plural form. */
  variables: readonly string[];
  count?: string;
  /** Who hears it and when (for docs and error messages). */
  said: string;
}

const queue = (said: string, variables: string[] = []): SentenceInfo => ({ reach: 'queue', variables, said });
const always = (said: string, variables: string[] = []): SentenceInfo => ({ reach: 'always', variables, said });

export const SENTENCES = {
  position: queue('on hold, the caller’s place in line (with each announcement)', ['position']),
  firstInLine: queue('on hold, when the caller is next in line'),
  waitMinutes: { ...queue('on hold, the expected wait when it is a minute or more', ['minutes']), count: 'minutes' },
  waitUnderMinute: queue('on hold, the expected wait when it is under a minute'),
  waitUnknown: queue('on hold, when no estimate can be given'),
  options: queue('on hold, after each announcement: * for a callback, 1 for voicemail'),
  offerCallback: queue('the callback offer, when the caller’s own number may be called back', ['number']),
  offerCallbackKeyIn: queue('the callback offer, when the caller must key a number in'),
  badNumber: queue('a keyed callback number that is not a phone number'),
  callbackCountry: queue('a callback number in a country the centre does not call'),
  callbackBlocked: queue('a premium-rate, shared-cost or satellite callback number'),
  callbackRetry: queue('after a refused number: key another, or * to go back to hold'),
  callbackBooked: queue('the callback is booked; the call ends', ['number']),
  unavailable: queue('nobody can take the call (overflow to voicemail or a callback)'),
  voicemail: queue('before the tone of a voicemail left from the queue'),
  voicemailThanks: queue('after a voicemail left from the queue; the call ends'),
  reconnect: queue('an agent’s ring failed; the caller goes back in line'),
  connecting: queue('the caller is being put through to an agent'),
  ringingAgent: queue('an agent’s phone is ringing for the caller'),
  transferring: queue('the agent transfers the caller to another group or a number'),
  transferFailed: queue('the number the caller was transferred to did not answer; the caller goes back in line'),
  confirmChoice: { reach: 'speech-menu', variables: ['choice'], said: 'a spoken menu choice is read back for confirmation' },
  npsConfirm: { reach: 'nps-survey', variables: ['score'], said: 'after an NPS answer, the score understood (10 is two keys)' },
  textUnavailable: { reach: 'text-step', variables: [], said: 'a `text:` step cannot text the caller (withheld, landline, opted out)' },
  whisper: always('to the agent, before a call in the flow’s first language is put through', ['group', 'number']),
  whisperLanguage: always('to the agent, before a call in another language is put through', ['group', 'number', 'language']),
  callbackIntro: always('to the agent called first for a callback', ['group', 'number', 'since']),
  recoveryCallbackIntro: always('to the agent called first for a recovery callback booked by a feedback rule', [
    'case',
    'group',
    'number',
    'since',
  ]),
  callingCustomer: always('to the agent who accepted a callback, while the customer is dialled'),
  callbackEnded: always('to the agent, when the callback call has ended'),
  callbackNotReached: always('to the agent, when the customer did not answer the callback'),
  fallback: always('to the caller, when Switchboard cannot answer properly (before the fallback number or queue)'),
} satisfies Record<string, SentenceInfo>;

export type SentenceId = keyof typeof SENTENCES;
export const SENTENCE_IDS = Object.keys(SENTENCES) as SentenceId[];
export const sentenceInfo = (id: SentenceId): SentenceInfo => SENTENCES[id];
export const isSentenceId = (s: string): s is SentenceId => s in SENTENCES;
