// Runs before `npm test`: the browser tests drive headless Chromium. On a fresh Debian machine as
// root it is installed here (apt-get); anywhere else the run stops at once and says how, rather
// than failing late in the browser tests.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executable)) {
  if (!process.env.CHROMIUM_PATH && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    process.stderr.write('Chromium not found: installing it with apt-get for the browser tests\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  } else {
    process.stderr.write(`Chromium not found at ${executable}: install it (apt-get install chromium) or set CHROMIUM_PATH\n`);
    process.exit(1);
  }
}
