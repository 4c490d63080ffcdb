import { assertNever } from '../assert-never.js';
import {
  DEFAULT_HOLD_MUSIC,
  HANGUP,
  type Condition,
  type MenuOption,
  type RetryRule,
  type Scalar,
  type Step,
  type Target,
} from './model.js';
import { readCondition } from './read-condition.js';
import { readSpeech, readWords } from './read-speech.js';
import { readSurvey } from './read-survey.js';
import { readTitle } from './read-title.js';
import { readPrompt, type PromptContext } from './read-prompt.js';
import { readTextStep } from './read-text.js';
import { envReferences, mayRead, refusedMessage, type FlowEnvPolicy } from './flow-env.js';
import { describe, isObj, type Obj, type Reader } from './reader.js';
import type { Path } from './source.js';

/** A step as written in one file: a `use` step still names its sub-flow. */
export type FileStep = Step | { kind: 'use'; subflow: string; exits: Record<string, Target> };

/** What reading steps learns about the file, for the checks that need the whole file. */
export interface StepContext extends PromptContext {
  assignVariable(name: string, path: Path): void;
  targets: { from: string; target: Target; path: Path }[];
  hoursUsed: { name: string; path: Path }[];
  groupsUsed: { name: string; path: Path }[];
  /** Which environment variables lookups may name as `${NAME}`. */
  flowEnv: FlowEnvPolicy;
}

/** Fields of each step kind, of a target, a retry rule and a branch case (mirrored in schema/flow.schema.json). */
export const STEP_FIELDS = {
  say: ['say', 'language', 'voice', 'next'],
  menu: ['menu', 'options', 'repeat_key', 'timeout', 'no_input', 'invalid', 'speech'],
  set: ['set', 'next'],
  branch: ['branch', 'else'],
  lookup: ['lookup', 'method', 'headers', 'timeout', 'save', 'next', 'on_failure'],
  queue: ['queue', 'priority', 'say', 'hold', 'music', 'then', 'on_failure'],
  transfer: ['transfer', 'caller_id', 'timeout', 'say', 'then', 'on_failure'],
  voicemail: ['voicemail', 'max_length', 'finish_on_key', 'then'],
  survey: ['survey', 'kind', 'scale', 'timeout', 'confirm', 'then', 'no_input', 'invalid'],
  text: ['text', 'from', 'say', 'then', 'unavailable'],
  use: ['use', 'exits'],
} as const;
/** Fields every step but `use` may have, whatever it does: `title` names it on the agent's screen pop. */
export const COMMON_STEP_FIELDS = ['title'];
/** The long form of a menu option: a target with the words that choose it and its title. */
export const OPTION_FIELDS = ['goto', 'set', 'words', 'title'];
export const TARGET_FIELDS = ['goto', 'set'];
export const RETRY_FIELDS = ['say', 'attempts', 'then'];
export const BRANCH_CASE_FIELDS = ['if', 'goto', 'set'];
type Kind = keyof typeof STEP_FIELDS;
const KINDS = Object.keys(STEP_FIELDS) as Kind[];

