// Twilio's call statuses (`CallStatus` of status callbacks and of a call fetched over REST).

export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** The statuses of a call that is over: no more webhooks will come for it. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set<CallStatus>(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export const isCallOver = (status: string): boolean => TERMINAL_STATUSES.has(status);

/** How a <Dial> ended (`DialCallStatus` of its action request). */
export const DIAL_STATUSES = ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type DialStatus = (typeof DIAL_STATUSES)[number];
