import type { Pool } from '../db/pool.js';
import { findGroup } from '../db/queries/groups.js';
import {
  forecastHistory,
  forecastSlots,
  forecastStaffing,
  type ForecastHistoryRow,
  type ForecastSlot,
  type ForecastStaffing,
} from '../db/queries/forecast-history.js';
import { InputError } from '../input-error.js';
import type { ForecastParams } from './forecast-params.js';
import { erlangAAgents, erlangCAgents, type ErlangAStaffing, type ErlangCStaffing } from './forecast-staffing.js';
import { isoWithOffset } from './time-input.js';

/** The handle time assumed with no handled call in the history: this much talk plus the group's wrap-up. */
export const DEFAULT_TALK_SECONDS = 180;

export interface ForecastRow {
  start: string;
  /** Calls expected: the mean of the same interval on the past same weekdays that had calls. */
  calls: number;
  ahtSeconds: number;
  /** Erlangs: calls per second × AHT. */
  load: number;
  erlangC: ErlangCStaffing;
  /** Null when the history has no abandonment to estimate patience from. */
  erlangA: ErlangAStaffing | null;
  /**
   * Agents staffed (there are no shift schedules): for an interval that has begun, the mean number
   * logged in during it who fit the group (`logged-in`); for one to come, those logged in now (`now`).
   */
  staffed: { agents: number; from: 'logged-in' | 'now' };
  /** Staffed − needed (Erlang A's agents when there is an Erlang A, else Erlang C's): below 0 is short. */
  gap: { agents: number; against: 'erlang-a' | 'erlang-c' };
}

