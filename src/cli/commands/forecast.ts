import { buildForecast, type Forecast } from '../../reports/forecast.js';
import { parseForecastQuery } from '../../reports/forecast-params.js';
import { runAdmin, table, UsageError, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

export interface ForecastOptions {
  group?: string;
  date?: string;
  interval?: string;
  weeks?: string;
  target?: string;
  timezone?: string;
  json?: boolean;
}

const USAGE =
  'usage: switchboard forecast --group <name> --date 2026-12-07 [--interval 15|30|60] [--weeks 4] [--target 0.8] [--timezone UTC] [--json]';

const percent = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);

/** The forecast as the terminal shows it: what it used, then one line per interval. */
function print(f: Forecast, out: Out): void {
  const h = f.history;
  out(`${f.group} on ${f.date} (${f.timezone}), ${f.interval}-minute intervals, target ${percent(f.target)} in ${f.serviceLevelSeconds} s`);
  out(
    `history: ${h.daysWithData.length} of ${h.weeks} past same weekdays with calls${h.daysWithData.length ? ` (${h.daysWithData.join(', ')})` : ''}, ` +
      `${h.intervalsWithData} intervals with calls, ${h.offered} offered, ${h.abandoned} abandoned; ` +
      `AHT ${h.ahtSeconds} s (${h.ahtFrom}); patience ${h.patienceSeconds === null ? '-' : `${h.patienceSeconds} s`}`,
  );
  for (const note of f.notes) out(`note: ${note}`);
  table(
    ['START', 'CALLS', 'AHT', 'LOAD', 'ERLANG C', 'SL C', 'ERLANG A', 'SL A', 'ABANDON A'],
    f.rows.map((r) => [
      r.start.slice(11, 16),
      String(r.calls),
      String(r.ahtSeconds),
      String(r.load),
      String(r.erlangC.agents),
      percent(r.erlangC.serviceLevel),
      r.erlangA ? String(r.erlangA.agents) : '-',
      percent(r.erlangA?.serviceLevel),
      percent(r.erlangA?.abandonment),
    ]),
  ).forEach((l) => out(l));
  const a = f.totals.erlangA;
  out(
    `total: ${f.totals.calls} calls; Erlang C peak ${f.totals.erlangC.peakAgents} agents, ${f.totals.erlangC.agentHours} agent-hours` +
      (a ? `; Erlang A peak ${a.peakAgents} agents, ${a.agentHours} agent-hours` : ''),
  );
}

/** `switchboard forecast …`: agents needed per interval of a group's coming day (as GET /api/forecast). */
export function forecastCommand(argv: string[], opts: ForecastOptions, out: Out): Promise<number> {
  return runAdmin(out, async () => {
    if (argv.length || !opts.group || !opts.date) throw new UsageError(USAGE);
    const keys = ['group', 'date', 'interval', 'weeks', 'target', 'timezone'] as const;
    const given = Object.fromEntries(keys.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]));
    const params = parseForecastQuery(given, process.env.CENTRE_TIMEZONE || 'UTC');
    const forecast = await withDatabase((pool) => buildForecast(pool, params));
    if (opts.json) return out(JSON.stringify(forecast, null, 2));
    print(forecast, out);
  });
}
