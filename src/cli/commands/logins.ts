import { createInterface } from 'node:readline';
import * as people from '../../db/queries/people.js';
import { addSupervisor, setAgentLogin } from '../../auth/logins.js';
import { runAdmin, table, UsageError, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

/** The password from --password, or the first line of standard input (so it stays out of shell history). */
async function readPassword(given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  if (process.stdin.isTTY) process.stdout.write('password: ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new UsageError('no password: give --password or type it on standard input');
}

/** `switchboard agents set-login <id> <username>`: the agent's console sign-in. */
export function agentLoginCommand(rest: string[], opts: { password?: string }, out: Out): Promise<number> {
  return runAdmin(out, async () => {
    const [id, username] = rest;
    if (rest.length !== 2 || !/^\d+$/.test(id)) throw new UsageError('usage: switchboard agents set-login <id> <username> [--password …]');
    const password = await readPassword(opts.password);
    await withDatabase((pool) => setAgentLogin(pool, Number(id), { username, password }));
    out(`agent ${id} signs in to the console as '${username}'`);
  });
}

/** `switchboard supervisors add|list`: dashboard accounts, separate from agents'. */
export function supervisorsCommand(argv: string[], opts: { name?: string; password?: string }, out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  return runAdmin(out, async () => {
    if (sub === 'add' && rest.length === 1) {
      const password = await readPassword(opts.password);
      const id = await withDatabase((pool) => addSupervisor(pool, { username: rest[0], name: opts.name ?? rest[0], password }));
      return out(`supervisor ${id} '${rest[0]}' can sign in to the dashboard`);
    }
    if (sub === 'list' && rest.length === 0) {
      const list = await withDatabase((pool) => people.listSupervisors(pool));
      if (!list.length) return out("no supervisors yet (add one with 'switchboard supervisors add <username> --name …')");
      return table(
        ['ID', 'USERNAME', 'NAME'],
        list.map((s) => [String(s.id), s.username, s.name]),
      ).forEach((l) => out(l));
    }
    throw new UsageError(
      'usage: switchboard supervisors add <username> [--name "Sam Lee"] [--password …]\n       switchboard supervisors list',
    );
  });
}
