import { parseLocalTime } from '../flows/hours.js';
import { DIAL_STATUSES } from '../twilio/call-status.js';
import { describe, isObj, Reader } from '../flows/reader.js';
import type { Path, SourceFile } from '../flows/source.js';

/** One line of a scenario: something the caller does, or something they should hear / get. */
export type ScenarioStep = { path: Path } & (
  | { do: 'press'; digits: string }
  | { do: 'silence' }
  | { do: 'say'; words: string; confidence?: number }
  /** `position` and `wait` (the estimate, s): what the queue tells the hold, so its announcement is heard. */
  | { do: 'hold'; seconds: number; position?: number; wait?: number }
  | { do: 'queue_result'; result: string }
  | { do: 'dial_result'; status: 'completed' | 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled' }
  | { do: 'record'; seconds: number }
  | { do: 'hang_up' }
  | { do: 'agent_answers' }
  | { do: 'agent_misses' }
  | { expect: 'hear'; text: string; language?: string }
  | { expect: 'not_hear'; text: string }
  | { expect: 'queued'; group: string; priority?: number }
  | { expect: 'transferred'; to: string }
  | { expect: 'recording' }
  | { expect: 'ended' }
  | { expect: 'saved'; what: 'survey' | 'voicemail'; value?: number }
  | { expect: 'variables'; values: Record<string, string | number | boolean> }
);

export interface Scenario {
  source: SourceFile;
  name: string;
  flow: string;
  /** Clock text as written; resolved in the flow's time zone when the flow is known. */
  at?: string;
  caller: string;
  dialled?: string;
  lookups: Record<string, { ok: boolean; data?: unknown }>;
  steps: ScenarioStep[];
}

export const SCENARIO_FIELDS = ['scenario', 'flow', 'at', 'caller', 'dialled', 'lookups', 'steps'];
export const LOOKUP_ANSWER_FIELDS = ['ok', 'data'];
export const SAY_FIELDS = ['text', 'confidence'];
export const ACTIONS = [
  'press',
  'silence',
  'say',
  'hold',
  'agent_answers',
  'agent_misses',
  'queue_result',
  'dial_result',
  'record',
  'hang_up',
];
/** `hold: { seconds, position, wait }`: on hold with the queue's position and estimate, so the announcement is heard. */
export const HOLD_FIELDS = ['seconds', 'position', 'wait'];
export const EXPECTATIONS = [
  'hear',
  'not_hear',
  'queued',
  'transferred',
  'recording',
  'ended',
  'survey_saved',
  'voicemail_saved',
  'variables',
];

/** Reads a scenario file (`scenario:` at the top). Problems come back as diagnostics with positions. */
export function readScenario(source: SourceFile, r = new Reader(source)): Scenario | undefined {
  const top = r.obj(source.data, [], 'a scenario file');
  if (!top) return undefined;
  r.onlyFields(top, [], SCENARIO_FIELDS, 'a scenario');
  const name = r.text(top.scenario, ['scenario'], 'scenario (its name)');
  const flow = r.name(top.flow, ['flow'], 'flow');
  const at = top.at === undefined ? undefined : r.text(top.at, ['at'], 'at');
  if (at && parseLocalTime(at, 'UTC') === undefined) r.error(['at'], `at must be a date and time such as 2026-11-23 10:00, found "${at}"`);
  const caller = top.caller === undefined ? '+15551230000' : r.text(top.caller, ['caller'], 'caller');
  const dialled = top.dialled === undefined ? undefined : r.text(top.dialled, ['dialled'], 'dialled');
  const lookups: Scenario['lookups'] = {};
  for (const [step, v] of Object.entries(r.obj(top.lookups ?? {}, ['lookups'], 'lookups') ?? {})) {
    const o = r.obj(v, ['lookups', step], `lookup answer for '${step}'`);
    if (!o) continue;
    r.onlyFields(o, ['lookups', step], LOOKUP_ANSWER_FIELDS, 'a lookup answer');
    lookups[step] = { ok: o.ok === undefined ? true : !!r.bool(o.ok, ['lookups', step, 'ok'], 'ok'), data: o.data };
  }
  const steps: ScenarioStep[] = [];
  (r.list(top.steps, ['steps'], 'steps') ?? []).forEach((item, i) => {
    const s = readStep(r, item, ['steps', i]);
    if (s) steps.push(s);
  });
  if (steps.length === 0) r.error(['steps'], 'a scenario needs steps: what the caller does and what they should hear');
  if (r.diagnostics.some((d) => d.severity === 'error') || !name || !flow || !caller) return undefined;
  return { source, name, flow, ...(at ? { at } : {}), caller, ...(dialled ? { dialled } : {}), lookups, steps };
}

function readStep(r: Reader, item: unknown, path: Path): ScenarioStep | undefined {
  if (typeof item === 'string') {
    const word = item.trim().replace(/ /g, '_');
    if (word === 'silence' || word === 'hang_up' || word === 'agent_answers' || word === 'agent_misses') return { path, do: word };
    if (word === 'hold') return { path, do: 'hold', seconds: 30 };
    if (word === 'recording' || word === 'ended') return { path, expect: word };
    return r.error(path, `'${item}' is not a scenario step; write e.g. '- press: 1', '- silence', '- hear: Welcome', '- queued: billing'`);
  }
  const o = r.obj(item, path, 'a scenario step');
  if (!o) return undefined;
  const keys = Object.keys(o).filter((k) => k !== 'language' && k !== 'priority');
  if (keys.length !== 1) return r.error(path, `a scenario step does one thing: one of ${[...ACTIONS, ...EXPECTATIONS].join(', ')}`);
  const key = keys[0];
  const v = o[key];
  const at = [...path, key];
  switch (key) {
    case 'press': {
      // Keys one after another, spaces between them allowed ("1 0": two keys, then the time-out ends the input).
      const digits = String(v).trim();
      return /^[0-9*#](?: *[0-9*#]){0,31}$/.test(digits)
        ? { path, do: 'press', digits }
        : r.error(at, `press needs keypad keys such as 1, 42# or "1 0", found ${describe(v)}`);
    }
    case 'say': {
      // `say: billing`, or `say: { text: billing, confidence: 0.4 }` for how sure Twilio's recogniser was (0..1).
      if (!isObj(v)) {
        const words = r.text(v, at, 'say');
        return words === undefined ? undefined : { path, do: 'say', words };
      }
      r.onlyFields(v, at, SAY_FIELDS, 'say');
      const words = r.text(v.text, [...at, 'text'], 'say text');
      const c = v.confidence;
      const confidence =
        c === undefined || (typeof c === 'number' && c >= 0 && c <= 1)
          ? (c as number | undefined)
          : r.error([...at, 'confidence'], `confidence is Twilio's, from 0 to 1 (e.g. 0.4); found ${describe(c)}`);
      if (words === undefined || (c !== undefined && confidence === undefined)) return undefined;
      return { path, do: 'say', words, ...(confidence !== undefined ? { confidence } : {}) };
    }
    case 'hold': {
      if (!isObj(v)) {
        const seconds = r.int(v, at, 'hold (seconds)', 1, 3600);
        return seconds === undefined ? undefined : { path, do: 'hold', seconds };
      }
      r.onlyFields(v, at, HOLD_FIELDS, 'a hold step');
      const seconds = v.seconds === undefined ? 30 : r.int(v.seconds, [...at, 'seconds'], 'hold seconds', 1, 3600);
      const position = v.position === undefined ? undefined : r.int(v.position, [...at, 'position'], 'position in line', 1, 10000);
      const wait = v.wait === undefined ? undefined : r.int(v.wait, [...at, 'wait'], 'expected wait (seconds)', 0, 86400);
      if (wait !== undefined && position === undefined)
        r.error([...at, 'wait'], `an expected wait is announced with the position: give 'position' too`);
      return seconds === undefined
        ? undefined
        : { path, do: 'hold', seconds, ...(position ? { position } : {}), ...(wait !== undefined ? { wait } : {}) };
    }
    case 'queue_result': {
      const result = r.text(v, at, 'queue_result');
      return result === undefined ? undefined : { path, do: 'queue_result', result };
    }
    case 'dial_result':
      return (DIAL_STATUSES as readonly string[]).includes(String(v))
        ? { path, do: 'dial_result', status: v as never }
        : r.error(at, `dial_result is one of ${DIAL_STATUSES.join(', ')}`);
    case 'record': {
      const seconds = r.int(v, at, 'record (seconds; 0 for an empty recording)', 0, 3600);
      return seconds === undefined ? undefined : { path, do: 'record', seconds };
    }
    case 'hear':
    case 'not_hear': {
      const text = r.text(v, at, key);
      const language = o.language === undefined ? undefined : r.text(o.language, [...path, 'language'], 'language');
      if (text === undefined) return undefined;
      return key === 'hear' ? { path, expect: 'hear', text, ...(language ? { language } : {}) } : { path, expect: 'not_hear', text };
    }
    case 'queued': {
      const group = r.name(v, at, 'queued (the group)');
      const priority = o.priority === undefined ? undefined : r.int(o.priority, [...path, 'priority'], 'priority', 0, 100);
      return group ? { path, expect: 'queued', group, ...(priority !== undefined ? { priority } : {}) } : undefined;
    }
    case 'transferred': {
      const to = r.text(v, at, 'transferred (the number)');
      return to ? { path, expect: 'transferred', to } : undefined;
    }
    case 'survey_saved': {
      // A score: CSAT 1–9, NPS 0–10; the resolved question's answer as yes or no (stored 1 or 0).
      const yesNo = v === 'yes' ? 1 : v === 'no' ? 0 : undefined;
      const value = v === true ? undefined : (yesNo ?? r.int(v, at, 'survey_saved (a score 0 to 10, yes or no)', 0, 10));
      if (v !== true && value === undefined) return undefined;
      return { path, expect: 'saved', what: 'survey', ...(value !== undefined ? { value } : {}) };
    }
    case 'voicemail_saved': {
      const value = v === true ? undefined : r.int(v, at, key, 0, 3600);
      return { path, expect: 'saved', what: 'voicemail', ...(value !== undefined ? { value } : {}) };
    }
    case 'variables': {
      const values = r.obj(v, at, 'variables');
      return values ? { path, expect: 'variables', values: values as Record<string, string> } : undefined;
    }
    default:
      return r.error(
        [...path, key],
        `unknown scenario step '${key}'; actions: ${ACTIONS.join(', ')}; checks: ${EXPECTATIONS.join(', ')}`,
        true,
      );
  }
}
