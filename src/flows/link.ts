import { didYouMean, type Diagnostic } from './diagnostics.js';
import { BUILTIN_VARIABLES, HANGUP, type Flow, type Step, type Target } from './model.js';
import type { FlowFile, SubflowFile } from './read-file.js';
import type { Path, SourceFile } from './source.js';
import { checkSentences } from './sentences/check-sentences.js';
import { isPassThrough, mapTargets, stepTargets } from './targets.js';

/** Where a step of the linked flow was written, for error positions after inlining. */
export type Origins = Record<string, { source: SourceFile; path: Path }>;

export interface LinkResult {
  flow?: Flow;
  /** The sub-flow files inlined, so a version can record every source it was built from. */
  used: SourceFile[];
  origins: Origins;
  diagnostics: Diagnostic[];
}

/**
 * Inlines the sub-flows a flow uses (a `use` step named `survey` turns sub-flow steps into
 * `survey/<step>`), then checks the whole call graph: loops that never wait for the caller and
 * steps from which a call can never end.
 */
export function linkFlow(file: FlowFile, subflows: Map<string, SubflowFile>, broken: ReadonlySet<string> = new Set()): LinkResult {
  const diagnostics: Diagnostic[] = [];
  const origins: Origins = {};
  const used = new Set<SourceFile>();
  const steps: Record<string, Step> = {};
  const variables = new Set<string>([...BUILTIN_VARIABLES, ...file.assigned.keys(), ...file.used.keys()]);

  /** Adds `unit`'s steps under `prefix`; returns the resolved name of its start step. */
  function inline(unit: FlowFile | SubflowFile, prefix: string, resolveExit: (t: Target) => Target | undefined, stack: string[]): boolean {
    let ok = true;
    const localName = (name: string) => prefix + name;
    const resolve = (t: Target): Target => {
      if (t.goto === HANGUP) return t;
      if (unit.kind === 'subflow' && unit.exits.includes(t.goto)) {
        const exit = resolveExit(t);
        return exit ? { goto: exit.goto, ...(exit.set || t.set ? { set: { ...exit.set, ...t.set } } : {}) } : t;
      }
      return { ...t, goto: entryName(unit, prefix, t.goto, subflows) };
    };
    for (const [name, step] of Object.entries(unit.steps)) {
      const path = ['steps', name];
      if (step.kind !== 'use') {
        steps[localName(name)] = mapTargets(step, resolve);
        origins[localName(name)] = { source: unit.source, path };
        continue;
      }
      const err = (message: string, at: Path = [...path, 'use']) => {
        diagnostics.push(unit.source.diagnostic('error', at, message));
        ok = false;
      };
      const sub = subflows.get(step.subflow);
      if (!sub && broken.has(step.subflow)) {
        err(`sub-flow '${step.subflow}' has errors (see above), so flows using it are not loaded`);
        continue;
      }
      if (!sub) {
        err(
          `there is no sub-flow named '${step.subflow}'${didYouMean(step.subflow, [...subflows.keys()])}; sub-flow files start with 'subflow: <name>'`,
        );
        continue;
      }
      if (stack.includes(sub.id)) {
        err(`sub-flow '${sub.id}' uses itself (${[...stack, sub.id].join(' → ')}); a sub-flow cannot loop back into itself`);
        continue;
      }
      const missingLanguages = file.languages.filter((l) => !sub.languages.includes(l));
      if (missingLanguages.length)
        err(`sub-flow '${sub.id}' has no ${missingLanguages.join(', ')} prompts; this flow speaks ${file.languages.join(', ')}`);
      for (const exit of sub.exits)
        if (!(exit in step.exits)) err(`sub-flow '${sub.id}' can leave by '${exit}': add exits: { ${exit}: <step> }`, path);
      for (const exit of Object.keys(step.exits)) {
        if (!sub.exits.includes(exit))
          err(`sub-flow '${sub.id}' has no exit '${exit}'${didYouMean(exit, sub.exits)}; its exits are ${sub.exits.join(', ')}`, [
            ...path,
            'exits',
            exit,
          ]);
      }
      for (const h of sub.hoursUsed) {
        if (!(h.name in file.hours))
          err(`sub-flow '${sub.id}' checks business hours '${h.name}', which this flow does not define under 'hours:'`);
      }
      [...sub.assigned.keys(), ...sub.used.keys()].forEach((v) => variables.add(v));
      if (!ok) continue;
      used.add(sub.source);
      const exitOf = (t: Target) => {
        const mapped = step.exits[t.goto];
        return mapped && resolve(mapped);
      };
      ok = inline(sub, localName(name) + '/', exitOf, [...stack, sub.id]) && ok;
    }
    return ok;
  }

  const inlined = inline(file, '', () => undefined, []);
  if (!inlined) return { origins, diagnostics, used: [] };
  const flow: Flow = {
    id: file.id,
    name: file.name,
    numbers: file.numbers,
    isDefault: file.isDefault,
    languages: file.languages,
    voices: file.voices,
    timezone: file.timezone,
    hours: file.hours,
    ...(file.speech ? { speech: file.speech } : {}),
    start: entryName(file, '', file.start, subflows),
    steps,
    variables: [...variables].sort(),
    ...(Object.keys(file.messages).length ? { messages: file.messages } : {}),
    ...(file.feedback ? { feedback: file.feedback } : {}),
    ...(Object.keys(file.labels).length ? { labels: file.labels } : {}),
  };
  diagnostics.push(...checkGraph(flow, origins), ...checkSentences(flow, file, origins));
  return { flow: diagnostics.some((d) => d.severity === 'error') ? undefined : flow, origins, diagnostics, used: [...used] };
}

