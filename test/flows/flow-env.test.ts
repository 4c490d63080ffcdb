import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { httpLookup, type LookupStep } from '../../src/calls/lookup.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import type { CallContext } from '../../src/flows/call-types.js';
import { DEFAULT_FLOW_ENV, flowEnvPolicy } from '../../src/flows/flow-env.js';
import { runCli } from '../support/cli.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';
import { load } from './helpers.js';

/** A lookup that would send the server's own secrets to whoever runs `crm`. */
const leakyFlow = (crm: string) => `flow: leaky
numbers: ["+18005550177"]
start: find
steps:
  find:
    lookup: ${crm}/customers?db=\${DATABASE_URL}
    headers: { Authorization: "Bearer \${TWILIO_AUTH_TOKEN}", X-Key: "\${FLOW_CRM_KEY}", X-Legacy: "\${CRM_TOKEN}" }
    next: hangup
    on_failure: hangup
`;

const REFUSED = (name: string, where: string) =>
  `${where} reads environment variable ${name}, which flows may not read: only variables named FLOW_… and those listed in FLOW_ENV_ALLOW are expanded`;

/** A stand-in CRM that records what reaches it. */
function startCrm(): Promise<{ url: string; requests: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    res.setHeader('content-type', 'application/json');
    res.end('{}');
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

describe('environment variables in flow lookups (only FLOW_… and FLOW_ENV_ALLOW)', () => {
  it('reports every other variable at the file:line:column of its ${NAME}', () => {
    const r = load({ 'leaky.yaml': leakyFlow('https://crm.example.com') });
    expect(r.formatted).to.deep.equal([
      `leaky.yaml:6:50: error: ${REFUSED('DATABASE_URL', 'the lookup URL')}`,
      `leaky.yaml:7:39: error: ${REFUSED('TWILIO_AUTH_TOKEN', "header 'Authorization'")}`,
      `leaky.yaml:7:99: error: ${REFUSED('CRM_TOKEN', "header 'X-Legacy'")}`,
    ]);
    expect(r.versions.size).to.equal(0);
  });

  it('accepts the names listed in FLOW_ENV_ALLOW, and only those', () => {
    const r = load({ 'leaky.yaml': leakyFlow('https://crm.example.com') }, { flowEnv: flowEnvPolicy(['CRM_TOKEN', 'DATABASE_URL_X']) });
    expect(r.formatted.map((l) => l.split(': error: ')[0])).to.deep.equal(['leaky.yaml:6:50', 'leaky.yaml:7:39']);
  });

  it('switchboard check exits 1 with the errors, and honours FLOW_ENV_ALLOW', async function () {
    this.timeout(30_000);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'flow-env-'));
    await writeFile(path.join(dir, 'leaky.yaml'), leakyFlow('https://crm.example.com').replace('${DATABASE_URL}', 'x'));
    const file = path.join(dir, 'leaky.yaml');
    const refused = await runCli(['check', '--flows', dir, '--no-groups'], { env: { FLOW_ENV_ALLOW: undefined } });
    expect(refused.code).to.equal(1);
    expect(refused.stdout.split('\n')).to.include.members([
      `${file}:7:39: error: ${REFUSED('TWILIO_AUTH_TOKEN', "header 'Authorization'")}`,
      `${file}:7:99: error: ${REFUSED('CRM_TOKEN', "header 'X-Legacy'")}`,
    ]);
    expect(refused.stdout).to.include('2 error(s)');
    const allowed = await runCli(['check', '--flows', dir, '--no-groups'], { env: { FLOW_ENV_ALLOW: 'CRM_TOKEN' } });
    expect(allowed.stdout).to.include('1 error(s)');
    expect(allowed.stdout).to.not.include('CRM_TOKEN, which');
    const ownSecret = await runCli(['check', '--flows', dir, '--no-groups'], { env: { FLOW_ENV_ALLOW: 'TWILIO_AUTH_TOKEN' } });
    expect(ownSecret.code).to.equal(1);
    expect(ownSecret.stderr).to.include("FLOW_ENV_ALLOW: TWILIO_AUTH_TOKEN is one of Switchboard's own settings; flows may not read it");
  });

  describe('on the server', () => {
    let crm: Awaited<ReturnType<typeof startCrm>>;
    before(async () => (crm = await startCrm()));
    after(() => crm.close());
    beforeEach(resetDatabase);

    it('does not load such a flow, so no call sends the secrets anywhere', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'flow-env-server-'));
      await writeFile(path.join(dir, 'leaky.yaml'), leakyFlow(crm.url));
      const server = await startTestServer({ flowsDir: dir });
      try {
        expect(server.registry.currentVersions().map((c) => c.flow.id)).to.deep.equal([]);
        const errors = server.registry.lastLoad!.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
        expect(errors).to.include(`7:39: ${REFUSED('TWILIO_AUTH_TOKEN', "header 'Authorization'")}`);
        await placeCall(server, { to: '+18005550177' });
        expect(crm.requests).to.deep.equal([]);
      } finally {
        await server.close();
      }
    });

    it('expands FLOW_… and allow-listed variables at call time', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'flow-env-server-'));
      await writeFile(
        path.join(dir, 'leaky.yaml'),
        leakyFlow(crm.url).replace('?db=${DATABASE_URL}', '').replace('Bearer ${TWILIO_AUTH_TOKEN}', 'Bearer ${FLOW_CRM_KEY}'),
      );
      process.env.FLOW_CRM_KEY = 'flow-key';
      process.env.CRM_TOKEN = 'legacy-token';
      const server = await startTestServer({ flowsDir: dir, env: { FLOW_ENV_ALLOW: 'CRM_TOKEN' } });
      try {
        expect(server.registry.currentVersions().map((c) => c.flow.id)).to.deep.equal(['leaky']);
        crm.requests.length = 0;
        await placeCall(server, { to: '+18005550177' });
        expect(crm.requests.map((h) => [h.authorization, h['x-key'], h['x-legacy']])).to.deep.equal([
          ['Bearer flow-key', 'flow-key', 'legacy-token'],
        ]);
      } finally {
        await server.close();
        delete process.env.FLOW_CRM_KEY;
        delete process.env.CRM_TOKEN;
      }
    });
  });

  it('at call time, a stored step naming a refused variable fails the lookup without sending anything', async () => {
    const crm = await startCrm();
    try {
      const step: LookupStep = {
        kind: 'lookup',
        url: `${crm.url}/customers`,
        method: 'GET',
        headers: { Authorization: 'Bearer ${TWILIO_AUTH_TOKEN}' },
        timeoutMs: 1000,
        save: {},
        next: { goto: 'hangup' },
        onFailure: { goto: 'hangup' },
      };
      process.env.TWILIO_AUTH_TOKEN ??= 'not-for-flows';
      const answer = await httpLookup(DEFAULT_FLOW_ENV)(step, {
        callSid: 'CA1',
        context: { caller: '+15550000001', dialled: '+18005550177' } as CallContext,
      });
      expect(answer).to.deep.equal({
        ok: false,
        error: 'environment variable TWILIO_AUTH_TOKEN may not be read by flows (not FLOW_… nor in FLOW_ENV_ALLOW)',
      });
      expect(crm.requests).to.deep.equal([]);
    } finally {
      await crm.close();
    }
  });

  it('FLOW_ENV_ALLOW must list variable names, none of them Switchboard settings', () => {
    const env = { TWILIO_AUTH_TOKEN: 'test-token-123456' };
    expect(parseConfig({ ...env, FLOW_ENV_ALLOW: 'CRM_TOKEN, ERP_URL' }).flowEnvAllow).to.deep.equal(['CRM_TOKEN', 'ERP_URL']);
    expect(() => parseConfig({ ...env, FLOW_ENV_ALLOW: 'crm-token,DATABASE_URL' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.includes('FLOW_ENV_ALLOW: "crm-token" is not a variable name')
      .and.includes("FLOW_ENV_ALLOW: DATABASE_URL is one of Switchboard's own settings; flows may not read it");
  });
});