export interface Forecast {
  group: string;
  date: string;
  timezone: string;
  interval: number;
  target: number;
  serviceLevelSeconds: number;
  history: {
    weeks: number;
    /** The past same weekdays that had calls offered to the group: the ones averaged. */
    daysWithData: string[];
    intervalsWithData: number;
    offered: number;
    abandoned: number;
    handled: number;
    ahtSeconds: number;
    ahtFrom: 'history' | 'default';
    patienceSeconds: number | null;
  };
  /** What the forecast had to assume, in words (little or no history). */
  notes: string[];
  rows: ForecastRow[];
  totals: {
    calls: number;
    erlangC: { peakAgents: number; agentHours: number };
    erlangA: { peakAgents: number; agentHours: number } | null;
  };
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const sum = (rows: ForecastHistoryRow[], key: 'offered' | 'abandoned' | 'waitedSeconds' | 'handled' | 'handleSeconds') =>
  rows.reduce((total, r) => total + r[key], 0);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The forecast from the history, pure: arrivals per interval are the mean over the past same
 * weekdays that had any call (a day with none is taken as no data, e.g. before the centre
 * opened, not as a quiet day); AHT is the interval's own over those days, else the whole history's,
 * else the default; patience is one estimate over the whole history (abandoned ÷ seconds waited,
 * the maximum-likelihood estimate for exponential patience with answered waits as censored).
 * `staffedAgents` is who was and is logged in (the day's begun intervals, and now), set beside the need.
 */
export function forecastFrom(
  p: ForecastParams,
  group: { serviceLevelSeconds: number; wrapUpSeconds: number },
  history: ForecastHistoryRow[],
  slots: ForecastSlot[],
  staffedAgents: ForecastStaffing = { begun: [], now: 0 },
): Forecast {
  const intervalSeconds = p.intervalMinutes * 60;
  const weeksWithData = [...new Set(history.filter((r) => r.offered > 0).map((r) => r.weeksAgo))].sort((a, b) => a - b);
  const used = history.filter((r) => weeksWithData.includes(r.weeksAgo));
  const handled = sum(used, 'handled');
  const defaultAht = DEFAULT_TALK_SECONDS + group.wrapUpSeconds;
  const aht = handled > 0 ? sum(used, 'handleSeconds') / handled : defaultAht;
  const abandoned = sum(used, 'abandoned');
  const waited = sum(used, 'waitedSeconds');
  const patience = abandoned > 0 && waited > 0 ? waited / abandoned : null;
  const day = weekday(p.date);
  const notes: string[] = [];
  if (weeksWithData.length === 0)
    notes.push(`no calls offered on the ${p.weeks} ${day}s before ${p.date}: every interval forecasts 0 calls`);
  else if (weeksWithData.length < p.weeks)
    notes.push(`only ${weeksWithData.length} of the ${p.weeks} ${day}s before ${p.date} had calls: the forecast averages those`);
  if (handled === 0)
    notes.push(
      `no handled calls in the history: AHT is the default ${DEFAULT_TALK_SECONDS} s of talk + the group's ${group.wrapUpSeconds} s wrap-up`,
    );
  if (patience === null && weeksWithData.length > 0)
    notes.push('no abandoned calls in the history: patience cannot be estimated, so there is no Erlang A');

  const rows = slots.map((s): ForecastRow => {
    const inSlot = used.filter((r) => r.slot === s.slot);
    const calls = weeksWithData.length ? sum(inSlot, 'offered') / weeksWithData.length : 0;
    const slotHandled = sum(inSlot, 'handled');
    const ahtSeconds = slotHandled > 0 ? sum(inSlot, 'handleSeconds') / slotHandled : aht;
    const demand = { calls, intervalSeconds, ahtSeconds, thresholdSeconds: group.serviceLevelSeconds, target: p.target };
    const c = erlangCAgents(demand);
    const a = patience === null ? null : erlangAAgents(demand, patience);
    const sl = (x: number | null) => (x === null ? null : round(x, 4));
    const begun = staffedAgents.begun.find((b) => b.start.getTime() === new Date(s.start).getTime());
    const staffed = begun ? { agents: begun.staffed, from: 'logged-in' as const } : { agents: staffedAgents.now, from: 'now' as const };
    const needed = a ? { agents: a.agents, against: 'erlang-a' as const } : { agents: c.agents, against: 'erlang-c' as const };
    return {
      start: isoWithOffset(s.startLocal, s.startOffset),
      calls: round(calls, 2),
      ahtSeconds: round(ahtSeconds, 3),
      load: round((calls / intervalSeconds) * ahtSeconds, 3),
      erlangC: { agents: c.agents, serviceLevel: sl(c.serviceLevel) },
      erlangA: a && { agents: a.agents, serviceLevel: sl(a.serviceLevel), abandonment: sl(a.abandonment) },
      staffed,
      gap: { agents: round(staffed.agents - needed.agents, 2), against: needed.against },
    };
  });
  const staffing = (agents: number[]) => ({
    peakAgents: Math.max(0, ...agents),
    agentHours: round((agents.reduce((t, n) => t + n, 0) * p.intervalMinutes) / 60, 2),
  });
  return {
    group: p.group,
    date: p.date,
    timezone: p.timezone,
    interval: p.intervalMinutes,
    target: p.target,
    serviceLevelSeconds: group.serviceLevelSeconds,
    history: {
      weeks: p.weeks,
      daysWithData: weeksWithData.map((k) => daysBefore(p.date, 7 * k)),
      intervalsWithData: used.filter((r) => r.offered > 0).length,
      offered: sum(used, 'offered'),
      abandoned,
      handled,
      ahtSeconds: round(aht, 3),
      ahtFrom: handled > 0 ? 'history' : 'default',
      patienceSeconds: patience === null ? null : round(patience, 3),
    },
    notes,
    rows,
    totals: {
      calls: round(
        rows.reduce((t, r) => t + r.calls, 0),
        2,
      ),
      erlangC: staffing(rows.map((r) => r.erlangC.agents)),
      erlangA: patience === null ? null : staffing(rows.map((r) => (r.erlangA as ErlangAStaffing).agents)),
    },
  };
}

/** Reads the group and its history and forecasts its day; an unknown group is a 404. */
export async function buildForecast(pool: Pool, p: ForecastParams): Promise<Forecast> {
  const group = await findGroup(pool, p.group);
  if (!group) throw new InputError('not-found', `group: no skill group named '${p.group}'`);
  const stepSeconds = p.intervalMinutes * 60;
  const day = { date: p.date, timezone: p.timezone, stepSeconds };
  const [history, slots, staffing] = await Promise.all([
    forecastHistory(pool, { ...day, weeks: p.weeks, group: p.group }),
    forecastSlots(pool, day),
    forecastStaffing(pool, { ...day, group: p.group }),
  ]);
  return forecastFrom(p, group, history, slots, staffing);
}
