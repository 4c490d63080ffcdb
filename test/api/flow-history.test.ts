import { expect } from 'chai';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';
import path from 'node:path';

const SELF_SERVICE_FLOWS = path.resolve(import.meta.dirname, '../fixtures/flows/self-service');

describe('flow history and diagram API: versions, and each hop’s count over a range', () => {
  let server: TestServer;
  let cookie: string;
  before(async () => (server = await startTestServer({ flowsDir: SELF_SERVICE_FLOWS, env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    await addSupervisorLogin('sam');
    cookie = (await signIn(server.url, 'sam', 'supervisor')).cookie!;
  });
  const get = (p: string) => getJson(`${server.url}${p}`, cookie);
  const today = () => new Date().toISOString().slice(0, 10);

  it('lists the versions with their files, the serving one named', async () => {
    const { status, body } = await get('/api/flows/self-service/versions');
    expect(status).to.equal(200);
    expect(body.current).to.equal(server.registry.currentVersions()[0].hash);
    expect(body.versions.map((v: { hash: string; files: string[] }) => [v.hash, v.files])).to.deep.equal([
      [body.current, ['self-service.yaml']],
    ]);
  });

  it('counts the hops calls made, pass-through steps and the flow’s hang-up included', async () => {
    for (let i = 0; i < 2; i++) await (await placeCall(server)).press('1');
    const d = await get(`/api/flows/self-service/diagram?from=${today()}&to=${today()}`);
    expect(d.status).to.equal(200);
    expect(d.body.edges).to.deep.equal([
      { from: '$start', to: 'main-menu', times: 2, calls: 2 },
      { from: 'main-menu', to: 'opening-hours', times: 2, calls: 2 },
      { from: 'opening-hours', to: 'hangup', times: 2, calls: 2 },
    ]);
    expect(d.body.mermaid).to.include('|"key 1 · 2"|');
    // A range with no calls: the same diagram, every arrow 0.
    const empty = await get('/api/flows/self-service/diagram?from=2026-01-01&to=2026-01-02');
    expect(empty.body.edges).to.deep.equal([]);
    expect(empty.body.mermaid).to.include('|"key 1 · 0"|');
  });

  it('refuses a bad range, version or flow with the field named', async () => {
    expect(await get('/api/flows/self-service/diagram?from=2026-01-02&to=2026-01-01')).to.deep.equal({
      status: 400,
      body: { error: 'to: must be after from' },
    });
    expect((await get('/api/flows/self-service/diagram?to=2026-01-01')).body).to.deep.equal({ error: 'from: is required' });
    expect((await get('/api/flows/self-service/diagram?from=2026-01-01&to=2026-01-02&version=nope')).status).to.equal(400);
    expect((await get(`/api/flows/self-service/diagram?from=2026-01-01&to=2026-01-02&version=${'a'.repeat(16)}`)).status).to.equal(404);
    expect(await get('/api/flows/nowhere/versions')).to.deep.equal({
      status: 404,
      body: { error: "no flow 'nowhere' has ever been loaded" },
    });
  });
});
