import { queueStanding } from '../src/routing/lifecycle/index.js';
import { claimOffers } from '../src/routing/lifecycle/index.js';
import type { Pool } from '../src/db/pool.js';
import { spokenWait } from '../src/flows/sentences/spoken.js';
import { exponential, mulberry32 } from '../src/reports/prng.js';
import { asteriskAnnouncedMinutes, asteriskHoldtime } from './asterisk-estimate.js';

/** How far each estimator's announcements were from the real remaining waits. */
export interface EstimateErrors {
  meanAbsolute: number;
  p90Absolute: number;
  bias: number;
}

export interface WaitEstimateFigures {
  calls: number;
  hours: number;
  agents: number;
  load: number;
  announcements: number;
  /** As the callers heard them (ours "about N minutes" / "less than a minute"; Asterisk's minutes). */
  spoken: { ours: EstimateErrors; asterisk: EstimateErrors };
  /** Before rounding to what is said: our seconds; Asterisk's hold time less the wait so far, at least 0. */
  raw: { ours: EstimateErrors; asterisk: EstimateErrors };
}

/**
 * A busy queue (95 % occupancy: waits of minutes, the ones worth announcing), 14 agents, AHT 180 s,
 * Poisson arrivals and exponential handle times, nobody abandons. Routing is the real claim
 * function on a virtual clock, as in the simulated day.
 */
const QUEUE = { agents: 14, ahtSeconds: 180, load: 0.95 * 14 };
const ANNOUNCE_EVERY_MS = 60_000;
const START = Date.UTC(2026, 0, 12);

interface Waiting {
  arrivedMs: number;
  nextAnnounceMs: number;
  said: { atMs: number; ours: number; oursRaw: number; asterisk: number; asteriskRaw: number }[];
}

function errorsOf(errors: number[]): EstimateErrors {
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  // The continuous 90th percentile, as the report's percentile_cont(0.9).
  const at = 0.9 * (abs.length - 1);
  const p90 = abs[Math.floor(at)] + (abs[Math.ceil(at)] - abs[Math.floor(at)]) * (at - Math.floor(at));
  const mean = (xs: number[]) => xs.reduce((t, x) => t + x, 0) / xs.length;
  return { meanAbsolute: mean(abs), p90Absolute: p90, bias: mean(errors) };
}

/**
 * Runs the queue for `hours`; every caller not answered on arrival hears an estimate then and
 * every minute until answered (the group's default announcement interval). At each announcement
 * both estimators speak from the same state: ours is the real standing query of the call path
 * (queueStanding: position, eligible agents, recent handle times), Asterisk's is app_queue's
 * exponentially averaged hold time of the callers answered so far, less what this caller has
 * waited. Each is scored against the caller's real remaining wait, as the wait-estimate report
 * scores ours.
 */
