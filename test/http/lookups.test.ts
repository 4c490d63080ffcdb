import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';

/** A stand-in CRM: answers customer lookups by caller number, slowly for one number. */
function startCrm(): Promise<{
  url: string;
  requests: { method: string; url: string; body: string; auth?: string }[];
  close(): Promise<void>;
}> {
  const requests: { method: string; url: string; body: string; auth?: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        body,
        ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
      });
      const caller = new URL(req.url!, 'http://x').searchParams.get('caller') ?? (body ? JSON.parse(body).caller : '');
      if (caller === '+15550000003') return void setTimeout(() => res.end('{}'), 3000);
      if (caller === '+15550000004') return void res.writeHead(500).end('boom');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ customer: { tier: caller === '+15550000001' ? 'gold' : 'standard', first_name: 'Ana' } }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

const FLOW = `flow: vip-line
numbers: ["+18005550199"]
start: find-customer
steps:
  find-customer:
    lookup: \${FLOW_CRM_URL}/customers
    method: METHOD
    headers: { Authorization: "Bearer \${CRM_TOKEN}" }
    timeout: 500ms
    save: { tier: customer.tier, name: customer.first_name }
    next: route
    on_failure: sorry
  route:
    branch:
      - if: { var: tier, is: gold }
        goto: vip
        set: { prio: 10 }
    else: standard
  vip:
    say: "Welcome back {name}, you are a gold customer."
    next: queue-vip
  queue-vip:
    queue: billing
    priority: "{prio}"
    then: hangup
    on_failure: hangup
  standard:
    say: "Hello {name}."
    next: queue-standard
  queue-standard:
    queue: billing
    then: hangup
    on_failure: hangup
  sorry:
    say: We could not find your account.
    next: queue-standard
`;

describe('data lookups over HTTP', () => {
  for (const method of ['GET', 'POST'] as const) {
    describe(method, () => {
      let crm: Awaited<ReturnType<typeof startCrm>>;
      let server: TestServer;
      before(async () => {
        crm = await startCrm();
        process.env.FLOW_CRM_URL = crm.url;
        process.env.CRM_TOKEN = 'secret-token';
        const dir = await mkdtemp(path.join(os.tmpdir(), 'lookup-'));
        await writeFile(path.join(dir, 'vip-line.yaml'), FLOW.replace('METHOD', method));
        // FLOW_… variables are for flows; CRM_TOKEN is one the operator lets flows read.
        server = await startTestServer({ flowsDir: dir, env: { FLOW_ENV_ALLOW: 'CRM_TOKEN' } });
      });
      after(async () => {
        await server.close();
        await crm.close();
        delete process.env.FLOW_CRM_URL;
        delete process.env.CRM_TOKEN;
      });
      beforeEach(async () => {
        await resetDatabase();
        crm.requests.length = 0;
      });
      const queued = async (callSid: string) =>
        (await testDatabase().pool.query(`SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'queued'`, [callSid])).rows[0]
          .detail;

      it('sends the caller number, saves the chosen fields and uses them in prompts, branches and priority', async () => {
        const call = await placeCall(server, { from: '+15550000001', to: '+18005550199' });
        call.expectHeard('Welcome back Ana, you are a gold customer.');
        expect(await queued(call.sid)).to.deep.equal({ group: 'billing', priority: 10 });
        expect(crm.requests).to.have.length(1);
        const r = crm.requests[0];
        expect(r.method).to.equal(method);
        expect(r.auth).to.equal('Bearer secret-token');
        const sent = method === 'GET' ? Object.fromEntries(new URL(r.url, 'http://x').searchParams) : JSON.parse(r.body);
        expect(sent).to.deep.equal({ caller: '+15550000001', dialled: '+18005550199', call_sid: call.sid });
      });

      it('a standard customer goes the other way', async () => {
        const call = await placeCall(server, { from: '+15550000002', to: '+18005550199' });
        call.expectHeard('Hello Ana.');
        expect(await queued(call.sid)).to.deep.equal({ group: 'billing', priority: 0 });
      });

      it('a lookup slower than its time budget takes the failure branch, within the budget', async () => {
        const t0 = Date.now();
        const call = await placeCall(server, { from: '+15550000003', to: '+18005550199' });
        expect(Date.now() - t0).to.be.lessThan(1500);
        call.expectHeard('We could not find your account.');
        const { rows } = await testDatabase().pool.query(`SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'lookup'`, [
          call.sid,
        ]);
        expect(rows).to.deep.equal([{ detail: { ok: false, error: 'no answer within 500 ms' } }]);
      });

      it('an error answer takes the failure branch', async () => {
        const call = await placeCall(server, { from: '+15550000004', to: '+18005550199' });
        call.expectHeard('We could not find your account.');
      });
    });
  }
});
