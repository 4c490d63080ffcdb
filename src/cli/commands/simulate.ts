import { httpLookup } from '../../calls/lookup.js';
import { flowEnvFromEnv } from '../../config.js';
import { parseLocalTime } from '../../flows/hours.js';
import { EngineCall } from '../engine-call.js';
import { flowsDir, loadOneFlow } from '../flows-context.js';
import { playConversation, splitInputs } from '../play.js';

/** `switchboard simulate <flow>`: play a call in the terminal on the same engine as the webhooks. */
export async function simulateCommand(
  flowId: string | undefined,
  opts: { flows?: string; digits?: string; at?: string; from?: string; to?: string },
  out: (l: string) => void,
): Promise<number> {
  if (!flowId) {
    out('usage: switchboard simulate <flow> [--digits 1,2] [--at 2026-12-25T10:00] [--from +15551230000] [--to +18005550100]');
    return 2;
  }
  const cf = await loadOneFlow(flowId, flowsDir(opts.flows), out);
  if (!cf) return 1;
  let at = Date.now();
  if (opts.at) {
    const parsed = parseLocalTime(opts.at, cf.flow.timezone);
    if (parsed === undefined) {
      out(`--at must be a date and time such as 2026-12-25T10:00 (in ${cf.flow.timezone}), found "${opts.at}"`);
      return 2;
    }
    at = parsed;
  }
  const from = opts.from ?? '+15551230000';
  const to = opts.to ?? cf.flow.numbers[0] ?? '+10000000000';
  out(
    `Simulating ${cf.flow.id}@${cf.hash}: ${from} calls ${to} at ${new Date(at).toLocaleString('en-US', { timeZone: cf.flow.timezone })} (${cf.flow.timezone})`,
  );
  const clock = () => (at += 5000);
  const call = await EngineCall.start(cf, from, to, { lookup: httpLookup(flowEnvFromEnv(process.env)), clock });
  const played = await playConversation(call, splitInputs(opts.digits), out);
  return played.failed ? 1 : 0;
}