export async function benchWaitEstimates(pool: Pool, hours: number, seed = 20260112): Promise<WaitEstimateFigures> {
  await pool.query(`INSERT INTO skill_groups (name, service_level_seconds, wrap_up_seconds) VALUES ('est', 20, 0) ON CONFLICT DO NOTHING`);
  await pool.query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('est', 'est', '{}', '{}') ON CONFLICT DO NOTHING`,
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  await pool.query(`UPDATE agents SET state = 'offline' WHERE state <> 'offline'`);
  await pool.query(
    `INSERT INTO agents (name, contact_kind, contact, state, state_since)
     SELECT 'Estimate agent ' || i, 'client', 'est-' || i, 'available', $2 FROM generate_series(1, $1) i`,
    [QUEUE.agents, iso(START)],
  );
  const random = mulberry32(seed);
  const arrivalsPerSecond = QUEUE.load / QUEUE.ahtSeconds;
  const ends: { at: number; assignment: number; agent: number; entry: number }[] = [];
  const waiting = new Map<string, Waiting>();
  const spokenErrors = { ours: [] as number[], asterisk: [] as number[] };
  const rawErrors = { ours: [] as number[], asterisk: [] as number[] };
  let holdtime = 0; // Asterisk's q->holdtime: 0 when the queue starts
  let now = START;
  let nextArrival = START + exponential(random, 1000 / arrivalsPerSecond);
  const endMs = START + hours * 3_600_000;
  let calls = 0;

  const claim = async () => {
    if (waiting.size === 0 || ends.length === QUEUE.agents) return;
    for (const c of await claimOffers(pool, 16)) {
      const end = now + exponential(random, QUEUE.ahtSeconds * 1000);
      await pool.query(
        `WITH a AS (UPDATE assignments SET state = 'connected', answered_at = $2 WHERE id = $1)
         UPDATE agents SET state = 'on-call', state_since = $2 WHERE id = $3`,
        [c.assignmentId, iso(now), c.agentId],
      );
      ends.push({ at: end, assignment: c.assignmentId, agent: c.agentId, entry: c.entryId });
      const w = waiting.get(c.callSid)!;
      waiting.delete(c.callSid);
      for (const s of w.said) {
        const actual = (now - s.atMs) / 1000;
        spokenErrors.ours.push(s.ours - actual);
        spokenErrors.asterisk.push(s.asterisk - actual);
        rawErrors.ours.push(s.oursRaw - actual);
        rawErrors.asterisk.push(s.asteriskRaw - actual);
      }
      // Whole seconds, as Asterisk keeps time.
      holdtime = asteriskHoldtime(holdtime, Math.floor((now - w.arrivedMs) / 1000));
    }
  };

  const announce = async (sid: string, w: Waiting) => {
    const standing = await queueStanding(pool, sid);
    if (!standing) throw new Error(`no standing for waiting caller ${sid}`);
    const waited = Math.floor((now - w.arrivedMs) / 1000);
    w.nextAnnounceMs = now + ANNOUNCE_EVERY_MS;
    // Before the group has a handle time we say no estimate ("as soon as an agent is free"): nothing
    // to score, for either estimator.
    if (standing.etaSeconds === null) return;
    const minutes = asteriskAnnouncedMinutes(holdtime, waited);
    w.said.push({
      atMs: now,
      ours: spokenWait(standing.etaSeconds).seconds,
      oursRaw: standing.etaSeconds,
      // No hold time said (0 minutes) is scored as our "less than a minute" is: 30 s.
      asterisk: minutes === 0 ? 30 : minutes * 60,
      asteriskRaw: Math.max(0, holdtime - waited),
    });
  };

  const nextAnnouncement = () => {
    let first: [string, Waiting] | undefined;
    for (const entry of waiting) if (!first || entry[1].nextAnnounceMs < first[1].nextAnnounceMs) first = entry;
    return first;
  };

  while (nextArrival < endMs || ends.length || waiting.size) {
    ends.sort((a, b) => a.at - b.at);
    const due = nextAnnouncement();
    const arrival = nextArrival < endMs ? nextArrival : Infinity;
    const end = ends.length ? ends[0].at : Infinity;
    if (due && due[1].nextAnnounceMs <= Math.min(arrival, end)) {
      now = due[1].nextAnnounceMs;
      await announce(due[0], due[1]);
      continue;
    }
    if (end <= arrival) {
      const e = ends.shift()!;
      now = e.at;
      await pool.query(
        `WITH a AS (UPDATE assignments SET state = 'ended', outcome = 'completed', ended_at = $2, wrap_up_until = $2, wrap_up_ended_at = $2 WHERE id = $1),
              q AS (UPDATE queue_entries SET state = 'completed', state_since = $2, ended_at = $2 WHERE id = $4)
         UPDATE agents SET state = 'available', state_since = $2, lease_until = NULL WHERE id = $3`,
        [e.assignment, iso(now), e.agent, e.entry],
      );
      await claim();
    } else {
      now = nextArrival;
      nextArrival += exponential(random, 1000 / arrivalsPerSecond);
      const sid = 'CA' + (0xe0000000 + calls++).toString(16).padStart(32, '0');
      await pool.query(
        `WITH c AS (INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, started_at)
                    VALUES ($1, 'AC', 'est', 'est', '+15550000000', '+18005550100', 'x', '{}', 1, $2) RETURNING call_sid)
         INSERT INTO queue_entries (call_sid, group_name, step, created_at, first_entered_at, entered_at, state_since)
         SELECT call_sid, 'est', 'est', $2, $2, $2, $2 FROM c`,
        [sid, iso(now)],
      );
      // Announced on arrival only if no agent takes the call at once.
      waiting.set(sid, { arrivedMs: now, nextAnnounceMs: now, said: [] });
      await claim();
    }
  }
  return {
    calls,
    hours,
    agents: QUEUE.agents,
    load: QUEUE.load,
    announcements: spokenErrors.ours.length,
    spoken: { ours: errorsOf(spokenErrors.ours), asterisk: errorsOf(spokenErrors.asterisk) },
    raw: { ours: errorsOf(rawErrors.ours), asterisk: errorsOf(rawErrors.asterisk) },
  };
}
