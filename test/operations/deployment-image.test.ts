import { spawn, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { cliDatabaseUrl } from '../support/cli.js';
import { dockerfileStages } from '../support/dockerfile.js';
import { AUTH_TOKEN, freePort } from '../support/server.js';

/**
 * CI cannot run Docker, so the image's runtime stage is laid out in a folder as the Dockerfile
 * says (its COPY lines, its ENV, the build stage's dist) and run there through the entrypoint.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const runtime = dockerfileStages(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).at(-1)!;
const lines = (instruction: string) => runtime.instructions.filter((i) => i.instruction === instruction).map((i) => i.args);
const WORKDIR = lines('WORKDIR').at(-1)!;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('the container image (runtime stage laid out without Docker)', function () {
  this.timeout(120_000);
  let image: string;
  /** A path inside the image: the work directory is the folder itself, other paths go under fs/. */
  const inImage = (p: string) =>
    p.startsWith(WORKDIR)
      ? path.join(image, path.relative(WORKDIR, p))
      : path.isAbsolute(p)
        ? path.join(image, 'fs', p)
        : path.join(image, p);
  let env: NodeJS.ProcessEnv;

  before(async () => {
    image = await mkdtemp(path.join(os.tmpdir(), 'switchboard-image-'));
    for (const copy of lines('COPY')) {
      const words = copy.split(/\s+/);
      const mode = words.find((w) => w.startsWith('--chmod='))?.slice('--chmod='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      const dest = inImage(paths.pop()!);
      if (copy.startsWith('--from=build')) {
        expect(paths).to.deep.equal(['/app/dist']);
        const tsc = spawnSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', dest], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        expect(tsc.status, tsc.stdout + tsc.stderr).to.equal(0);
        continue;
      }
      for (const src of paths) {
        const target = dest.endsWith('/') || paths.length > 1 ? path.join(dest, path.basename(src)) : dest;
        await mkdir(path.dirname(target), { recursive: true });
        await cp(path.join(ROOT, src), target, { recursive: true });
        if (mode) await chmod(target, Number.parseInt(mode, 8));
      }
    }
    // What `npm ci --omit=dev` installs is another test's business (the package install); here the shared one.
    await symlink(path.join(ROOT, 'node_modules'), path.join(image, 'node_modules'));
    const imageEnv = Object.fromEntries(
      lines('ENV')
        .flatMap((l) => l.split(/\s+/))
        .map((kv) => kv.split('='))
        .map(([k, v]) => [k, v.startsWith(WORKDIR) ? inImage(v) : v]),
    );
    env = { PATH: `${inImage('/usr/local/bin')}:${process.env.PATH}`, HOME: image, ...imageEnv };
  });

  after(async () => {
    await rm(image, { recursive: true, force: true });
  });

  /** Runs the image's ENTRYPOINT with `args`; `printed(text)` resolves once stdout shows it. */
  function run(args: string[], extra: Record<string, string>) {
    const entrypoint = JSON.parse(lines('ENTRYPOINT')[0]) as string[];
    const child = spawn(entrypoint[0], [...entrypoint.slice(1), ...args], {
      cwd: image,
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Run = { code: null, stdout: '', stderr: '' };
    const waiting: { text: string; resolve: () => void }[] = [];
    child.stdout.on('data', (d) => {
      out.stdout += d;
      for (const w of waiting) if (out.stdout.includes(w.text)) w.resolve();
    });
    child.stderr.on('data', (d) => (out.stderr += d));
    const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ ...out, code })));
    const printed = (text: string) =>
      Promise.race([
        new Promise<void>((resolve) => waiting.push({ text, resolve })),
        done.then((r) => Promise.reject(new Error(`exited (${r.code}) before printing ${text}: ${r.stderr}`))),
      ]);
    return { done, printed, stop: () => child.kill('SIGTERM') };
  }

  function healthcheck(port: number): number | null {
    const cmd = lines('HEALTHCHECK')[0].replace(/^.*?CMD\s+/, '');
    const [program, ...args] = JSON.parse(cmd) as string[];
    return spawnSync(program, args, { env: { ...env, PORT: String(port) }, timeout: 10_000 }).status;
  }

  it('refuses to start without DATABASE_URL and TWILIO_AUTH_TOKEN, naming both (no embedded PostgreSQL in the image)', async () => {
    const { code, stderr } = await run(['serve'], { DATABASE_URL: '', TWILIO_AUTH_TOKEN: '' }).done;
    expect(code).to.equal(78);
    expect(stderr).to.include('DATABASE_URL: required in the container').and.include('TWILIO_AUTH_TOKEN: required in the container');
  });

  it('serves: migrates and listens with JSON logs, passes its HEALTHCHECK, serves the pages, stops on SIGTERM', async () => {
    const port = await freePort();
    const server = run([], { PORT: String(port), DATABASE_URL: cliDatabaseUrl(), TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    try {
      await server.printed('Switchboard is listening');
      expect(healthcheck(port)).to.equal(0);
      const page = await fetch(`http://127.0.0.1:${port}/console`);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.include('<html');
    } finally {
      server.stop();
    }
    const { code, stdout } = await server.done;
    const logs = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(logs.map((l) => l.msg))
      .to.include('Switchboard is listening')
      .and.include('Switchboard stopped');
    expect(code, 'a drained stop exits 0').to.equal(0);
    expect(healthcheck(port), 'the healthcheck fails once the server is gone').to.equal(1);
  });

  it('runs the CLI for any other command', async () => {
    const { code, stdout } = await run(['--help'], {}).done;
    expect(code).to.equal(0);
    expect(stdout).to.include('switchboard check');
  });
});
