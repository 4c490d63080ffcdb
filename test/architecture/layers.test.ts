import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The source tree's layers, lowest first: a module may import from its own folder, from a lower
// layer, or a leaf module anywhere (one that imports nothing of ours: a vocabulary of states or
// policy numbers, which cannot make a cycle). So the arrows between folders point one way, and
// docs/architecture.md's map can be read bottom-up.
const LAYERS: string[][] = [
  ['assert-never', 'log', 'config-error', 'twilio'], // no domain: Twilio's vocabulary and REST API
  ['flows'], // the flow model, pure
  ['input-error', 'twiml'], // refused input; what we answer Twilio with
  ['config'],
  ['db'],
  ['metrics', 'live', 'reports'],
  ['routing'], // the routing lifecycle, router, reconciler, agent legs, complaint cases and feedback rules
  ['sms'], // text messages (outbox, SMS survey; its answers go through the feedback rules)
  ['calls', 'admin'], // call sessions (their effects call the lifecycle); the directory
  ['auth'],
  ['demo', 'emulator'],
  ['http'],
  ['server', 'cli'],
  ['main'],
];

const src = path.resolve('src');
const rank = new Map(LAYERS.flatMap((units, i) => units.map((u) => [u, i] as const)));
const unitOf = (file: string) => path.relative(src, file).split(path.sep)[0].replace(/\.ts$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Our modules a file imports (relative specifiers), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
    path.resolve(path.dirname(file), m[1]).replace(/\.js$/, '.ts'),
  );
}

describe('source layers: imports between folders point one way', () => {
  const files = sourceFiles(src);
  const leaves = new Set(files.filter((f) => importsOf(f).length === 0));

  it('every folder and top-level module of src/ has a layer', () => {
    const units = [...new Set(files.map(unitOf))].sort();
    expect(
      units.filter((u) => !rank.has(u)),
      'add them to LAYERS in test/architecture/layers.test.ts and to docs/architecture.md',
    ).to.deep.equal([]);
  });

  it('docs/architecture.md shows the same layers', () => {
    const doc = readFileSync(path.resolve('docs/architecture.md'), 'utf8');
    const documented = new Map<string, number>();
    for (const [, layer, folders] of doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)) {
      for (const [, unit] of folders.matchAll(/`src\/([a-z-]+)(?:\.ts)?`/g)) documented.set(unit, Number(layer));
    }
    expect(Object.fromEntries([...documented].sort())).to.deep.equal(Object.fromEntries([...rank].sort()));
  });

  it('no module imports from a higher layer or a sibling folder of its own layer, except leaf modules', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = unitOf(file);
      for (const target of importsOf(file)) {
        const to = unitOf(target);
        if (to === from || leaves.has(target)) continue;
        if ((rank.get(to) ?? Infinity) >= (rank.get(from) ?? -1)) wrong.push(`${path.relative(src, file)} → ${path.relative(src, target)}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });
});
