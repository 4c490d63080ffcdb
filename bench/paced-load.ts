// Open-loop load at a fixed rate, as independent calls send webhooks: Poisson arrivals, each on its
// own schedule whether or not earlier ones have answered (latency counts from the scheduled time,
// so a slow server cannot hide its queue). autocannon's overallRate instead fires each connection's
// whole per-second quota at once, then pauses: bursts, not a rate.
// Input (argv[2], a JSON file): { url, seconds, rate, calls: { sids, seqs, digits }, authToken, accountSid, publicBaseUrl }
import { readFileSync } from 'node:fs';
import http from 'node:http';
import twilio from 'twilio';
import { exponential, mulberry32 } from '../src/reports/prng.js';

const o = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const target = new URL(o.url);
const random = mulberry32(42);
const latencies: number[] = [];
let errors = 0;
let next = 0;
const inFlight = new Set<Promise<void>>();

function send(scheduled: number, record: boolean): Promise<void> {
  const i = next++ % o.calls.sids.length;
  const round = Math.floor((next - 1) / o.calls.sids.length);
  const sid = o.calls.sids[i];
  const path = `/voice/gather?seq=${o.calls.seqs[i] + round}`;
  const params = {
    CallSid: sid,
    AccountSid: o.accountSid,
    From: '+15551230000',
    To: '+18005550100',
    CallStatus: 'in-progress',
    Digits: o.calls.digits,
  };
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(o.authToken, o.publicBaseUrl + path, params);
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (!record) return resolve();
          if (res.statusCode !== 200) errors++;
          latencies.push(performance.now() - scheduled);
          resolve();
        });
      },
    );
    req.on('error', () => (record && errors++, resolve()));
    req.end(body);
  });
}

/** Sends at the rate for `seconds`; `record` false is the warm-up (sockets opened, code compiled). */
async function phase(seconds: number, record: boolean): Promise<void> {
  let at = performance.now();
  const end = at + seconds * 1000;
  for (;;) {
    at += exponential(random, 1000 / o.rate);
    if (at >= end) break;
    const wait = at - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p = send(at, record).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
}

await phase(o.warmupSeconds ?? 2, false);
await phase(o.seconds, true);
latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] * 100) / 100;
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    rps: latencies.length / o.seconds,
    non2xx: errors,
    errors: 0,
    latency: { p50: pct(50), p99: pct(99), p999: pct(99.9), max: pct(100) },
  }) + '\n',
);
agent.destroy();
