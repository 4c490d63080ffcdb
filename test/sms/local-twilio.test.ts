import { expect } from 'chai';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { runCli } from '../support/cli.js';
import { whenDatabaseShows } from '../support/database-change.js';
import { ACCOUNT_SID, AUTH_TOKEN, freePort, startTestServer, type TestServer } from '../support/server.js';
import { freshMobile, rows, SMS_FLOWS } from '../support/sms.js';

describe('the demo’s /local-twilio plays Twilio’s Messaging', function () {
  this.timeout(60_000);
  let server: TestServer;
  const clock = { now: Date.parse('2026-11-26T15:00:00Z') };
  before(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = await startTestServer({
      flowsDir: SMS_FLOWS,
      env: { PORT: String(port), PUBLIC_BASE_URL: base, TWILIO_API_BASE_URL: `${base}/local-twilio` },
      now: () => clock.now,
      smsOutbox: true,
      smsEveryMs: 3_600_000,
      localTwilio: true,
    });
  });
  after(async () => server?.close());

  it('the survey is sent, its statuses come back signed, and switchboard sms shows it and answers it', async () => {
    const from = freshMobile();
    const call = new TwilioCall({
      baseUrl: server.config.publicBaseUrl,
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      from,
      to: '+18005550100',
    });
    await call.start();
    await call.press('1');
    await call.press('2');
    clock.now += 61_000;
    await server.smsOutbox.kick();
    await server.smsOutbox.idle();
    const [sent] = await rows<{ message_sid: string }>(`SELECT message_sid FROM sms_messages WHERE call_sid = $1`, [call.callSid]);
    expect(sent.message_sid).to.match(/^SM[0-9a-f]{32}$/);
    const r = await runCli(['sms', from, '8', '--url', server.url], {
      env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID, PUBLIC_BASE_URL: undefined },
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.include(`Texts Switchboard sent to ${from}`).and.include('How likely are you to recommend us');
    expect(r.stdout).to.include('< Thank you! What is the main reason for your score?');
    // The stand-in reports queued → sent → delivered to /sms/status, signed.
    await whenDatabaseShows(async () => {
      const statuses = await rows<{ status: string }>(`SELECT status FROM sms_message_statuses WHERE message_sid = $1 ORDER BY id`, [
        sent.message_sid,
      ]);
      expect(statuses.map((s) => s.status)).to.deep.equal(['queued', 'sent', 'delivered']);
    });
  });
});