const KEY = /^(?:[0-9*#]{1,8})$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function readStep(r: Reader, name: string, v: unknown, path: Path, ctx: StepContext): FileStep | undefined {
  const o = r.obj(v, path, `step '${name}'`);
  if (!o) return undefined;
  // `say` is a step of its own, and also the prompt field of queue, transfer and text steps.
  const kinds = KINDS.filter((k) => k in o && !(k === 'say' && ('queue' in o || 'transfer' in o || 'text' in o)));
  if (kinds.length !== 1) {
    return r.error(
      path,
      kinds.length === 0
        ? `step '${name}' does not say what it does: give it one of ${KINDS.join(', ')}`
        : `step '${name}' has ${kinds.join(' and ')}: a step does one thing; split it into steps`,
      true,
    );
  }
  const kind = kinds[0];
  // A `use` step is replaced by the sub-flow's steps, which have their own titles.
  r.onlyFields(o, path, kind === 'use' ? STEP_FIELDS.use : [...STEP_FIELDS[kind], ...COMMON_STEP_FIELDS], `a ${kind} step`);
  const title = o.title === undefined || kind === 'use' ? undefined : readTitle(r, o.title, [...path, 'title'], ctx.languages);
  const step = new StepReader(r, name, o, path, ctx).read(kind);
  if (kind !== 'use' && o.title !== undefined && !title) return undefined;
  return step && step.kind !== 'use' && title ? { ...step, title } : step;
}

/** Reads one step's fields; its helpers are shared with the step readers in their own files (read-survey.ts). */
export class StepReader {
  constructor(
    readonly r: Reader,
    readonly name: string,
    readonly o: Obj,
    readonly path: Path,
    readonly ctx: StepContext,
  ) {}

  read(kind: Kind): FileStep | undefined {
    switch (kind) {
      case 'say': {
        const prompt = readPrompt(this.r, { say: this.o.say, language: this.o.language, voice: this.o.voice }, this.path, this.ctx);
        const next = this.target('next', 'where the call goes after this is said');
        return prompt && next && { kind, prompt, next };
      }
      case 'menu':
        return this.menu();
      case 'set': {
        const values = this.values(this.o.set, [...this.path, 'set']);
        const next = this.target('next', 'where the call goes next');
        return values && next && { kind, values, next };
      }
      case 'branch':
        return this.branch();
      case 'lookup':
        return this.lookup();
      case 'queue':
        return this.queue();
      case 'transfer':
        return this.transfer();
      case 'voicemail': {
        const prompt = this.prompt('voicemail');
        const maxLength =
          this.o.max_length === undefined ? 120 : this.r.int(this.o.max_length, this.at('max_length'), 'max_length (seconds)', 1, 3600);
        const finishOnKey = this.o.finish_on_key === undefined ? '#' : this.key(this.o.finish_on_key, this.at('finish_on_key'));
        const then = this.target('then', 'where the call goes after the message is recorded');
        return prompt && maxLength !== undefined && finishOnKey !== undefined && then
          ? { kind, prompt, maxLength, finishOnKey, then }
          : undefined;
      }
      case 'survey':
        return readSurvey(this);
      case 'text':
        return readTextStep(this);
      case 'use': {
        const subflow = this.r.name(this.o.use, this.at('use'), 'use (the sub-flow name)');
        const exits: Record<string, Target> = {};
        const e = this.r.obj(this.o.exits ?? {}, this.at('exits'), 'exits');
        for (const [exit, t] of Object.entries(e ?? {})) {
          const target = this.readTarget(t, [...this.path, 'exits', exit]);
          if (target) exits[exit] = target;
        }
        return subflow && e ? { kind, subflow, exits } : undefined;
      }
      default:
        return assertNever(kind, 'step kind');
    }
  }

  at(field: string): Path {
    return [...this.path, field];
  }

  prompt(field: string): ReturnType<typeof readPrompt> {
    return readPrompt(this.r, this.o[field], this.at(field), this.ctx);
  }

  seconds(field: string, dflt: number): number | undefined {
    if (this.o[field] === undefined) return dflt;
    return this.r.int(this.o[field], this.at(field), `${field} (seconds)`, 1, 60);
  }

  private key(v: unknown, path: Path): string | undefined {
    const k = typeof v === 'number' ? String(v) : v;
    if (typeof k !== 'string' || !KEY.test(k))
      return this.r.error(path, `a key must be digits, * or # (e.g. "1", "*", "42"), found ${describe(v)}`);
    return k;
  }

  /** A required target field; a missing one is a dead end. */
  target(field: string, purpose: string): Target | undefined {
    if (this.o[field] === undefined) {
      return this.r.error(this.path, `dead end: step '${this.name}' needs '${field}': ${purpose} (a step name, or 'hangup')`, true);
    }
    return this.readTarget(this.o[field], this.at(field));
  }

  readTarget(v: unknown, path: Path): Target | undefined {
    let target: Target | undefined;
    if (typeof v === 'string') {
      const goto = this.r.name(v, path, 'target step');
      target = goto ? { goto } : undefined;
    } else if (isObj(v)) {
      this.r.onlyFields(v, path, TARGET_FIELDS, 'a target');
      const goto =
        v.goto === undefined
          ? this.r.error(path, `a target needs 'goto': the step to go to`)
          : this.r.name(v.goto, [...path, 'goto'], 'goto');
      const set = v.set === undefined ? {} : this.values(v.set, [...path, 'set']);
      target = goto && set ? { goto, ...(Object.keys(set).length ? { set } : {}) } : undefined;
      if (target) path = [...path, 'goto'];
    } else {
      return this.r.error(path, `a target must be a step name (or 'hangup'), or { goto: step, set: { … } }; found ${describe(v)}`);
    }
    if (target) this.ctx.targets.push({ from: this.name, target, path });
    return target;
  }

  private values(v: unknown, path: Path): Record<string, Scalar> | undefined {
    const o = this.r.obj(v, path, 'set');
    if (!o) return undefined;
    const out: Record<string, Scalar> = {};
    for (const [k, val] of Object.entries(o)) {
      const p = [...path, k];
      if (!this.r.name(k, p, 'variable name')) continue;
      if (k === 'caller' || k === 'dialled') {
        this.r.error(p, `'${k}' is set by the call itself and cannot be changed`, true);
        continue;
      }
      if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') {
        this.r.error(p, `a variable holds a text, number or true/false, found ${describe(val)}`);
        continue;
      }
      if (k === 'language' && !this.ctx.languages.includes(String(val))) {
        this.r.error(p, `language must be one of the flow's languages (${this.ctx.languages.join(', ')}), found "${val}"`);
        continue;
      }
      this.ctx.assignVariable(k, p);
      out[k] = val;
    }
    return out;
  }

  retry(field: 'no_input' | 'invalid', required: boolean): RetryRule | undefined {
    const v = this.o[field];
    if (v === undefined) {
      if (required) {
        this.r.error(
          this.path,
          `step '${this.name}' has no no_input path: add no_input: { attempts: 3, then: <step> } for callers who press nothing`,
          true,
        );
      }
      return undefined;
    }
    const path = this.at(field);
    const o = this.r.obj(v, path, field);
    if (!o) return undefined;
    this.r.onlyFields(o, path, RETRY_FIELDS, field);
    const say = readPrompt(this.r, o.say, [...path, 'say'], this.ctx);
    const attempts = o.attempts === undefined ? 3 : this.r.int(o.attempts, [...path, 'attempts'], 'attempts', 1, 10);
    const then =
      o.then === undefined
        ? this.r.error(path, `${field} needs 'then': where the call goes after the last attempt`)
        : this.readTarget(o.then, [...path, 'then']);
    return say && attempts !== undefined && then ? { say, attempts, then } : undefined;
  }

  private menu(): Step | undefined {
    const prompt = this.prompt('menu');
    const options: MenuOption[] = [];
    const opts = this.r.obj(this.o.options, this.at('options'), `options of menu '${this.name}'`);
    for (const [k, v] of Object.entries(opts ?? {})) {
      const p = [...this.path, 'options', k];
      const key = this.key(k, p);
      let words: Pick<MenuOption, 'words' | 'wordsIn'> = { words: [] };
      let title: MenuOption['title'];
      let target: Target | undefined;
      if (isObj(v)) {
        this.r.onlyFields(v, p, OPTION_FIELDS, 'a menu option');
        if (v.words !== undefined) words = readWords(this.r, v.words, [...p, 'words'], this.ctx.languages);
        if (v.title !== undefined) title = readTitle(this.r, v.title, [...p, 'title'], this.ctx.languages);
        const goto = { goto: v.goto, ...(v.set === undefined ? {} : { set: v.set }) };
        target = v.title !== undefined && !title ? undefined : this.readTarget(goto, p);
      } else target = this.readTarget(v, p);
      if (key && target) options.push({ key, ...words, ...(title ? { title } : {}), target });
    }
    if (opts && options.length === 0 && Object.keys(opts).length === 0)
      this.r.error(this.at('options'), `menu '${this.name}' has no options`);
    const repeatKey = this.o.repeat_key === undefined ? undefined : this.key(this.o.repeat_key, this.at('repeat_key'));
    if (repeatKey && options.some((o) => o.key === repeatKey)) {
      this.r.error(this.at('repeat_key'), `key ${repeatKey} is both an option and the repeat key`);
    }
    const lengths = new Set([...options.map((o) => o.key.length), ...(repeatKey ? [repeatKey.length] : [])]);
    if (lengths.size > 1 && options.some((o) => o.key.includes('#'))) {
      this.r.error(this.at('options'), `keys of different lengths are ended with #, so # cannot be an option here`);
    }
    const timeout = this.seconds('timeout', 5);
    const noInput = this.retry('no_input', true);
    let invalid = this.retry('invalid', false);
    if (!invalid && noInput) {
      this.r.warn(
        this.path,
        `menu '${this.name}' has no invalid: section; wrong keys will repeat the menu and, after ${noInput.attempts}, go where no_input goes`,
        true,
      );
      invalid = { ...noInput, say: [] };
    }
    const speech = this.o.speech === undefined ? undefined : readSpeech(this.r, this.o.speech, this.at('speech'));
    const listens = options.some((o) => o.words.length || Object.values(o.wordsIn ?? {}).some((w) => w.length));
    if (speech && !listens)
      this.r.warn(this.at('speech'), `menu '${this.name}' has speech settings but no option has words, so it only takes keys`, true);
    if (!prompt || !opts || !timeout || !noInput || !invalid || options.length !== Object.keys(opts).length) return undefined;
    if (this.o.speech !== undefined && !speech) return undefined;
    return { kind: 'menu', prompt, options, ...(repeatKey ? { repeatKey } : {}), timeout, noInput, invalid, ...(speech ? { speech } : {}) };
  }

  private branch(): Step | undefined {
    const cases: { when: Condition; target: Target }[] = [];
    const list = this.r.list(this.o.branch, this.at('branch'), 'branch') ?? [];
    let ok =
      list.length > 0 || this.r.error(this.at('branch'), `branch needs at least one case: - if: <condition>, goto: <step>`) !== undefined;
    list.forEach((c, i) => {
      const p = [...this.path, 'branch', i];
      const o = this.r.obj(c, p, 'a branch case');
      if (!o) {
        ok = false;
        return;
      }
      this.r.onlyFields(o, p, BRANCH_CASE_FIELDS, 'a branch case');
      const when =
        o.if === undefined
          ? this.r.error(p, `a branch case needs 'if': the condition`)
          : readCondition(this.r, o.if, [...p, 'if'], this.ctx);
      const target = this.readTarget({ goto: o.goto, ...(o.set ? { set: o.set } : {}) }, p);
      if (when && target) cases.push({ when, target });
      else ok = false;
    });
    const otherwise = this.target('else', 'where the call goes when no case matches');
    return ok && otherwise ? { kind: 'branch', cases, otherwise } : undefined;
  }

  private lookup(): Step | undefined {
    const url = this.r.text(this.o.lookup, this.at('lookup'), 'lookup (the URL to ask)');
    if (url && !/^(https?:\/\/|\$\{[A-Z0-9_]+\})/.test(url)) {
      this.r.error(this.at('lookup'), `lookup needs an http(s) URL (it may start with \${ENV_VAR}), found "${url}"`);
    }
    const method = this.o.method === undefined ? 'GET' : String(this.o.method).toUpperCase();
    if (method !== 'GET' && method !== 'POST') this.r.error(this.at('method'), `method must be GET or POST, found "${this.o.method}"`);
    const timeoutMs = this.o.timeout === undefined ? 2000 : this.r.durationMs(this.o.timeout, this.at('timeout'), 'timeout', 5000);
    const save: Record<string, string> = {};
    const s = this.r.obj(this.o.save ?? {}, this.at('save'), 'save');
    for (const [k, v] of Object.entries(s ?? {})) {
      const p = [...this.path, 'save', k];
      const field = this.r.text(v, p, 'the field to save (e.g. customer.tier)');
      if (this.r.name(k, p, 'variable name') && field) {
        this.ctx.assignVariable(k, p);
        save[k] = field;
      }
    }
    const headers = this.r.obj(this.o.headers ?? {}, this.at('headers'), 'headers');
    const checkEnv = (text: string, path: Path, where: string) => {
      for (const name of envReferences(text)) {
        if (!mayRead(name, this.ctx.flowEnv)) this.r.errorWithin(path, `\${${name}}`, refusedMessage(name, where));
      }
    };
    if (url) checkEnv(url, this.at('lookup'), 'the lookup URL');
    for (const [k, v] of Object.entries(headers ?? {})) checkEnv(String(v), [...this.path, 'headers', k], `header '${k}'`);
    const next = this.target('next', 'where the call goes after a successful lookup');
    const onFailure = this.target('on_failure', 'where the call goes when the lookup fails or times out');
    return url && timeoutMs && s && next && onFailure
      ? {
          kind: 'lookup',
          url,
          method: method as 'GET' | 'POST',
          headers: Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)])),
          timeoutMs,
          save,
          next,
          onFailure,
        }
      : undefined;
  }

  private queue(): Step | undefined {
    const group = this.r.name(this.o.queue, this.at('queue'), 'queue (the skill group)');
    if (group) this.ctx.groupsUsed.push({ name: group, path: this.at('queue') });
    let priority: number | string | undefined = 0;
    if (typeof this.o.priority === 'string' && /^\{[\w.-]+\}$/.test(this.o.priority)) {
      priority = this.o.priority;
      this.ctx.useVariable(this.o.priority.slice(1, -1), this.at('priority'));
    } else if (this.o.priority !== undefined) priority = this.r.int(this.o.priority, this.at('priority'), 'priority', 0, 100);
    const prompt = this.prompt('say');
    const hold = this.prompt('hold');
    const music = this.o.music === undefined ? DEFAULT_HOLD_MUSIC : this.r.text(this.o.music, this.at('music'), 'music');
    if (music && !/^https?:\/\/\S+$/.test(music)) this.r.error(this.at('music'), `music needs an http(s) URL, found "${music}"`);
    const then = this.target('then', 'where the caller goes when the agent hangs up first (e.g. a survey)');
    const onFailure = this.target('on_failure', 'where the caller goes if the queue is full or fails');
    return group && priority !== undefined && prompt && hold && music && then && onFailure
      ? { kind: 'queue', group, priority, prompt, hold, music, then, onFailure }
      : undefined;
  }

  private transfer(): Step | undefined {
    const to = this.r.text(this.o.transfer, this.at('transfer'), 'transfer (the number to dial)');
    if (to && !E164.test(to))
      this.r.error(this.at('transfer'), `transfer needs a number in E.164 form such as +15551234567, found "${to}"`);
    const callerId = this.o.caller_id === undefined ? undefined : this.r.text(this.o.caller_id, this.at('caller_id'), 'caller_id');
    if (callerId && !E164.test(callerId)) this.r.error(this.at('caller_id'), `caller_id must be an E.164 number, found "${callerId}"`);
    const timeout = this.o.timeout === undefined ? 30 : this.r.int(this.o.timeout, this.at('timeout'), 'timeout (seconds)', 5, 600);
    const prompt = this.prompt('say');
    const then = this.target('then', 'where the caller goes when the transferred call ends and they are still on the line');
    const onFailure = this.target('on_failure', 'where the caller goes when nobody answers');
    return to && E164.test(to) && timeout && prompt && then && onFailure
      ? { kind: 'transfer', to, timeout, ...(callerId ? { callerId } : {}), prompt, then, onFailure }
      : undefined;
  }
}

export const isHangup = (t: Target): boolean => t.goto === HANGUP;
