import { didYouMean } from './diagnostics.js';
import { DEFAULT_FLOW_ENV } from './flow-env.js';
import { BUILTIN_VARIABLES, HANGUP, type Hours, type Language, type SmsFeedback, type SpeechSettings } from './model.js';
import { readFeedback } from './read-feedback.js';
import { isTimeZone, readHours } from './read-hours.js';
import { checkSpeech, readSpeech } from './read-speech.js';
import { readStep, type FileStep, type StepContext } from './read-steps.js';
import { readMessages, type Messages } from './sentences/read-messages.js';
import { Reader } from './reader.js';
import type { Path, SourceFile } from './source.js';

interface FileBase {
  source: SourceFile;
  id: string;
  languages: Language[];
  start: string;
  steps: Record<string, FileStep>;
  /** Where variables are set and read, for warnings and for the flow's variable list. */
  assigned: Map<string, Path>;
  used: Map<string, Path>;
  hoursUsed: { name: string; path: Path }[];
  groupsUsed: { name: string; path: Path }[];
}

export interface FlowFile extends FileBase {
  kind: 'flow';
  name: string;
  numbers: string[];
  isDefault: boolean;
  voices: Record<Language, string>;
  timezone: string;
  hours: Record<string, Hours>;
  messages: Messages;
  speech?: SpeechSettings;
  feedback?: SmsFeedback;
  labels: Record<string, string>;
}

export interface SubflowFile extends FileBase {
  kind: 'subflow';
  exits: string[];
}

export type FlowSourceFile = FlowFile | SubflowFile;

/** Top-level fields of a flow and a sub-flow file (schema/flow.schema.json lists the same; a test checks it). */
export const FLOW_FIELDS = [
  'flow',
  'name',
  'numbers',
  'default',
  'languages',
  'voices',
  'timezone',
  'hours',
  'messages',
  'speech',
  'start',
  'steps',
  'feedback',
  'labels',
];
export const SUBFLOW_FIELDS = ['subflow', 'name', 'languages', 'exits', 'start', 'steps'];
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z]{2}|-[A-Za-z]{4}|-\d{3})?$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Reads one flow or sub-flow file into its model, with the checks that need only this file:
 * structure, languages, targets, reachability and variables. Returns undefined when it has errors.
 */
