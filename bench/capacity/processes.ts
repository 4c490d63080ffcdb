// The capacity bench's child processes: the load generator (forked, steered over IPC) and the two
// Switchboard instances. None may outlive the bench: each is killed when the bench exits, however.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from '../support.js';
import type { FromGenerator, GeneratorConfig, ToGenerator } from './protocol.js';

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Remembers a child so the bench's exit kills it; forgets it once it has exited. */
function owned(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Ends a child with SIGTERM (a clean exit), SIGKILL after a few seconds; resolves when it has gone. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

export interface Generator {
  child: ChildProcess;
  restUrl: string;
  send(message: ToGenerator): void;
  /** The next message of this type (rejects if the generator exits first or `timeoutMs` passes). */
  next<T extends FromGenerator['type']>(type: T, timeoutMs: number): Promise<Extract<FromGenerator, { type: T }>>;
}

export async function startGenerator(config: GeneratorConfig): Promise<Generator> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'sb-capacity-')), 'generator.json');
  await writeFile(file, JSON.stringify(config));
  const child = owned(
    fork(path.join(import.meta.dirname, 'generator.ts'), [file], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const next = <T extends FromGenerator['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<FromGenerator, { type: T }>>((resolve, reject) => {
      const onMessage = (m: FromGenerator) => {
        if (m.type !== type) return;
        done();
        resolve(m as Extract<FromGenerator, { type: T }>);
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`the load generator exited (${code}) while the bench waited for its '${type}'`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`the load generator sent no '${type}' within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready', 60_000);
  return { child, restUrl: ready.restUrl, send: (m) => child.send(m), next };
}

/** One Switchboard instance with the whole centre on (bench/servers/switchboard.ts, BENCH_ROUTING=on), with an IPC channel. */
export async function startSwitchboard(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const server = await startProcess('servers/switchboard.ts', { ...env, BENCH_ROUTING: 'on', LOG_LEVEL: 'silent' }, [], { ipc: true });
  owned(server.child);
  return { url: server.url, child: server.child };
}
