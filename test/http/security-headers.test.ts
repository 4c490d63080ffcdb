import { expect } from 'chai';
import twilio from 'twilio';
import { resetDatabase } from '../support/database.js';
import { AUTH_TOKEN, startTestServer, type TestServer } from '../support/server.js';
import { sid, voiceParams } from '../support/signed-post.js';

const csp = (h: Headers) =>
  Object.fromEntries(
    (h.get('content-security-policy') ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v.join(' ')]),
  );

describe('security headers (helmet) on pages and API answers', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(resetDatabase);

  const PATHS = [
    '/console',
    '/dashboard',
    '/web/console.js',
    '/vendor/mermaid.min.js',
    '/auth/me',
    '/api/agents',
    '/health',
    '/metrics',
    '/no-such-page',
  ];
  for (const p of PATHS) {
    it(`${p}: CSP without inline script, no framing, nosniff, no referrer; no HSTS over http`, async () => {
      const res = await fetch(server.url + p);
      const policy = csp(res.headers);
      expect(policy).to.deep.include({
        'default-src': "'self'",
        'script-src': "'self'",
        'script-src-attr': "'none'",
        'object-src': "'none'",
        'base-uri': "'none'",
        'frame-ancestors': "'none'",
        'connect-src': "'self'",
      });
      expect(policy['style-src']).to.equal(p === '/dashboard' ? "'self' 'unsafe-inline'" : "'self'");
      expect(policy).to.not.have.property('upgrade-insecure-requests');
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(res.headers.get('x-frame-options')).to.equal('DENY');
      expect(res.headers.get('strict-transport-security')).to.equal(null);
    });
  }

  it('TwiML answers to Twilio carry none of the page headers (the webhook hot path)', async () => {
    const url = `${server.config.publicBaseUrl}/voice/incoming`;
    const params = voiceParams(sid(1));
    const res = await fetch(server.url + '/voice/incoming', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params),
    });
    expect(res.status).to.equal(200);
    expect(await res.text()).to.include('<Response>');
    expect(res.headers.get('content-security-policy')).to.equal(null);
    expect(res.headers.get('strict-transport-security')).to.equal(null);
  });

  it('behind https (PUBLIC_BASE_URL), HSTS for a year and insecure requests upgraded', async () => {
    const secure = await startTestServer({ env: { PUBLIC_BASE_URL: 'https://ivr.example.com' } });
    try {
      const res = await fetch(secure.url + '/console');
      expect(res.headers.get('strict-transport-security')).to.equal('max-age=31536000; includeSubDomains');
      expect(csp(res.headers)).to.have.property('upgrade-insecure-requests');
    } finally {
      await secure.close();
    }
  });
});
