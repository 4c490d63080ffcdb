import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { ACCOUNT_SID, AUTH_TOKEN, freePort } from './server.js';

const REPO = path.resolve(import.meta.dirname, '../..');
// What `--import tsx` loads, named by path: the child runs in a folder of its own.
const TSX_LOADER = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;

export interface LogLine {
  msg: string;
  level: number;
  [key: string]: unknown;
}

/**
 * `npm start` without the build: src/main.ts in a child process, in its own folder (no .env),
 * configured by `env`. Its JSON log lines are collected and can be waited for.
 */
export class MainProcess {
  readonly logs: LogLine[] = [];
  /** What it wrote to stderr (the start-up banner, among others). */
  stderr = '';
  readonly exited: Promise<number | null>;
  private waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly publicBaseUrl: string,
  ) {
    // 'close', not 'exit': every line it wrote has been read by then.
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      this.logs.push(line);
      for (const w of [...this.waiters]) {
        if (!w.match(line)) continue;
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(line);
      }
    });
  }

  static async start(cwd: string, env: Record<string, string | undefined>): Promise<MainProcess> {
    const port = await freePort();
    const publicBaseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(REPO, 'src/main.ts')], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        PUBLIC_BASE_URL: publicBaseUrl,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        LOG_LEVEL: 'info',
        ...env,
      } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const main = new MainProcess(child, `http://127.0.0.1:${port}`, publicBaseUrl);
    child.stderr!.on('data', (d) => (main.stderr += d));
    await main
      .nextLog((l) => l.msg === 'Switchboard is listening')
      .catch((err: Error) => {
        throw new Error(`${err.message}\n${main.stderr}`);
      });
    return main;
  }

  /** The first log line that matches (lines already logged count); fails if the process ends first. */
  nextLog(match: (l: LogLine) => boolean): Promise<LogLine> {
    const seen = this.logs.find(match);
    if (seen) return Promise.resolve(seen);
    return Promise.race([
      new Promise<LogLine>((resolve) => this.waiters.push({ match, resolve })),
      this.exited.then((code): never => {
        throw new Error(`Switchboard exited (${code}) without that log line; it logged:\n${this.logs.map((l) => l.msg).join('\n')}`);
      }),
    ]);
  }

  /** Resolves with the first match of `pattern` in what it wrote to stderr so far or later; fails if it ends first. */
  stderrMatch(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.stderr.match(pattern);
        if (!m) return false;
        this.child.stderr!.off('data', onData);
        resolve(m);
        return true;
      };
      const onData = () => void check();
      if (check()) return;
      this.child.stderr!.on('data', onData);
      void this.exited.then(() => check() || reject(new Error(`Switchboard exited without writing ${pattern} to stderr:\n${this.stderr}`)));
    });
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** For a test's after hook: whatever happened, the child does not outlive the test. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
