import type { Queryable } from '../pool.js';

/** Who is signed in: an agent (console) or a supervisor (dashboard, management API). */
export type Principal =
  { role: 'agent'; agentId: number; name: string } | { role: 'supervisor'; supervisorId: number | null; name: string };

export async function findAgentLogin(
  db: Queryable,
  username: string,
): Promise<{ id: number; name: string; passwordHash: string | null } | undefined> {
  const { rows } = await db.query('SELECT id, name, password_hash AS "passwordHash" FROM agents WHERE username = $1', [username]);
  return rows[0];
}

export async function findSupervisorLogin(
  db: Queryable,
  username: string,
): Promise<{ id: number; name: string; passwordHash: string } | undefined> {
  const { rows } = await db.query('SELECT id, name, password_hash AS "passwordHash" FROM supervisors WHERE username = $1', [username]);
  return rows[0];
}

/** Gives an agent a console login; returns false when there is no such agent. */
export async function setAgentLogin(db: Queryable, agentId: number, username: string, passwordHash: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE agents SET username = $2, password_hash = $3 WHERE id = $1', [
    agentId,
    username,
    passwordHash,
  ]);
  return rowCount === 1;
}

export async function addSupervisor(db: Queryable, s: { username: string; name: string; passwordHash: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO supervisors (username, name, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (username) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash RETURNING id`,
    [s.username, s.name, s.passwordHash],
  );
  return rows[0].id;
}

export async function listSupervisors(db: Queryable): Promise<{ id: number; username: string; name: string }[]> {
  const { rows } = await db.query('SELECT id, username, name FROM supervisors ORDER BY id');
  return rows;
}

export async function createSession(db: Queryable, tokenHash: string, p: Principal, hours: number): Promise<void> {
  await db.query(
    `INSERT INTO web_sessions (token_hash, role, agent_id, supervisor_id, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [tokenHash, p.role, p.role === 'agent' ? p.agentId : null, p.role === 'supervisor' ? p.supervisorId : null, hours],
  );
}

export async function findSession(db: Queryable, tokenHash: string): Promise<Principal | undefined> {
  const { rows } = await db.query(
    `SELECT s.role, s.agent_id AS "agentId", s.supervisor_id AS "supervisorId", coalesce(a.name, sv.name) AS name
     FROM web_sessions s LEFT JOIN agents a ON a.id = s.agent_id LEFT JOIN supervisors sv ON sv.id = s.supervisor_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return undefined;
  return r.role === 'agent'
    ? { role: 'agent', agentId: r.agentId, name: r.name }
    : { role: 'supervisor', supervisorId: r.supervisorId, name: r.name };
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM web_sessions WHERE token_hash = $1 OR expires_at < now()', [tokenHash]);
}

export async function passwordHashOf(db: Queryable, role: Principal['role'], id: number): Promise<string | undefined> {
  const { rows } = await db.query(
    `SELECT password_hash AS "passwordHash" FROM ${role === 'agent' ? 'agents' : 'supervisors'} WHERE id = $1`,
    [id],
  );
  return rows[0]?.passwordHash ?? undefined;
}

/** A new password; the credential-change trigger (migration 011) ends every session of that person. */
export async function setPasswordHash(db: Queryable, role: Principal['role'], id: number, passwordHash: string): Promise<void> {
  await db.query(`UPDATE ${role === 'agent' ? 'agents' : 'supervisors'} SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
}

/** What a live stream was opened with: a session cookie's or an API token's hash. */
export interface Credential {
  kind: 'session' | 'token';
  hash: string;
}

/** Who a principal is, as one comparable string ("agent:3", "supervisor"). */
/** How a state change or other recorded action names who did it ('agent:Ana Ruiz', 'supervisor:Sam Lee'). */
export const actorOf = (p: Principal) => `${p.role}:${p.name}`;

export const principalKey = (p: Principal) => (p.role === 'agent' ? `agent:${p.agentId}` : 'supervisor');

/**
 * Of these credentials, those still valid (session not ended or expired, token not revoked), each
 * with whom it now acts for (`principalKey`): one query however many streams are open.
 */
export async function validCredentials(db: Queryable, credentials: Credential[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ kind: string; hash: string; who: string }>(
    `SELECT c.kind, c.hash, CASE WHEN v.role = 'agent' THEN 'agent:' || v.agent_id ELSE v.role END AS who
     FROM unnest($1::text[], $2::text[]) AS c(kind, hash)
     JOIN LATERAL (
       SELECT role, agent_id FROM web_sessions WHERE c.kind = 'session' AND token_hash = c.hash AND expires_at > now()
       UNION ALL
       SELECT role, agent_id FROM api_tokens WHERE c.kind = 'token' AND token_hash = c.hash AND revoked_at IS NULL
     ) v ON true`,
    [credentials.map((c) => c.kind), credentials.map((c) => c.hash)],
  );
  return new Map(rows.map((r) => [`${r.kind}:${r.hash}`, r.who]));
}
