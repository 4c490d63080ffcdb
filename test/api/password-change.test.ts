import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addSupervisorLogin, getJson, giveLogin, PASSWORD, signIn } from '../support/web.js';

const NEW_PASSWORD = 'a much better passphrase';

describe('changing a password ends that person\u2019s sessions', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(resetDatabase);
  const me = async (cookie?: string) => (await getJson(`${server.url}/auth/me`, cookie)).status;
  const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: cliDatabaseUrl() } });

  it('an agent changes their own password (API): every session ends, the one that asked continues on a new cookie', async () => {
    const agent = await addAgent({ name: 'Ana Ruiz' });
    await giveLogin(agent.id, 'ana');
    const desk = await signIn(server.url, 'ana', 'agent');
    const phone = await signIn(server.url, 'ana', 'agent');
    const change = (body: unknown) =>
      fetch(`${server.url}/auth/password`, {
        method: 'POST',
        headers: { cookie: desk.cookie!, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const wrong = await change({ currentPassword: 'not my password', newPassword: NEW_PASSWORD });
    expect(wrong.status).to.equal(403);
    expect(await wrong.json()).to.deep.equal({ error: 'currentPassword: is not your current password' });
    const short = await change({ currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.status).to.equal(400);
    expect(await me(phone.cookie)).to.equal(200);

    const ok = await change({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.status).to.equal(204);
    const renewed = ok.headers.get('set-cookie')!.split(';')[0];
    expect(renewed).to.not.equal(desk.cookie);
    expect(await me(desk.cookie)).to.equal(401);
    expect(await me(phone.cookie)).to.equal(401);
    expect(await me(renewed)).to.equal(200);
    expect((await signIn(server.url, 'ana', 'agent')).status).to.equal(401);
    expect((await signIn(server.url, 'ana', 'agent', NEW_PASSWORD)).status).to.equal(200);
  });

  it('a supervisor changes their own password (API) the same way', async () => {
    await addSupervisorLogin('sam');
    const a = await signIn(server.url, 'sam', 'supervisor');
    const b = await signIn(server.url, 'sam', 'supervisor');
    const ok = await fetch(`${server.url}/auth/password`, {
      method: 'POST',
      headers: { cookie: a.cookie!, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
    });
    expect(ok.status).to.equal(204);
    expect(await me(a.cookie)).to.equal(401);
    expect(await me(b.cookie)).to.equal(401);
  });

  it('a password set with the CLI ends the sessions of that agent or supervisor only', async () => {
    const ana = await addAgent({ name: 'Ana' });
    const ben = await addAgent({ name: 'Ben' });
    await giveLogin(ana.id, 'ana');
    await giveLogin(ben.id, 'ben');
    await addSupervisorLogin('sam');
    await addSupervisorLogin('kim');
    const [anaS, benS, samS, kimS] = [
      await signIn(server.url, 'ana', 'agent'),
      await signIn(server.url, 'ben', 'agent'),
      await signIn(server.url, 'sam', 'supervisor'),
      await signIn(server.url, 'kim', 'supervisor'),
    ];

    expect((await cli('agents', 'set-login', String(ana.id), 'ana', '--password', NEW_PASSWORD)).code).to.equal(0);
    expect(await me(anaS.cookie)).to.equal(401);
    expect(await me(benS.cookie)).to.equal(200);

    expect((await cli('supervisors', 'add', 'sam', '--name', 'Sam Lee', '--password', NEW_PASSWORD)).code).to.equal(0);
    expect(await me(samS.cookie)).to.equal(401);
    expect(await me(kimS.cookie)).to.equal(200);
  });
});
