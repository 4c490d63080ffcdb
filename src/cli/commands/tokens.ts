import * as apiTokens from '../../auth/api-tokens.js';
import { runAdmin, table, UsageError, utcMinute, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

const USAGE = `usage: switchboard tokens create <name> [--agent <id> | --wallboard]
       switchboard tokens list [--json]
       switchboard tokens revoke <id>`;

/** `switchboard tokens …`: bearer tokens for the /api management API. */
export function tokensCommand(argv: string[], opts: { json?: boolean; agent?: string; wallboard?: boolean }, out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  return runAdmin(out, async () => {
    if (sub === 'create' && rest.length === 1 && opts.wallboard) {
      if (opts.agent !== undefined) throw new UsageError('a token is either --agent <id> or --wallboard, not both');
      const { token, info } = await withDatabase((pool) => apiTokens.createWallboardToken(pool, { name: rest[0] }));
      out(`created wallboard token ${info.id} (${info.name}); it opens only the wallboard. Copy it now, it is not shown again:`);
      out(token);
      return out(`open on the TV: <PUBLIC_BASE_URL>/wallboard#token=${token}`);
    }
    if (sub === 'create' && rest.length === 1) {
      const agentId = opts.agent === undefined ? undefined : Number(opts.agent);
      if (agentId !== undefined && !(Number.isInteger(agentId) && agentId > 0))
        throw new UsageError(`--agent needs an agent id, found "${opts.agent}"`);
      const { token, info } = await withDatabase((pool) =>
        apiTokens.createApiToken(pool, { name: rest[0], ...(agentId ? { agentId } : {}) }),
      );
      out(
        `created ${info.role === 'agent' ? `agent ${info.agentId}'s API token` : 'a supervisor API token'} ${info.id} (${info.name}); copy it now, it is not shown again:`,
      );
      return out(token);
    }
    if (sub === 'list' && rest.length === 0) {
      const tokens = await withDatabase((pool) => apiTokens.listApiTokens(pool));
      if (opts.json) return out(JSON.stringify(tokens, null, 2));
      if (!tokens.length) return out("no API tokens yet (create one with 'switchboard tokens create <name>')");
      const rows = tokens.map((t) => [
        String(t.id),
        t.name,
        t.role === 'agent' ? `agent ${t.agentId}` : t.role,
        utcMinute(t.createdAt),
        t.lastUsedAt ? utcMinute(t.lastUsedAt) : 'never',
        t.revokedAt ? utcMinute(t.revokedAt) : '-',
      ]);
      return table(['ID', 'NAME', 'ACTS AS', 'CREATED', 'LAST USED', 'REVOKED'], rows).forEach((l) => out(l));
    }
    if (sub === 'revoke' && rest.length === 1) {
      const { token, alreadyRevoked } = await withDatabase((pool) => apiTokens.revokeApiToken(pool, rest[0]));
      return out(
        alreadyRevoked
          ? `API token ${token.id} (${token.name}) was already revoked at ${utcMinute(token.revokedAt)}`
          : `revoked API token ${token.id} (${token.name})`,
      );
    }
    throw new UsageError(USAGE);
  });
}
