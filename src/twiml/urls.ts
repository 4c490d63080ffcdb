// Every webhook URL we hand Twilio, built here and nowhere else. A caller's step URLs carry the
// call step they were issued for (`?seq=`), so a late request for a step the call has left is
// recognised; an agent's leg's URLs name the offer (assignment) they belong to.

/** The caller-leg webhooks a step's TwiML names, besides the fixed /voice/incoming, /status, /fallback. */
export const EVENT_ROUTES = [
  'gather',
  'no-input',
  'queue-wait',
  'queue-key',
  'queue-result',
  'connect',
  'dial-result',
  'recorded',
  'overflow',
  'transfer',
] as const;
export type EventRoute = (typeof EVENT_ROUTES)[number];

/** Routes Twilio requests while the caller is in its queue: their TwiML runs as waitUrl TwiML. */
export const IN_QUEUE_ROUTES: ReadonlySet<string> = new Set<EventRoute>(['queue-wait', 'queue-key']);

/** Absolute URLs of our webhooks: for the step the call is on, and for an agent's leg. */
export interface UrlFor {
  (route: EventRoute): string;
  whisper(assignmentId: number): string;
}

/** The URLs for TwiML answering call step `seq`. */
export function callStepUrls(baseUrl: string, seq: number): UrlFor {
  return Object.assign((route: EventRoute) => `${baseUrl}/voice/${route}?seq=${seq}`, {
    whisper: (assignmentId: number) => agentLegUrls(baseUrl, assignmentId).whisper,
  });
}

/**
 * Where a blind transfer redirects the caller's call (REST): the call's current step, the offer
 * being transferred and where to. Twilio signs the whole URL, so the query is as we wrote it.
 */
export function transferUrl(baseUrl: string, seq: number, assignmentId: number, to: { group: string } | { number: string }): string {
  const target = 'group' in to ? `group=${encodeURIComponent(to.group)}` : `number=${encodeURIComponent(to.number)}`;
  return `${baseUrl}/voice/transfer?seq=${seq}&assignment=${assignmentId}&${target}`;
}

/** The webhooks of an agent's leg, named by the assignment they belong to. */
export function agentLegUrls(baseUrl: string, assignmentId: number) {
  const at = (path: string) => `${baseUrl}/voice/${path}?assignment=${assignmentId}`;
  return {
    connect: at('connect'),
    whisper: at('agent/whisper'),
    whisperAccept: at('agent/whisper-accept'),
    callback: at('agent/callback'),
    callbackAccept: at('agent/callback-accept'),
    callbackResult: at('agent/callback-result'),
    agentStatus: at('agent/status'),
  };
}
export type AgentLegUrls = ReturnType<typeof agentLegUrls>;

/** The fallback queue (Switchboard unwell): its hold, and where a caller goes once we are well again. */
export const fallbackUrls = (baseUrl: string) => ({ wait: `${baseUrl}/voice/fallback-wait`, recover: `${baseUrl}/voice/recover` });
