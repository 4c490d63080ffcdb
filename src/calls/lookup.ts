import type { CallContext } from '../flows/call-types.js';
import { expandEnv, type FlowEnvPolicy } from '../flows/flow-env.js';
import type { Step } from '../flows/model.js';

export type LookupStep = Extract<Step, { kind: 'lookup' }>;
export interface LookupAnswer {
  ok: boolean;
  data?: unknown;
  error?: string;
}
/** Asks a flow's data source about the caller. Implementations never throw: failure is an answer. */
export type Lookup = (step: LookupStep, call: { callSid: string; context: CallContext }) => Promise<LookupAnswer>;

/**
 * The HTTP lookup: GET with the caller's details as query parameters, or POST them as JSON.
 * `${NAME}` in the URL or a header is read from the environment at call time (no secrets in flow
 * files), for the variables `flowEnv` lets flows read.
 */
export const httpLookup =
  (flowEnv: FlowEnvPolicy): Lookup =>
  async (step, { callSid, context }) => {
    const details = { caller: context.caller, dialled: context.dialled, call_sid: callSid };
    try {
      const url = new URL(expandEnv(step.url, flowEnv));
      const headers: Record<string, string> = { accept: 'application/json' };
      for (const [k, v] of Object.entries(step.headers)) headers[k] = expandEnv(v, flowEnv);
      let body: string | undefined;
      if (step.method === 'GET') for (const [k, v] of Object.entries(details)) url.searchParams.set(k, v);
      else {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(details);
      }
      const res = await fetch(url, { method: step.method, headers, body, signal: AbortSignal.timeout(step.timeoutMs), redirect: 'follow' });
      if (!res.ok) return { ok: false, error: `HTTP ${res.status}` };
      return { ok: true, data: await res.json() };
    } catch (err) {
      const e = err as Error;
      return { ok: false, error: e.name === 'TimeoutError' ? `no answer within ${step.timeoutMs} ms` : e.message };
    }
  };
