import type { Queryable } from '../pool.js';

/** Stores a voicemail once per recording (by its RE… SID); returns whether it was new. */
export async function insertVoicemail(
  db: Queryable,
  v: { callSid: string; step: string; url: string; durationSeconds: number; group?: string | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO voicemails (call_sid, step, recording_url, duration_seconds, group_name) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (call_sid, recording_key) DO NOTHING`,
    [v.callSid, v.step, v.url, v.durationSeconds, v.group ?? null],
  );
  return rowCount === 1;
}

export type SurveyKind = 'csat' | 'nps' | 'resolved';
export type SurveyChannel = 'keypad' | 'sms';

/** One answer to a survey (keypad: its step; SMS: step 'sms'); a second answer to the same question replaces the first. */
export async function insertSurveyResponse(
  db: Queryable,
  s: { callSid: string; step: string; score: number; kind?: SurveyKind; channel?: SurveyChannel; comment?: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO survey_responses (call_sid, step, score, kind, channel, comment) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (call_sid, step) DO UPDATE SET score = excluded.score, comment = coalesce(excluded.comment, survey_responses.comment),
       created_at = now()`,
    [s.callSid, s.step, s.score, s.kind ?? 'csat', s.channel ?? 'keypad', s.comment ?? null],
  );
}

/** A survey asked (the denominator of the response rate); asked twice for one call and step counts once. */
export async function insertSurveyRequest(
  db: Queryable,
  r: { callSid: string; step: string; kind: SurveyKind; channel: SurveyChannel },
): Promise<void> {
  await db.query(
    `INSERT INTO survey_requests (call_sid, step, kind, channel) VALUES ($1, $2, $3, $4) ON CONFLICT (call_sid, step) DO NOTHING`,
    [r.callSid, r.step, r.kind, r.channel],
  );
}
