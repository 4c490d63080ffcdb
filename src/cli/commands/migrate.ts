import { MigrationChanged, migrate, migrationStatus, type MigrationState } from '../../db/migrate.js';
import { table, utcMinute, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

const USAGE = `usage: switchboard migrate status [--json]
       switchboard migrate up`;

const STATE: Record<MigrationState['state'], string> = {
  applied: 'applied',
  pending: 'pending',
  changed: 'CHANGED since applied',
  unknown: 'applied by a newer release',
};

/**
 * `switchboard migrate …`: the database schema. `status` lists every migration (exit 1 if a
 * shipped one was changed); `up` applies the pending ones, as each server does when it starts.
 */
export async function migrateCommand(argv: string[], opts: { json?: boolean }, out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  if (rest.length || (sub !== 'status' && sub !== 'up')) {
    out(USAGE);
    return 2;
  }
  try {
    if (sub === 'up') {
      const applied = await withDatabase((pool) => migrate(pool));
      for (const name of applied) out(`applied ${name}`);
      out(`the database is up to date (${applied.length ? `${applied.length} applied now` : 'nothing to apply'})`);
      return 0;
    }
    const all = await withDatabase((pool) => migrationStatus(pool));
    if (opts.json) out(JSON.stringify(all, null, 2));
    else
      table(
        ['MIGRATION', 'STATE', 'APPLIED'],
        all.map((m) => [m.name, STATE[m.state], utcMinute(m.appliedAt ?? null)]),
      ).forEach((l) => out(l));
    const changed = all.filter((m) => m.state === 'changed');
    if (!changed.length) return 0;
    out(
      `error: ${changed.map((m) => m.name).join(', ')} changed after this database applied it; 'switchboard migrate up' (and every server start) will refuse to run`,
    );
    return 1;
  } catch (err) {
    if (!(err instanceof MigrationChanged)) throw err;
    out(`error: ${err.message}`);
    return 1;
  }
}
