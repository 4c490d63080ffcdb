import { expect } from 'chai';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseCut } from '../support/database-cut.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

const probe = async (server: TestServer, p: '/health' | '/ready') => {
  const res = await fetch(`${server.url}${p}`);
  return { status: res.status, body: await res.json() };
};

describe('liveness (/health) and readiness (/ready), as orchestrators expect', () => {
  beforeEach(() => resetDatabase());

  it('a running instance with flows and its database is alive (200) and ready (200)', async () => {
    const server = await startTestServer();
    try {
      expect(await probe(server, '/health')).to.deep.equal({ status: 200, body: { status: 'alive' } });
      expect(await probe(server, '/ready')).to.deep.equal({ status: 200, body: { status: 'ready' } });
    } finally {
      await server.close();
    }
  });

  it('the database unreachable: still alive (no restart during an outage), not ready (503); back when it is', async () => {
    const cut = await new DatabaseCut().start();
    const server = await startTestServer({ databaseUrl: cut.url });
    try {
      cut.cut();
      expect(await probe(server, '/health')).to.deep.equal({ status: 200, body: { status: 'alive' } });
      expect(await probe(server, '/ready')).to.deep.equal({ status: 503, body: { status: 'database-unreachable' } });
      cut.restore();
      expect(await probe(server, '/ready')).to.deep.equal({ status: 200, body: { status: 'ready' } });
    } finally {
      await server.close();
      await cut.close();
    }
  });

  it('no flow loaded (every call would get the fallback): alive, not ready', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-no-flows-'));
    const server = await startTestServer({ flowsDir: empty });
    try {
      expect((await probe(server, '/health')).status).to.equal(200);
      expect(await probe(server, '/ready')).to.deep.equal({ status: 503, body: { status: 'no-flows' } });
    } finally {
      await server.close();
      await fs.rm(empty, { recursive: true, force: true });
    }
  });

  it('draining: /ready fails first (503 draining) while /health stays 200, so the pod is taken out of service, not restarted', async () => {
    const server = await startTestServer();
    try {
      await server.drain(1000);
      expect(await probe(server, '/ready')).to.deep.equal({ status: 503, body: { status: 'draining' } });
      expect(await probe(server, '/health')).to.deep.equal({ status: 200, body: { status: 'alive' } });
    } finally {
      await server.close();
    }
  });
});
