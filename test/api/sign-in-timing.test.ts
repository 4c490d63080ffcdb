import { expect } from 'chai';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { addAgent } from '../support/agents.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { giveLogin } from '../support/web.js';

const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

/**
 * Timing would tell which usernames exist if only known ones paid for the password hash. Rather
 * than measure time (noisy), this counts the scrypt calls a sign-in makes, and their cost
 * parameters, for a known and an unknown username.
 */
describe('sign-in costs the same for known and unknown usernames', () => {
  let server: TestServer;
  const original = crypto.scrypt;
  let calls: { keylen: number; N?: number; r?: number; p?: number }[] = [];
  before(async () => {
    server = await startTestServer();
    (crypto as { scrypt: unknown }).scrypt = (...args: any[]) => {
      const [, , keylen, opts] = args;
      calls.push({ keylen, N: opts?.N, r: opts?.r, p: opts?.p });
      return (original as (...a: unknown[]) => void)(...args);
    };
    syncBuiltinESMExports();
  });
  after(async () => {
    (crypto as { scrypt: unknown }).scrypt = original;
    syncBuiltinESMExports();
    await server.close();
  });
  beforeEach(resetDatabase);

  async function hashesFor(username: string, role: 'agent' | 'supervisor') {
    calls = [];
    const res = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'not the password', role }),
    });
    expect(res.status).to.equal(401);
    return calls;
  }

  it('one scrypt with the same parameters whether the user exists, does not exist, or is not of that role', async () => {
    await giveLogin((await addAgent()).id, 'ana');
    const known = await hashesFor('ana', 'agent');
    expect(known).to.deep.equal([{ keylen: 32, N: 16384, r: 8, p: 1 }]);
    expect(await hashesFor('nobody', 'agent')).to.deep.equal(known);
    expect(await hashesFor('ana', 'supervisor')).to.deep.equal(known);
  });
});