export function readFlowFile(source: SourceFile, r = new Reader(source), flowEnv = DEFAULT_FLOW_ENV): FlowSourceFile | undefined {
  const top = r.obj(source.data ?? {}, [], 'a flow file');
  if (!top) return undefined;
  const kind = 'flow' in top ? 'flow' : 'subflow' in top ? 'subflow' : undefined;
  if (!kind) return r.error([], `a flow file starts with 'flow: <id>' (or 'subflow: <id>' for a reusable piece)`);
  r.onlyFields(top, [], kind === 'flow' ? FLOW_FIELDS : SUBFLOW_FIELDS, `a ${kind} file`);
  const id = r.name(top[kind], [kind], kind);

  const languages = readLanguages(r, top.languages);
  const assigned = new Map<string, Path>();
  const used = new Map<string, Path>();
  const ctx: StepContext = {
    languages,
    useVariable: (n, p) => void (used.has(n) || used.set(n, p)),
    assignVariable: (n, p) => void (assigned.has(n) || assigned.set(n, p)),
    targets: [],
    hoursUsed: [],
    groupsUsed: [],
    flowEnv,
  };

  const steps: Record<string, FileStep> = {};
  const stepsObj = r.obj(top.steps, ['steps'], 'steps');
  for (const [name, v] of Object.entries(stepsObj ?? {})) {
    if (name === HANGUP) {
      r.error(['steps', name], `'${HANGUP}' is reserved: it ends the call; rename this step`, true);
      continue;
    }
    if (!r.name(name, ['steps', name], 'step name')) continue;
    const step = readStep(r, name, v, ['steps', name], ctx);
    if (step) steps[name] = step;
  }
  const start = top.start === undefined ? r.error([], `the flow needs 'start': the first step`) : r.name(top.start, ['start'], 'start');

  const exits = kind === 'subflow' ? readExits(r, top.exits) : [];
  checkTargets(r, ctx, stepsObj ?? {}, exits);
  if (start && stepsObj && !(start in stepsObj))
    r.error(['start'], `start names step '${start}', which does not exist${didYouMean(start, Object.keys(stepsObj))}`);
  if (start && stepsObj) checkReachable(r, start, stepsObj, ctx);
  for (const [name, path] of used) {
    // {hours} and {hours.<name>} are the flow's opening hours in words (checked once hours are read).
    if (name === 'hours' || name.startsWith('hours.')) continue;
    if (!assigned.has(name) && !(BUILTIN_VARIABLES as readonly string[]).includes(name) && kind === 'flow') {
      r.warn(
        path,
        `variable '${name}' is never set in this flow, so it is always empty${didYouMean(name, [...assigned.keys(), ...BUILTIN_VARIABLES])}`,
      );
    }
  }
  const base = { source, id: id!, languages, start: start!, steps, assigned, used, hoursUsed: ctx.hoursUsed, groupsUsed: ctx.groupsUsed };
  // Each menu listens with the flow's speech settings under its own: what Twilio refuses is checked on the two together.
  const speech = kind === 'flow' && top.speech !== undefined ? readSpeech(r, top.speech, ['speech']) : undefined;
  if (speech) checkSpeech(r, speech, ['speech']);
  for (const [name, step] of Object.entries(steps)) {
    if (step.kind === 'menu' && step.speech) checkSpeech(r, { ...speech, ...step.speech }, ['steps', name, 'speech']);
  }

  if (kind === 'subflow') {
    for (const e of exits) if (!ctx.targets.some((t) => t.target.goto === e)) r.warn(['exits'], `exit '${e}' is never taken by any step`);
    return r.diagnostics.some((d) => d.severity === 'error') ? undefined : { ...base, kind, exits };
  }

  const numbers: string[] = [];
  (r.list(top.numbers, ['numbers'], 'numbers') ?? []).forEach((n, i) => {
    const s = String(n);
    if (!E164.test(s)) r.error(['numbers', i], `numbers are dialled numbers in E.164 form such as +18005550100, found "${s}"`);
    else numbers.push(s);
  });
  const isDefault = top.default === undefined ? false : r.bool(top.default, ['default'], 'default');
  const voices: Record<string, string> = {};
  const v = r.obj(top.voices ?? {}, ['voices'], 'voices');
  for (const [lang, voice] of Object.entries(v ?? {})) {
    if (!languages.includes(lang))
      r.error(['voices', lang], `'${lang}' is not one of the flow's languages (${languages.join(', ')})`, true);
    const t = r.text(voice, ['voices', lang], `voice for ${lang}`);
    if (t) voices[lang] = t;
  }
  const hours: Record<string, Hours> = {};
  const h = r.obj(top.hours ?? {}, ['hours'], 'hours');
  for (const [name, spec] of Object.entries(h ?? {})) {
    if (!r.name(name, ['hours', name], 'hours name')) continue;
    const read = readHours(r, spec, ['hours', name]);
    if (read) hours[name] = read;
  }
  for (const u of ctx.hoursUsed) {
    if (h && !(u.name in h))
      r.error(u.path, `no business hours named '${u.name}'${didYouMean(u.name, Object.keys(h))}; define them under 'hours:'`);
  }
  checkHoursPlaceholders(r, used, Object.keys(hours));
  const messages = readMessages(r, top.messages, {
    languages,
    assigned,
    hours: Object.keys(hours),
    useVariable: ctx.useVariable,
  });
  let timezone = Object.values(hours)[0]?.timezone ?? 'UTC';
  if (top.timezone !== undefined) {
    const tz = r.text(top.timezone, ['timezone'], 'timezone');
    if (tz && !isTimeZone(tz)) r.error(['timezone'], `unknown time zone '${tz}'; use a name such as America/New_York`);
    else if (tz) timezone = tz;
  }
  const name = top.name === undefined ? id : r.text(top.name, ['name'], 'name');
  const feedback = top.feedback === undefined ? undefined : readFeedback(r, top.feedback, ['feedback'], languages);
  const labels = readLabels(r, top.labels, assigned);
  if (r.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return {
    ...base,
    kind,
    name: name!,
    numbers,
    isDefault: isDefault ?? false,
    voices,
    timezone,
    hours,
    messages,
    ...(speech ? { speech } : {}),
    ...(feedback ? { feedback } : {}),
    labels,
  };
}

/** `labels:` — what the agent's screen pop calls each variable, in the centre's words. */
function readLabels(r: Reader, v: unknown, assigned: Map<string, Path>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, label] of Object.entries(r.obj(v ?? {}, ['labels'], 'labels') ?? {})) {
    const path = ['labels', name];
    const text = r.name(name, path, 'variable name') && r.text(label, path, `the label of ${name}`);
    if (!text) continue;
    // A sub-flow may set it, so this is a warning: a typo here only loses the label.
    if (!assigned.has(name) && !(BUILTIN_VARIABLES as readonly string[]).includes(name))
      r.warn(path, `labels names '${name}', which this flow never sets${didYouMean(name, [...assigned.keys()])}`, true);
    out[name] = text.trim();
  }
  return out;
}

