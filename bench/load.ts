// The load generator, in its own process: autocannon firing signed Twilio webhooks.
// Input (argv[2], a JSON file): { url, seconds, connections, rate?, calls?: { sids, seqs, digits }, authToken, accountSid, publicBaseUrl }
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import twilio from 'twilio';

const o = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const uses = new Map<string, number>();
let next = 0;

const result = await autocannon({
  url: o.url,
  connections: o.connections,
  duration: o.seconds,
  ...(o.rate ? { overallRate: o.rate } : {}),
  requests: [
    {
      method: 'POST',
      path: '/voice/gather?seq=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // Each request is a real next step of some call: the next call in turn, at the seq it has reached.
      setupRequest: (req: autocannon.Request) => {
        if (!o.calls) return { ...req, body: 'CallSid=CA0&Digits=1' };
        const i = next++ % o.calls.sids.length;
        const sid = o.calls.sids[i];
        const seq = o.calls.seqs[i] + (uses.get(sid) ?? 0);
        uses.set(sid, (uses.get(sid) ?? 0) + 1);
        const path = `/voice/gather?seq=${seq}`;
        const params = { CallSid: sid, AccountSid: o.accountSid, From: '+15551230000', To: '+18005550100', CallStatus: 'in-progress', Digits: o.calls.digits };
        const signature = twilio.getExpectedTwilioSignature(o.authToken, o.publicBaseUrl + path, params);
        return { ...req, path, body: new URLSearchParams(params).toString(), headers: { ...(req.headers as Record<string, string>), 'x-twilio-signature': signature } };
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latency: { p50: result.latency.p50, p99: result.latency.p99, p999: result.latency.p99_9, max: result.latency.max },
  }) + '\n',
);
