import { appendCallEvents } from '../db/queries/calls.js';
import { insertVoicemail } from '../db/queries/recordings.js';
import type { Queryable } from '../db/pool.js';
import type { Logger } from '../log.js';
import type { RecordingSource } from '../twilio/call-control.js';

/** Recordings that hold a message (absent ones are empty, deleted or failed ones have none). */
const KEPT = new Set(['completed', 'processing']);

/** The URL Twilio sends as RecordingUrl for a recording (media at `.wav` / `.mp3` behind it). */
const recordingUrl = (accountSid: string, sid: string) => `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${sid}`;

/**
 * A call was last seen at a voicemail prompt: its recording webhook may have been lost (answered
 * with the fallback while the database was unreachable). Asks Twilio for the call's recordings and
 * stores those not yet stored as voicemails of that step. Safe to run any number of times: a
 * recording is stored once (by its SID). Returns how many were recovered.
 */
export async function recoverRecordings(
  db: Queryable,
  source: RecordingSource,
  at: { callSid: string; step: string; group: string | null },
  log: Logger,
): Promise<number> {
  let recovered = 0;
  for (const r of await source.recordings(at.callSid)) {
    if (!KEPT.has(r.status)) continue;
    const url = recordingUrl(r.accountSid, r.sid);
    const durationSeconds = Math.max(0, Number.isFinite(r.durationSeconds) ? r.durationSeconds : 0);
    if (!(await insertVoicemail(db, { callSid: at.callSid, step: at.step, url, durationSeconds, group: at.group }))) continue;
    recovered++;
    await appendCallEvents(db, at.callSid, [
      {
        kind: 'voicemail',
        step: at.step,
        detail: { url, duration: durationSeconds, ...(at.group ? { group: at.group } : {}), recovered: true },
      },
    ]);
    log.warn({ callSid: at.callSid, recording: r.sid, step: at.step }, 'voicemail recovered from Twilio (its webhook was lost)');
  }
  return recovered;
}
