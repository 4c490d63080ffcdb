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

export async function insertSurveyResponse(db: Queryable, s: { callSid: string; step: string; score: number }): Promise<void> {
  await db.query(
    `INSERT INTO survey_responses (call_sid, step, score) VALUES ($1, $2, $3)
     ON CONFLICT (call_sid, step) DO UPDATE SET score = excluded.score, created_at = now()`,
    [s.callSid, s.step, s.score],
  );
}
