import type { CallEvent, QueueVisit } from './call-types.js';
import type { SentenceId } from './sentences/ids.js';
import type { SentenceFill } from './sentences/sentence.js';
import { spokenWait } from './sentences/spoken.js';

type QueueWait = Extract<CallEvent, { type: 'QUEUE_WAIT' }>;

/** Seconds between announcements when the group names none. */
const DEFAULT_ANNOUNCE_EVERY = 60;

/** One sentence of the catalogue with its `{name}` fills. */
export type Sentence = [SentenceId, SentenceFill?];

/**
 * Whether this waitUrl request announces the caller's standing: the first time, when their
 * position improved (news), and otherwise at the group's cadence. Never while an agent is being
 * rung for them (they hear that instead), nor without a position (the simulator has none).
 */
export function announcementDue(visit: QueueVisit, event: QueueWait): boolean {
  if (event.position === undefined || event.agentRinging) return false;
  if (visit.announcedAt === undefined || visit.announcedPosition === undefined) return true;
  if (event.position < visit.announcedPosition) return true;
  return (event.queueTime ?? 0) - visit.announcedAt >= (event.announceEvery ?? DEFAULT_ANNOUNCE_EVERY);
}

/** Whether the position is said in this announcement: not when unchanged, nor worse after a rejoin. */
function positionIsNews(visit: QueueVisit, position: number): boolean {
  const told = visit.announcedPosition;
  if (told === undefined) return true;
  return position < told || (position > told && !visit.rejoined);
}

/**
 * What an announcement says, from the standing read in the webhook's transaction: the position
 * when it is news ("next in line" at the front), the estimate (or that there is none yet), then
 * the caller's options. `told` is the position the caller now knows.
 */
export function announcement(
  visit: QueueVisit,
  event: QueueWait,
): { sentences: Sentence[]; told?: number; wait?: ReturnType<typeof spokenWait> } {
  const position = event.position;
  const sentences: Sentence[] = [];
  const news = position !== undefined && positionIsNews(visit, position);
  if (news) sentences.push(position === 1 ? ['firstInLine'] : ['position', { position: position! }]);
  // spokenWait: the rounding the caller hears is the figure the wait-estimate report scores.
  const wait = event.etaSeconds === undefined ? undefined : spokenWait(event.etaSeconds);
  if (!wait) sentences.push(['waitUnknown']);
  else if (wait.minutes === 0) sentences.push(['waitUnderMinute']);
  else sentences.push(['waitMinutes', { minutes: wait.minutes }]);
  sentences.push(['options']);
  return { sentences, told: news ? position : visit.announcedPosition, ...(wait ? { wait } : {}) };
}
