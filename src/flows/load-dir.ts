import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { didYouMean, type Diagnostic } from './diagnostics.js';
import type { FlowEnvPolicy } from './flow-env.js';
import { linkFlow } from './link.js';
import type { Flow } from './model.js';
import { readFlowFile, type FlowFile, type SubflowFile } from './read-file.js';
import { Reader } from './reader.js';
import { SourceFile } from './source.js';

/** A flow ready to serve calls: its model, the content hash that names this version, its sources. */
export interface FlowVersion {
  flow: Flow;
  hash: string;
  /** The flow's own file, relative to the flows folder. */
  file: string;
  /** File path (relative to the flows folder) → text, for the flow file and every sub-flow it uses. */
  sources: Record<string, string>;
}

export interface LoadResult {
  /** Flows that passed every check, by id. */
  versions: Map<string, FlowVersion>;
  /** Flow ids found in files, including those that failed (so a caller can keep their old version). */
  seen: Set<string>;
  /** Files too broken to tell what they define (YAML syntax errors); relative to the folder. */
  unreadable: Set<string>;
  /**
   * Every flow file in the folder (relative; sub-flows and scenarios aside), with the flow id it
   * names if any: a file that is empty, unreadable or without an id is still there, so the flow it
   * held is being edited, not removed.
   */
  files: Map<string, string | undefined>;
  diagnostics: Diagnostic[];
  /** How many files of each kind were read (for `check`'s summary). */
  counts: { flows: number; subflows: number };
}

export interface LoadOptions {
  /** Skill groups that exist; when given, a flow naming another group is an error. */
  knownGroups?: ReadonlySet<string>;
  /** Environment variables lookups may read (default: FLOW_… only). */
  flowEnv?: FlowEnvPolicy;
}

