import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { CallEvent } from '../../src/flows/call-types.js';
import { compileFlow, type CompiledFlow } from '../../src/flows/compile.js';
import { formatDiagnostic } from '../../src/flows/diagnostics.js';
import { loadFlowSources, type LoadOptions, type LoadResult } from '../../src/flows/load-dir.js';
import { ringing, stepCall, type CallState, type StepResult } from '../../src/calls/step.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/flows/', import.meta.url));
/** What the repository ships: tests only check that it is valid, never what it says. */
export const SHIPPED_FLOWS = fileURLToPath(new URL('../../flows/', import.meta.url));
/** The tests' own copy of the demo flow (see CENTRE_FLOWS in test/support/server.ts). */
export const CENTRE_FLOWS = fileURLToPath(new URL('../fixtures/flows/centre/', import.meta.url));

function filesUnder(full: string): string[] {
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full)
    .flatMap((f) => filesUnder(path.join(full, f)))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** Reads files or folders (relative to `root`) into the `relative name → text` map the loader takes. */
export function readTexts(root: string, ...entries: string[]): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const entry of entries) {
    for (const file of filesUnder(path.join(root, entry))) texts[path.relative(root, file)] = readFileSync(file, 'utf8');
  }
  return texts;
}

export interface Loaded extends LoadResult {
  /** Every diagnostic as `file:line:column: severity: message`. */
  formatted: string[];
}

export function load(texts: Record<string, string>, opts: LoadOptions = {}): Loaded {
  const result = loadFlowSources(texts, opts);
  return { ...result, formatted: result.diagnostics.map(formatDiagnostic) };
}

/** Loads fixtures from test/fixtures/flows (files or whole folders). */
export const loadFixtures = (opts: LoadOptions, ...entries: string[]): Loaded => load(readTexts(FIXTURES, ...entries), opts);

/** Loads `flowId` from texts, failing the test on any diagnostic, and compiles it. */
export function compiled(texts: Record<string, string>, flowId: string): CompiledFlow {
  const loaded = load(texts);
  expect(loaded.formatted).to.deep.equal([]);
  const version = loaded.versions.get(flowId);
  expect(version, `flow ${flowId} loaded`).to.not.equal(undefined);
  return compileFlow(version!.flow, version!.hash);
}

/** A call driven through the pure engine, one event at a time, remembering the last result. */
export class Call {
  state: CallState;
  last!: StepResult;
  /** JSON size of the persisted call state after each step. */
  sizes: number[] = [];

  constructor(
    readonly cf: CompiledFlow,
    public at: number,
  ) {
    this.state = ringing(cf);
  }

  send(event: CallEvent): StepResult {
    this.last = stepCall(this.cf, this.state, event);
    this.state = this.last.call;
    this.sizes.push(JSON.stringify(this.state).length);
    return this.last;
  }

  start(caller = '+15551230000', dialled = '+18005550100'): StepResult {
    return this.send({ type: 'CALL_STARTED', at: this.at, caller, dialled });
  }
  press(digits: string): StepResult {
    return this.send({ type: 'DIGITS', at: this.at, digits });
  }
  say(speech: string): StepResult {
    return this.send({ type: 'SPEECH', at: this.at, speech });
  }
  silence(): StepResult {
    return this.send({ type: 'NO_INPUT', at: this.at });
  }

  /** The texts said in the last reply, before the wait (not the gather prompt). */
  get heard(): string[] {
    return this.last.reply.utterances.map((u) => ('say' in u ? u.say : 'play' in u ? `play ${u.play}` : `pause ${u.pause}`));
  }

  /** The texts of the prompt the call now waits with (menu, survey, voicemail, hold). */
  get prompt(): string[] {
    const w = this.last.reply.wait;
    return 'prompt' in w ? w.prompt.map((u) => ('say' in u ? u.say : 'play' in u ? `play ${u.play}` : `pause ${u.pause}`)) : [];
  }
}
