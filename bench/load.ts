// The load generator, in its own process: autocannon firing signed Twilio webhooks.
// Input (argv[2], a JSON file): { url, seconds, connections, calls?: { sids, seqs, digits }, authToken, accountSid, publicBaseUrl }
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import twilio from 'twilio';

const o = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;

/** The signed request for the n-th send: call n mod N at the step it has reached by then. */
function signedStep(n: number): { path: string; body: string; signature: string } {
  const i = n % o.calls.sids.length;
  const seq = o.calls.seqs[i] + Math.floor(n / o.calls.sids.length);
  const path = `/voice/gather?seq=${seq}`;
  const params = {
    CallSid: o.calls.sids[i],
    AccountSid: o.accountSid,
    From: '+15551230000',
    To: '+18005550100',
    CallStatus: 'in-progress',
    Digits: o.calls.digits,
  };
  return {
    path,
    body: new URLSearchParams(params).toString(),
    signature: twilio.getExpectedTwilioSignature(o.authToken, o.publicBaseUrl + path, params),
  };
}
// Signed before the clock starts (the generator shares the machine; HMACs during the run would
// take CPU from the server it measures). Beyond these, requests are signed as they go.
const presigned = o.calls ? Array.from({ length: Math.min(3 * o.calls.sids.length, 2_000 * o.seconds) }, (_, n) => signedStep(n)) : [];

const result = await autocannon({
  url: o.url,
  connections: o.connections,
  duration: o.seconds,
  requests: [
    {
      method: 'POST',
      path: '/voice/gather?seq=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // Each request is a real next step of some call: the next call in turn, at the seq it has reached.
      setupRequest: (req: autocannon.Request) => {
        if (!o.calls) return { ...req, body: 'CallSid=CA0&Digits=1' };
        const n = next++;
        const { path, body, signature } = presigned[n] ?? signedStep(n);
        return { ...req, path, body, headers: { ...(req.headers as Record<string, string>), 'x-twilio-signature': signature } };
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
