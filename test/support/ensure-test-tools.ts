// Runs before `npm test`: the browser tests drive headless Chromium, the schema.sql test dumps a
// migrated database with PostgreSQL 15's pg_dump (test/db/schema-dump.test.ts), and the alerting
// rules are checked by Prometheus' promtool (test/operations/alert-rules.test.ts). On a fresh Debian
// machine as root what is missing is installed here (apt-get); anywhere else the run stops at once
// and says how, rather than failing late in those tests.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { postgresBinDir } from '../../scripts/dump-schema.js';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Prometheus' rule checker (Debian's prometheus package installs it here; test/operations/alert-rules.test.ts runs it). */
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
const missing: { what: string; debianPackage: string; otherwise: string }[] = [];
if (!existsSync(chromium)) missing.push({ what: `Chromium (${chromium})`, debianPackage: 'chromium', otherwise: 'or set CHROMIUM_PATH' });
if (!existsSync(PROMTOOL)) missing.push({ what: `promtool (${PROMTOOL})`, debianPackage: 'prometheus', otherwise: 'or set PROMTOOL' });
if (!postgresBinDir()) {
  missing.push({
    what: "PostgreSQL 15's programs",
    debianPackage: 'postgresql-15',
    otherwise: 'or set SCHEMA_POSTGRES_BIN to their bin folder',
  });
}

const canInstall =
  process.getuid?.() === 0 &&
  existsSync('/usr/bin/apt-get') &&
  !process.env.CHROMIUM_PATH &&
  !process.env.SCHEMA_POSTGRES_BIN &&
  !process.env.PROMTOOL;
if (missing.length && canInstall) {
  process.stderr.write(`${missing.map((m) => m.what).join(' and ')} not found: installing with apt-get for the tests\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing.map((m) => m.debianPackage)], { stdio: 'inherit', env });
} else if (missing.length) {
  for (const m of missing) process.stderr.write(`${m.what} not found: install it (apt-get install ${m.debianPackage}) ${m.otherwise}\n`);
  process.exit(1);
}
