import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * The npm scripts as a production install (`npm ci --omit=dev`: no TypeScript) and a development
 * checkout run them, on a copy of the package with a stand-in dist/ (the full `npm pack` install
 * is scripts/check-production-install.sh: too slow for the suite).
 */
describe('npm scripts in a production install and in development', () => {
  let dir: string;
  const npm = async (script: string) => {
    try {
      const { stdout, stderr } = await run('npm', ['run', '--silent', script], {
        cwd: dir,
        env: { ...process.env, npm_config_offline: 'true' },
      });
      return { code: 0, out: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  };
  const age = (file: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    return utimes(path.join(dir, file), when, when);
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-package-'));
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    await write('package.json', JSON.stringify({ ...pkg, dependencies: {}, devDependencies: {} }));
    await mkdir(path.join(dir, 'scripts'));
    await copyFile(path.join(ROOT, 'scripts/build-if-stale.mjs'), path.join(dir, 'scripts/build-if-stale.mjs'));
    await write('src/main.ts', `console.log('started from the sources');\n`);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('prepare (which npm ci --omit=dev runs) succeeds without TypeScript', async () => {
    await write('dist/main.js', `console.log('started');\n`);
    const { code, out } = await npm('prepare');
    expect(out).not.to.match(/not found/);
    expect(code).to.equal(0);
  });

  it('npm start runs the packed dist/ without compiling, even when a source looks newer', async () => {
    await write('dist/main.js', `console.log('started');\n`);
    await age('dist/main.js', 60);
    const { code, out } = await npm('start');
    expect(out.trim()).to.equal('started');
    expect(code).to.equal(0);
  });

  it('npm start without dist/ and without TypeScript says what to run', async () => {
    const { code, out } = await npm('start');
    expect(code).to.equal(1);
    expect(out).to.contain(
      'switchboard cannot start: dist/ is missing and TypeScript is not installed: run `npm install` (with dev dependencies) and `npm run build`',
    );
  });

  describe('in a development checkout (TypeScript installed)', () => {
    beforeEach(async () => {
      // The checkout's own compiler (TypeScript 7, installed as typescript-native).
      const { symlink } = await import('node:fs/promises');
      await mkdir(path.join(dir, 'node_modules'));
      await symlink(path.join(ROOT, 'node_modules/typescript-native'), path.join(dir, 'node_modules/typescript-native'));
      await write(
        'tsconfig.build.json',
        JSON.stringify({
          compilerOptions: { outDir: 'dist', rootDir: 'src', module: 'nodenext', target: 'es2022', types: [] },
          include: ['src'],
        }),
      );
    });

    it('npm start does not recompile when dist/ is newer than every source', async () => {
      await write('dist/main.js', `console.log('started');\n`);
      await age('src/main.ts', 60);
      const before = (await stat(path.join(dir, 'dist/main.js'))).mtimeMs;
      const { code, out } = await npm('start');
      expect(out.trim()).to.equal('started');
      expect(code).to.equal(0);
      expect((await stat(path.join(dir, 'dist/main.js'))).mtimeMs).to.equal(before);
    });

    it('npm start compiles first when a source was edited after the last build', async () => {
      await write('dist/main.js', `console.log('started');\n`);
      await age('dist/main.js', 60);
      const { code, out } = await npm('start');
      expect(out.trim()).to.equal('started from the sources');
      expect(code).to.equal(0);
    });
  });
});
