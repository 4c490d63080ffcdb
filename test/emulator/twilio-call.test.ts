import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TwilioCall } from '../../src/emulator/twilio-call.js';

// The emulator must behave like Twilio where tests depend on it: a REST redirect replaces what the
// call is doing, including a waitUrl answer still on its way.
describe('Twilio emulator', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
    server = http.createServer((req, res) => {
      req.resume();
      const answer = (body: string) => res.writeHead(200, { 'content-type': 'text/xml' }).end(xml(body));
      if (req.url === '/voice/incoming') answer(`<Enqueue waitUrl="${base}/wait">general</Enqueue>`);
      else if (req.url === '/wait') setTimeout(() => answer('<Play>https://example.com/music.mp3</Play>'), 300);
      else if (req.url === '/connect') answer('<Dial><Number>+15551110001</Number></Dial>');
      else res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('a REST redirect while a waitUrl answer is on its way: the redirect wins, the late hold music is dropped', async () => {
    const call = new TwilioCall({
      baseUrl: base,
      authToken: 'token',
      from: '+15551230000',
      to: '+18005550100',
      statusPath: null,
      fallbackPath: null,
    });
    const started = call.start(); // enqueued; its waitUrl answers in 300 ms
    await new Promise((r) => setTimeout(r, 100));
    await call.redirectTo(`${base}/connect`);
    await started;
    expect(call.waiting).to.equal('dial');
    expect(call.dialling).to.deep.equal([{ kind: 'Number', to: '+15551110001' }]);
  });
});
