import { expect } from 'chai';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FromGenerator, GeneratorConfig, GeneratorFinal, GeneratorSample, ToGenerator } from '../../bench/capacity/protocol.js';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { ACCOUNT_SID, AUTH_TOKEN, freePort, startTestServer, type TestServer } from '../support/server.js';

const GENERATOR = path.resolve(import.meta.dirname, '../../bench/capacity/generator.ts');
const BENCH_FLOWS = path.resolve(import.meta.dirname, '../../bench/capacity/flows');
const CALLS = 30;

/** The generator's messages, awaited one kind at a time (they are events: nothing polls). */
class GeneratorProcess {
  private inbox: FromGenerator[] = [];
  private waiters: (() => void)[] = [];
  private exited?: string;

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: FromGenerator) => {
      this.inbox.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
    child.once('exit', (code, signal) => {
      this.exited = `the generator exited (${code ?? signal})`;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(message: ToGenerator): void {
    this.child.send(message);
  }

  async next<T extends FromGenerator['type']>(type: T): Promise<Extract<FromGenerator, { type: T }>> {
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type);
      if (i >= 0) return this.inbox.splice(i, 1)[0] as Extract<FromGenerator, { type: T }>;
      if (this.exited) throw new Error(`${this.exited} before sending '${type}'`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

describe('capacity bench: the load generator against a real server', function () {
  this.timeout(120_000);
  let generator: GeneratorProcess;
  let server: TestServer;

  before(async () => {
    await resetDatabase();
    // No wrap-up: the server counts it in real seconds, which the test's time scale does not shorten.
    await configureGroup('billing', { wrap_up_seconds: 0 }, { billing: 1 });
    await configureGroup('support', { wrap_up_seconds: 0 }, { support: 1 });
    for (let i = 0; i < 4; i++) await addAgent({ skills: { billing: 3, support: 3 } });

    const port = await freePort();
    const publicBaseUrl = `http://127.0.0.1:${port}`;
    const config: GeneratorConfig = {
      publicBaseUrl,
      instances: [publicBaseUrl],
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      to: '+18005550199',
      seed: 16,
      timeScale: 0.02,
      callLimit: CALLS,
      wrapUpSeconds: { billing: 0, support: 0 },
      mix: {
        selfService: 0.5,
        silentAtFirstMenu: 0.2,
        patienceMeanSeconds: 3000,
        ringSeconds: [2, 6],
        talkMeanSeconds: 90,
        callbackShare: 0,
      },
    };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'capacity-')), 'generator.json');
    writeFileSync(file, JSON.stringify(config));
    // Started as the orchestrator starts it; its REST stand-in is the server's Twilio API.
    generator = new GeneratorProcess(fork(GENERATOR, [file], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }));
    const { restUrl } = await generator.next('ready');
    server = await startTestServer({
      env: { PORT: String(port), PUBLIC_BASE_URL: publicBaseUrl, TWILIO_API_BASE_URL: restUrl },
      flowsDir: BENCH_FLOWS,
      routing: true,
      routingPollMs: 200,
      reconcileEveryMs: 500,
    });
  });

  after(async () => {
    generator?.child.kill();
    await server?.close();
  });

  it('places 30 calls at 5 a second, drains, and accounts for every one: none lost, no errors', async () => {
    generator.send({ type: 'rate', callsPerSecond: 5 });
    expect((await generator.next('placed')).calls).to.equal(CALLS);
    generator.send({ type: 'sample' });
    const during: GeneratorSample = await generator.next('sample');
    generator.send({ type: 'drain', timeoutSeconds: 60 });
    const final: GeneratorFinal = await generator.next('drained');
    generator.send({ type: 'sample' });
    const last: GeneratorSample = await generator.next('sample');

    expect(final.lost).to.deep.equal([]);
    expect(final.unfinished).to.equal(0);
    expect(final.callSids).to.have.length(CALLS);
    expect(Object.values(final.outcomes).reduce((a, b) => a + b, 0)).to.equal(CALLS);
    expect(final.outcomes['self-service']).to.be.greaterThan(0);
    expect(final.outcomes.connected).to.be.greaterThan(0);
    expect([...during.errorExamples, ...last.errorExamples]).to.deep.equal([]);
    expect(during.errors + last.errors).to.equal(0);
    expect(during.callsStarted + last.callsStarted).to.equal(CALLS);
    expect(during.callsEnded + last.callsEnded).to.equal(CALLS);
    expect(last.concurrent).to.equal(0);
    expect(during.webhooks + last.webhooks).to.be.greaterThan(CALLS * 3);
    expect(during.webhookMs.count + last.webhookMs.count).to.equal(during.webhooks + last.webhooks);
    expect(during.routingMs.count + last.routingMs.count).to.equal(final.outcomes.connected);
    expect(during.restRequests + last.restRequests).to.be.at.least(final.outcomes.connected);

    const { rows } = await testDatabase().pool.query<{ call_sid: string }>(
      'SELECT call_sid FROM calls WHERE call_sid = ANY($1) AND ended_at IS NOT NULL',
      [final.callSids],
    );
    expect(rows.map((r) => r.call_sid).sort()).to.deep.equal([...final.callSids].sort());
  });
});
