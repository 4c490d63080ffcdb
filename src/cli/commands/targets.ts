import * as targets from '../../admin/targets.js';
import type { KpiTargets } from '../../reports/target-status.js';
import type { TargetsPatch } from '../../db/queries/targets.js';
import { InputError, invalidField } from '../../input-error.js';
import { numberOrText, runAdmin, table, UsageError, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

export interface TargetOptions {
  group?: string;
  'service-level'?: string;
  within?: string;
  formula?: string;
  asa?: string;
  'abandon-rate'?: string;
  nps?: string;
  csat?: string;
  json?: boolean;
}

export const TARGETS_USAGE = `usage: switchboard targets set [--group billing] [--service-level 80] [--within 20] [--asa 30] [--abandon-rate 5]
         [--formula offered|answered-and-abandoned|answered-and-long-abandoned] [--nps 30] [--csat 85]
       switchboard targets list [--json]
  Percentages (service level, abandonment, CSAT) in %, --within and --asa in seconds. Without --group:
  the centre's defaults. 'none' clears a target: a group's goes back to the centre's.`;

/** A percentage option (80) as the API's share (0.8); 'none' as null. */
function percent(option: string, raw: string): number | string | null {
  if (raw === 'none') return null;
  const v = numberOrText(raw);
  if (typeof v !== 'number' || v < 0 || v > 100) throw invalidField(`--${option}`, `must be a percentage from 0 to 100 (found '${raw}')`);
  return Math.round(v * 100) / 10000;
}
const plain = (raw: string) => (raw === 'none' ? null : numberOrText(raw));

function patchFrom(o: TargetOptions): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (o['service-level'] !== undefined) p.serviceLevel = percent('service-level', o['service-level']);
  if (o.within !== undefined) p.serviceLevelSeconds = plain(o.within);
  if (o.formula !== undefined) p.serviceLevelFormula = o.formula === 'none' ? null : o.formula;
  if (o.asa !== undefined) p.asaSeconds = plain(o.asa);
  if (o['abandon-rate'] !== undefined) p.abandonRate = percent('abandon-rate', o['abandon-rate']);
  if (o.nps !== undefined) p.nps = plain(o.nps);
  if (o.csat !== undefined) p.csat = percent('csat', o.csat);
  if (!Object.keys(p).length) throw new UsageError(TARGETS_USAGE);
  return p;
}

/** The API's field names in a refusal, as the options a CLI user typed. */
const OPTION_OF: Record<string, string> = {
  serviceLevel: '--service-level',
  serviceLevelSeconds: '--within',
  serviceLevelFormula: '--formula',
  asaSeconds: '--asa',
  abandonRate: '--abandon-rate',
  nps: '--nps',
  csat: '--csat',
};
async function asOptions<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const m = err instanceof InputError && err.kind === 'invalid' ? /^(\w+): (.*)$/.exec(err.message) : null;
    if (m && OPTION_OF[m[1]]) throw invalidField(OPTION_OF[m[1]], m[2]);
    throw err;
  }
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${Math.round(x * 1000) / 10}%`);
const secs = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${x}s`);
/** One line of targets; `own` marks with * what a group set itself (the rest is the centre's). */
function cells(t: KpiTargets, own?: TargetsPatch): string[] {
  const mark = (key: keyof KpiTargets, text: string) => (own && own[key] !== null && own[key] !== undefined ? `${text}*` : text);
  return [
    mark('serviceLevel', `${pct(t.serviceLevel)}`),
    mark('serviceLevelSeconds', secs(t.serviceLevelSeconds)),
    mark('serviceLevelFormula', t.serviceLevelFormula ?? '(setting)'),
    mark('asaSeconds', secs(t.asaSeconds)),
    mark('abandonRate', pct(t.abandonRate)),
    mark('nps', t.nps === null ? '-' : String(t.nps)),
    mark('csat', pct(t.csat)),
  ];
}
const describe = (t: KpiTargets) =>
  `service level ${pct(t.serviceLevel)} within ${t.serviceLevelSeconds}s (${t.serviceLevelFormula ?? 'the SERVICE_LEVEL_FORMULA setting'}), ` +
  `ASA ${secs(t.asaSeconds)}, abandonment ${pct(t.abandonRate)}, NPS ${t.nps ?? '-'}, CSAT ${pct(t.csat)}`;

/** `switchboard targets …`: the KPI targets of the centre and of each group. */
export function targetsCommand(argv: string[], opts: TargetOptions, out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  return runAdmin(out, async () => {
    if (sub === 'set' && rest.length === 0) {
      const patch = patchFrom(opts);
      const by = `cli:${process.env.USER ?? 'unknown'}`;
      if (opts.group === undefined) {
        const view = await asOptions(() => withDatabase((pool) => targets.setCentreTargets(pool, patch, by)));
        return out(`centre targets: ${describe(view.centre.targets)}`);
      }
      const group = opts.group;
      const g = await asOptions(() => withDatabase((pool) => targets.setGroupTargets(pool, group, patch, by)));
      return out(`targets of '${g.group}': ${describe(g.targets)}`);
    }
    if (sub === 'list' && rest.length === 0) {
      const view = await withDatabase((pool) => targets.listTargets(pool));
      if (opts.json) return out(JSON.stringify(view, null, 2));
      const rows = [['(centre)', ...cells(view.centre.targets)], ...view.groups.map((g) => [g.group, ...cells(g.targets, g.own)])];
      table(['GROUP', 'SERVICE LEVEL', 'WITHIN', 'FORMULA', 'ASA', 'ABANDON', 'NPS', 'CSAT'], rows).forEach((l) => out(l));
      return out("* the group's own; the others are the centre's");
    }
    throw new UsageError(TARGETS_USAGE);
  });
}