export async function listYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export function versionHash(sources: Record<string, string>): string {
  const canonical = JSON.stringify(
    Object.keys(sources)
      .sort()
      .map((k) => [k, sources[k]]),
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Reads every flow and sub-flow file under `dir` (scenario files are left to the test runner). */
export async function loadFlowDir(dir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const texts: Record<string, string> = {};
  const failed: { rel: string; code: string }[] = [];
  for (const f of await listYamlFiles(dir)) {
    const rel = path.relative(dir, f);
    try {
      texts[rel] = await readFile(f, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      // Gone between listing and reading (an editor's rename): it is simply not there.
      if (code !== 'ENOENT') failed.push({ rel, code });
    }
  }
  const result = loadFlowSources(texts, opts, (rel) => path.join(dir, rel));
  for (const { rel, code } of failed) {
    result.diagnostics.push({
      severity: 'error',
      file: path.join(dir, rel),
      line: 1,
      column: 1,
      message: `cannot read the file (${code})`,
    });
    result.unreadable.add(rel);
    result.files.set(rel, undefined);
  }
  return result;
}

/** The same from texts in memory; `display` turns a relative name into what errors show. */
export function loadFlowSources(texts: Record<string, string>, opts: LoadOptions = {}, display = (rel: string) => rel): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const flows: FlowFile[] = [];
  const subflows = new Map<string, SubflowFile>();
  const broken = new Set<string>();
  const seen = new Set<string>();
  const relOf = new Map<SourceFile, string>();
  const firstPath = new Map<string, string>();
  let subflowFiles = 0;
  // Broken files that do not say what they are count as flows (they are in the flows folder).
  let unknownBroken = 0;
  const unreadable = new Set<string>();
  const files = new Map<string, string | undefined>();

  for (const [rel, text] of Object.entries(texts)) {
    const source = new SourceFile(display(rel), text);
    relOf.set(source, rel);
    diagnostics.push(...source.syntaxErrors);
    const { kind, id } = identify(source);
    if (kind === 'scenario') continue;
    if (kind === 'subflow') subflowFiles++;
    if (kind !== 'subflow') files.set(rel, typeof id === 'string' ? id : undefined);
    if (typeof id === 'string') {
      if (kind === 'flow') seen.add(id);
      const key = `${kind}:${id}`;
      if (firstPath.has(key)) {
        diagnostics.push(
          source.diagnostic('error', [kind ?? 'flow'], `${kind} '${id}' is also defined in ${firstPath.get(key)}; ids must be unique`),
        );
        continue;
      }
      firstPath.set(key, source.file);
      if (kind === 'flow' && path.basename(rel).replace(/\.ya?ml$/, '') !== id) {
        diagnostics.push(
          source.diagnostic(
            'warning',
            ['flow'],
            `flow '${id}' is in a file named ${path.basename(rel)}; name the file ${id}.yaml so it is easy to find`,
          ),
        );
      }
    }
    if (source.syntaxErrors.some((d) => d.severity === 'error')) {
      unreadable.add(rel);
      if (typeof id === 'string' && kind === 'subflow') broken.add(id);
      if (kind !== 'flow' && kind !== 'subflow') unknownBroken++;
      continue;
    }
    const r = new Reader(source);
    const model = readFlowFile(source, r, opts.flowEnv);
    if (model && opts.knownGroups) {
      for (const g of model.groupsUsed) {
        if (!opts.knownGroups.has(g.name)) {
          r.error(
            g.path,
            `unknown skill group '${g.name}'${didYouMean(g.name, [...opts.knownGroups])}; known groups: ${[...opts.knownGroups].sort().join(', ') || 'none'} (add it with 'switchboard groups add')`,
          );
        }
      }
    }
    diagnostics.push(...r.diagnostics);
    const failed = !model || r.diagnostics.some((d) => d.severity === 'error');
    if (failed) {
      if (typeof id === 'string' && kind === 'subflow') broken.add(id);
      continue;
    }
    if (model.kind === 'subflow') subflows.set(model.id, model);
    else flows.push(model);
  }

  const versions = new Map<string, FlowVersion>();
  for (const file of flows) {
    const linked = linkFlow(file, subflows, broken);
    diagnostics.push(...linked.diagnostics);
    if (!linked.flow) continue;
    const sources = Object.fromEntries([file.source, ...linked.used].map((s) => [relOf.get(s)!, s.text]));
    versions.set(file.id, { flow: linked.flow, hash: versionHash(sources), file: relOf.get(file.source)!, sources });
  }
  const across = checkAcrossFlows(
    [...versions.values()].map((v) => v.flow),
    flows,
  );
  diagnostics.push(...across.diagnostics);
  for (const id of across.rejected) versions.delete(id);
  return { versions, seen, unreadable, files, diagnostics, counts: { flows: seen.size + unknownBroken, subflows: subflowFiles } };
}

/**
 * What a file defines: from its data, or, when the YAML is broken, from a top-level `flow:` or
 * `subflow:` line, so that a broken file still keeps its flow's previous version serving.
 */
function identify(source: SourceFile): { kind: 'flow' | 'subflow' | 'scenario' | undefined; id?: string } {
  const data = source.data;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const o = data as Record<string, unknown>;
    if ('scenario' in o) return { kind: 'scenario' };
    if ('subflow' in o) return { kind: 'subflow', id: typeof o.subflow === 'string' ? o.subflow : undefined };
    return { kind: 'flow', id: typeof o.flow === 'string' ? o.flow : undefined };
  }
  const m = /^(flow|subflow|scenario):[ \t]*["']?([A-Za-z0-9][\w-]*)/m.exec(source.text);
  return m ? { kind: m[1] as 'flow' | 'subflow' | 'scenario', id: m[2] } : { kind: undefined };
}

/** Numbers and the default flow are shared by all flows; a flow that clashes is not loaded. */
function checkAcrossFlows(loaded: Flow[], files: FlowFile[]): { diagnostics: Diagnostic[]; rejected: Set<string> } {
  const out: Diagnostic[] = [];
  const rejected = new Set<string>();
  const fileOf = (id: string) => files.find((f) => f.id === id)!;
  const owner = new Map<string, string>();
  for (const flow of loaded) {
    flow.numbers.forEach((n, i) => {
      const other = owner.get(n);
      if (other) {
        out.push(
          fileOf(flow.id).source.diagnostic(
            'error',
            ['numbers', i],
            `${n} is also answered by flow '${other}'; a number belongs to one flow`,
          ),
        );
        rejected.add(flow.id);
      } else owner.set(n, flow.id);
    });
  }
  const defaults = loaded.filter((f) => f.isDefault);
  for (const extra of defaults.slice(1)) {
    out.push(
      fileOf(extra.id).source.diagnostic(
        'error',
        ['default'],
        `flow '${defaults[0].id}' is already the default flow; only one flow can be`,
      ),
    );
    rejected.add(extra.id);
  }
  if (loaded.length && defaults.length === 0) {
    out.push(
      fileOf(loaded[0].id).source.diagnostic(
        'warning',
        ['flow'],
        `no flow is marked 'default: true': calls to other numbers will get the fallback`,
      ),
    );
  }
  return { diagnostics: out, rejected };
}
