import type { Queryable } from '../pool.js';

export type TokenRole = 'agent' | 'supervisor' | 'wallboard';

export interface ApiTokenInfo {
  id: number;
  name: string;
  /** 'wallboard': opens only the wallboard page and its read-only data (migration 024). */
  role: TokenRole;
  agentId: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, name, role, agent_id AS "agentId", created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

/** A token acts for a supervisor, or (with `agentId`) for that one agent only. */
export async function insertApiToken(
  db: Queryable,
  name: string,
  tokenHash: string,
  agentId: number | null = null,
  role: TokenRole = agentId === null ? 'supervisor' : 'agent',
): Promise<ApiTokenInfo> {
  const { rows } = await db.query<ApiTokenInfo>(
    `INSERT INTO api_tokens (name, token_hash, role, agent_id) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [name, tokenHash, role, agentId],
  );
  return rows[0];
}

export async function listApiTokens(db: Queryable): Promise<ApiTokenInfo[]> {
  const { rows } = await db.query<ApiTokenInfo>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY id`);
  return rows;
}

/** Revokes a token (keeping the first revocation time); undefined when there is no such token. */
export async function revokeApiToken(db: Queryable, id: number): Promise<{ token: ApiTokenInfo; alreadyRevoked: boolean } | undefined> {
  const { rows } = await db.query<ApiTokenInfo & { alreadyRevoked: boolean }>(
    `UPDATE api_tokens t SET revoked_at = coalesce(t.revoked_at, now())
     FROM api_tokens old WHERE t.id = $1 AND old.id = t.id
     RETURNING t.id, t.name, t.role, t.agent_id AS "agentId", t.created_at AS "createdAt", t.last_used_at AS "lastUsedAt", t.revoked_at AS "revokedAt",
               old.revoked_at IS NOT NULL AS "alreadyRevoked"`,
    [id],
  );
  if (!rows[0]) return undefined;
  const { alreadyRevoked, ...token } = rows[0];
  return { token, alreadyRevoked };
}

/**
 * Finds a token by the hash of what the client sent, and notes its use. last_used_at is written
 * at most once a minute per token, so a busy client does not turn every read into a write.
 */
export async function useApiToken(
  db: Queryable,
  tokenHash: string,
): Promise<{ status: 'ok'; role: TokenRole; agentId: number | null; name: string } | { status: 'revoked' | 'unknown' }> {
  const { rows } = await db.query<{ revoked: boolean; role: TokenRole; agentId: number | null; name: string }>(
    `WITH found AS (SELECT id, revoked_at, role, agent_id, name FROM api_tokens WHERE token_hash = $1),
          touched AS (
            UPDATE api_tokens t SET last_used_at = now() FROM found
            WHERE t.id = found.id AND found.revoked_at IS NULL
              AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'))
     SELECT revoked_at IS NOT NULL AS revoked, role, agent_id AS "agentId", name FROM found`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return { status: 'unknown' };
  return r.revoked ? { status: 'revoked' } : { status: 'ok', role: r.role, agentId: r.agentId, name: r.name };
}