/** The resolved name of step `name`: a `use` step stands for its sub-flow's first step. */
function entryName(unit: FlowFile | SubflowFile, prefix: string, name: string, subflows: Map<string, SubflowFile>, depth = 0): string {
  const s = unit.steps[name];
  const sub = s?.kind === 'use' ? subflows.get(s.subflow) : undefined;
  // The depth guard stops a sub-flow that starts by using itself; linking reports that loop.
  return sub && depth < 16 ? entryName(sub, `${prefix}${name}/`, sub.start, subflows, depth + 1) : prefix + name;
}

function checkGraph(flow: Flow, origins: Origins): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (name: string, message: string) => {
    const o = origins[name];
    out.push(o.source.diagnostic('error', o.path, message, true));
  };
  const next = (name: string) =>
    stepTargets(flow.steps[name])
      .map((t) => t.target.goto)
      .filter((g) => g !== HANGUP);

  // A loop made only of pass-through steps would run forever inside one webhook.
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const loop = [...trail.slice(trail.indexOf(name)), name];
      if (!reported.has(name)) {
        reported.add(name);
        at(
          name,
          `steps ${loop.join(' → ')} loop without ever waiting for the caller, so the call would spin forever; put a menu in the loop or end it`,
        );
      }
      return;
    }
    state.set(name, 'visiting');
    for (const n of next(name)) if (isPassThrough(flow.steps[n])) visit(n, [...trail, name]);
    state.set(name, 'done');
  };
  for (const [name, step] of Object.entries(flow.steps)) if (isPassThrough(step)) visit(name, []);

  // From every step the call must be able to end: hang up, or leave us for a queue, transfer or voicemail.
  const ends = new Set(
    Object.entries(flow.steps)
      .filter(([, s]) => s.kind === 'queue' || s.kind === 'transfer' || s.kind === 'voicemail')
      .map(([n]) => n),
  );
  for (const [name, step] of Object.entries(flow.steps)) if (stepTargets(step).some((t) => t.target.goto === HANGUP)) ends.add(name);
  let grew = true;
  while (grew) {
    grew = false;
    for (const name of Object.keys(flow.steps)) {
      if (!ends.has(name) && next(name).some((n) => ends.has(n))) {
        ends.add(name);
        grew = true;
      }
    }
  }
  for (const name of Object.keys(flow.steps)) {
    if (!ends.has(name))
      at(name, `dead end: from step '${name}' the call can never end (no way leads to hangup, a queue, a transfer or voicemail)`);
  }
  return out;
}
