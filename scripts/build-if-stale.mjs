#!/usr/bin/env node
// Compiles src/ into dist/ only when dist/ is missing or older than a source file, so `npm start`
// starts at once after the first build and still picks up an edit. Plain JavaScript on purpose:
// it runs before anything is compiled, and in a production install (no TypeScript) it only checks.
//   node scripts/build-if-stale.mjs            (npm start: exit 1 with what to do if dist/ is missing)
//   node scripts/build-if-stale.mjs --optional (npm's prepare: never fails the install)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const optional = process.argv.includes('--optional');
const built = path.join(root, 'dist', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function typescriptCompiler() {
  try {
    const manifest = createRequire(path.join(root, 'package.json')).resolve('typescript-native/package.json');
    return path.join(path.dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.tsc);
  } catch {
    return undefined;
  }
}

const sources = path.join(root, 'src');
const stale = !existsSync(built) || (existsSync(sources) && newestSource(sources) > statSync(built).mtimeMs);
if (!stale) process.exit(0);

const tsc = typescriptCompiler();
if (!tsc) {
  // A production install (npm ci --omit=dev) runs the dist/ it was packed with, even if a clock
  // or an unpacker made a source look newer.
  if (existsSync(built)) process.exit(0);
  const what =
    'dist/ is missing and TypeScript is not installed: run `npm install` (with dev dependencies) and `npm run build`, or install a package built by `npm pack`';
  if (optional) {
    console.warn(`switchboard: ${what}.`);
    process.exit(0);
  }
  console.error(`switchboard cannot start: ${what}.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