/** `{hours}` needs exactly one set of opening hours; `{hours.<name>}` one that exists. */
function checkHoursPlaceholders(r: Reader, used: Map<string, Path>, hours: string[]): void {
  for (const [name, path] of used) {
    if (name === 'hours' && hours.length !== 1) {
      r.errorWithin(
        path,
        '{hours}',
        hours.length === 0
          ? `{hours} says the flow's opening hours, but it has none under 'hours:'`
          : `{hours} is ambiguous: the flow has several opening hours (${hours.join(', ')}); name one, e.g. {hours.${hours[0]}}`,
      );
    } else if (name.startsWith('hours.') && !hours.includes(name.slice(6))) {
      r.errorWithin(
        path,
        `{${name}}`,
        `no business hours named '${name.slice(6)}'${didYouMean(name.slice(6), hours)}; define them under 'hours:'`,
      );
    }
  }
}

function readLanguages(r: Reader, v: unknown): Language[] {
  if (v === undefined) return ['en-US'];
  const list = r.list(v, ['languages'], 'languages') ?? [];
  const out: Language[] = [];
  list.forEach((l, i) => {
    const s = String(l);
    if (!LANGUAGE_TAG.test(s)) r.error(['languages', i], `'${s}' is not a language code such as en-US or es-MX`);
    else if (out.includes(s)) r.error(['languages', i], `language '${s}' is listed twice`);
    else out.push(s);
  });
  if (list.length === 0) r.error(['languages'], `languages must list at least one language, e.g. [en-US]`);
  return out.length ? out : ['en-US'];
}

function readExits(r: Reader, v: unknown): string[] {
  const list = r.list(v, ['exits'], 'exits') ?? [];
  if (list.length === 0) r.error(['exits'], `a sub-flow needs 'exits': the names of the ways out of it, e.g. [done]`);
  return list.map((e, i) => r.name(e, ['exits', i], 'exit name')).filter((e): e is string => !!e);
}

function checkTargets(r: Reader, ctx: StepContext, steps: Record<string, unknown>, exits: string[]): void {
  const known = [...Object.keys(steps), ...exits, HANGUP];
  for (const { target, path } of ctx.targets) {
    if (!known.includes(target.goto)) {
      r.error(
        path,
        `there is no step named '${target.goto}'${didYouMean(target.goto, known)}; name a step of this ${exits.length ? 'sub-flow, one of its exits' : 'flow'} or '${HANGUP}'`,
      );
    }
  }
  for (const e of exits) if (e in steps) r.error(['exits'], `exit '${e}' has the same name as a step; rename one of them`);
}

function checkReachable(r: Reader, start: string, steps: Record<string, unknown>, ctx: StepContext): void {
  const edges = new Map<string, string[]>();
  for (const t of ctx.targets) edges.set(t.from, [...(edges.get(t.from) ?? []), t.target.goto]);
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length) {
    for (const n of edges.get(todo.pop()!) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(n);
    }
  }
  for (const name of Object.keys(steps)) {
    if (!seen.has(name))
      r.error(['steps', name], `step '${name}' is unreachable: no step leads to it; link it from another step or delete it`, true);
  }
}
