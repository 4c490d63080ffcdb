import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { addAgent, agentRow } from '../support/agents.js';
import { startChildServer } from '../support/child-server.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { whenDatabaseShows } from '../support/database-change.js';
import { startCentre, untilRinging } from '../support/routing.js';
import { ACCOUNT_SID, AUTH_TOKEN, freePort } from '../support/server.js';

describe('hardening: an instance killed (SIGKILL) with a reservation in flight', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('the reconciler repairs, the caller is routed, the agent is not stuck', async () => {
    // Twilio's API as the doomed instance sees it: it never answers, so the ring never goes out.
    const hanging = http.createServer(() => {});
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const port = await freePort();
    const publicBaseUrl = `http://127.0.0.1:${port}`;
    const doomed = await startChildServer({
      PORT: String(port),
      PUBLIC_BASE_URL: publicBaseUrl,
      TWILIO_API_BASE_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
    });
    const agent = await addAgent({ name: 'Ana', state: 'break' });
    let instance = doomed.url;
    const call = new TwilioCall({
      baseUrl: publicBaseUrl,
      transportUrl: (url) => instance + new URL(url).pathname + new URL(url).search,
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      from: '+15551230000',
      to: '+18005550100',
    });
    await call.start();
    await call.press('1');
    await call.press('0');
    expect(call.waiting).to.equal('queue');
    await testDatabase().pool.query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await whenDatabaseShows(async () => expect((await agentRow(agent.id)).state).to.equal('reserved'));

    doomed.process.kill('SIGKILL');
    await new Promise((r) => doomed.process.once('exit', r));
    hanging.closeAllConnections();
    hanging.close();

    // Another instance (same public URL behind the load balancer) takes over.
    const c = await startCentre({ now: () => Date.parse('2026-11-23T15:00:00Z'), publicBaseUrl });
    try {
      instance = c.server.url;
      c.twilio.register(call);
      // Time passes beyond the ring's lease (ring timeout + margin).
      await testDatabase().pool.query(`UPDATE agents SET lease_until = now() - interval '1 second' WHERE id = $1`, [agent.id]);
      await untilRinging(c, call);
      const outcomes = (await testDatabase().pool.query('SELECT outcome FROM assignments ORDER BY id')).rows.map((r) => r.outcome);
      expect(outcomes).to.deep.equal(['lost', null]);
      await call.agentAnswers({ press: '1' });
      expect(call.waiting).to.equal('bridged');
      expect((await agentRow(agent.id)).state).to.equal('on-call');
      await call.endBridge({ by: 'agent' });
      expect(call.faults).to.deep.equal([]);
    } finally {
      await c.close();
    }
  });
});
