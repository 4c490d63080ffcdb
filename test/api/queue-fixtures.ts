import { testDatabase } from '../support/database.js';

let calls = 0;

/**
 * A caller in `group`'s queue, written straight to the tables (as routing would leave them), who
 * entered `waited` seconds ago. Returns the queue entry's id.
 */
export async function queueCaller(group: string, e: { from?: string; priority?: number; state?: string; waited?: number } = {}): Promise<number> {
  const db = testDatabase().pool;
  const callSid = `CA${(++calls).toString(16).padStart(32, '0')}`;
  await db.query(`INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('queue-fixture', 'fixture', '{}', '{}') ON CONFLICT DO NOTHING`);
  await db.query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq)
     VALUES ($1, 'AC0', 'fixture', 'queue-fixture', $2, '+18005550100', '"queued"', '{}', 1)`,
    [callSid, e.from ?? '+15550000000'],
  );
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO queue_entries (call_sid, group_name, priority, state, step, first_entered_at)
     VALUES ($1, $2, $3, $4, 'queue', now() - make_interval(secs => $5)) RETURNING id`,
    [callSid, group, e.priority ?? 0, e.state ?? 'waiting', e.waited ?? 0],
  );
  return rows[0].id;
}
