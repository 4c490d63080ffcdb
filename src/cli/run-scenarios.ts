import type { Lookup } from '../calls/lookup.js';
import { stateInfo, type CompiledFlow } from '../flows/compile.js';
import type { Diagnostic } from '../flows/diagnostics.js';
import { parseLocalTime } from '../flows/hours.js';
import { flowPaths, pathLabel } from '../flows/paths.js';
import type { Path } from '../flows/source.js';
import { EngineCall } from './engine-call.js';
import type { Scenario, ScenarioStep } from './scenario-file.js';

export interface ScenarioOutcome {
  scenario: Scenario;
  failure?: Diagnostic;
  edges: [string, string][];
}

const quote = (xs: string[]) => (xs.length ? xs.map((x) => `"${x}"`).join(' | ') : 'nothing');

/** Plays one scenario on the engine (no server, no database) and stops at the first mismatch. */
export async function runScenario(s: Scenario, flows: ReadonlyMap<string, CompiledFlow>): Promise<ScenarioOutcome> {
  const fail = (path: Path, message: string): ScenarioOutcome => ({
    scenario: s,
    failure: s.source.diagnostic('error', path, message),
    edges: [],
  });
  const cf = flows.get(s.flow);
  if (!cf) return fail(['flow'], `no loaded flow named '${s.flow}' (it is missing or has errors; run switchboard check)`);
  let clock = s.at ? parseLocalTime(s.at, cf.flow.timezone)! : Date.now();
  const tick = () => (clock += 5000);
  const nameOf = new Map(Object.entries(cf.flow.steps).map(([n, st]) => [st, n]));
  const lookup: Lookup = async (step) => {
    const name = nameOf.get(step) ?? '?';
    return (
      s.lookups[name] ?? {
        ok: false,
        error: `the scenario gives no answer for lookup '${name}' (add lookups: { ${name}: { ok: true, data: … } })`,
      }
    );
  };
  const call = await EngineCall.start(cf, s.caller, s.dialled ?? cf.flow.numbers[0] ?? '+10000000000', {
    lookup,
    clock: tick,
    callSid: 'CA' + 'f'.repeat(32),
  });
  for (const step of s.steps) {
    const problem = await play(call, step);
    if (problem) return { ...fail(step.path, problem), edges: call.edges };
  }
  return { scenario: s, edges: call.edges };
}

async function play(call: EngineCall, step: ScenarioStep): Promise<string | undefined> {
  if ('do' in step) {
    try {
      switch (step.do) {
        case 'press':
          return void (await call.press(step.digits));
        case 'silence':
          return void (await call.silence());
        case 'say':
          return void (await call.speak(step.words, step.confidence));
        case 'hold':
          return void (await call.hold(
            step.seconds,
            step.position === undefined ? undefined : { position: step.position, etaSeconds: step.wait },
          ));
        case 'queue_result':
          return void (await call.queueResult(step.result));
        case 'dial_result':
          return void (await call.dialResult(step.status));
        case 'record':
          return void (await (step.seconds > 0 ? call.record(step.seconds) : call.recordNothing()));
        case 'hang_up':
          return void (await call.hangUp());
        // Routing found an agent for the queued caller; they accept, talk, and hang up first.
        case 'agent_answers':
          return void (await call.agentFound(), await call.agentAnswers(true), await call.endBridge());
        // …or they do not take the call: the caller goes back to their place in the queue.
        case 'agent_misses':
          return void (await call.agentFound(), await call.agentAnswers(false));
      }
    } catch (err) {
      return `cannot ${step.do.replace('_', ' ')}: ${(err as Error).message}`;
    }
  }
  const heard = call.lastHeard.map((h) => h.text);
  switch (step.expect) {
    case 'hear': {
      const match = call.lastHeard.find((h) => h.text.includes(step.text));
      if (!match) return `expected to hear "${step.text}"; heard ${quote(heard)}`;
      if (step.language && match.language !== step.language) return `heard "${step.text}" in ${match.language}, expected ${step.language}`;
      return;
    }
    case 'not_hear':
      return heard.some((h) => h.includes(step.text)) ? `did not expect to hear "${step.text}"; heard ${quote(heard)}` : undefined;
    case 'queued': {
      const q = [...call.effects].reverse().find((e) => e.type === 'enqueue');
      if (call.waiting !== 'queue' || !q || q.type !== 'enqueue')
        return `expected the call to be queued in '${step.group}'; it is ${call.waitingDetail}`;
      if (q.group !== step.group) return `expected the call to be queued in '${step.group}'; it is in '${q.group}'`;
      if (step.priority !== undefined && q.priority !== step.priority)
        return `queued with priority ${q.priority}, expected ${step.priority}`;
      return;
    }
    case 'transferred':
      return call.waiting === 'dial' && call.waitingDetail === `dialling ${step.to}`
        ? undefined
        : `expected a transfer to ${step.to}; the call is ${call.waitingDetail}`;
    case 'recording':
      return call.waiting === 'record' ? undefined : `expected the caller to be leaving a voicemail; the call is ${call.waitingDetail}`;
    case 'ended':
      return call.waiting === 'ended' ? undefined : `expected the call to have ended; it is ${call.waitingDetail}`;
    case 'saved': {
      if (step.what === 'survey') {
        // The latest answer: a call with several questions checks each one as it is answered.
        const last = [...call.effects].reverse().find((e) => e.type === 'survey');
        if (!last || last.type !== 'survey') return `expected a survey answer to be saved; none was`;
        return step.value === undefined || last.score === step.value
          ? undefined
          : `expected survey answer ${step.value} to be saved; the last one saved was ${last.score} (${last.kind} at '${last.step}')`;
      }
      const values = call.effects.flatMap((e) => (e.type === 'recording' ? [e.duration] : []));
      if (!values.length) return `expected a voicemail to be saved; none was`;
      return step.value === undefined || values.includes(step.value)
        ? undefined
        : `expected voicemail ${step.value} to be saved; saved ${values.join(', ')}`;
    }
    case 'variables': {
      const ctx = call.call.context;
      const vars: Record<string, unknown> = { ...ctx.vars, language: ctx.language, caller: ctx.caller, dialled: ctx.dialled };
      const wrong = Object.entries(step.values).filter(([k, v]) => String(vars[k]) !== String(v));
      return wrong.length ? wrong.map(([k, v]) => `expected ${k} = ${v}, found ${vars[k] ?? '(not set)'}`).join('; ') : undefined;
    }
  }
}

export interface Coverage {
  flow: string;
  covered: number;
  total: number;
  missing: string[];
}

/** Which of each flow's paths the scenarios took. */
export function coverage(flows: ReadonlyMap<string, CompiledFlow>, outcomes: ScenarioOutcome[]): Coverage[] {
  return [...flows.values()]
    .filter((cf) => outcomes.some((o) => o.scenario.flow === cf.flow.id))
    .map((cf) => {
      // A queue step's inner states (billing#connecting) count as the step itself.
      const step = (s: string) => stateInfo(cf, s).step;
      const taken = new Set(
        outcomes.filter((o) => o.scenario.flow === cf.flow.id).flatMap((o) => o.edges.map(([a, b]) => `${step(a)}\u0000${step(b)}`)),
      );
      const all = flowPaths(cf.flow);
      const missing = all.filter(([a, b]) => !taken.has(`${a}\u0000${b}`));
      return { flow: cf.flow.id, covered: all.length - missing.length, total: all.length, missing: missing.map(pathLabel) };
    });
}
