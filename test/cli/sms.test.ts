import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { ACCOUNT_SID, AUTH_TOKEN, freePort } from '../support/server.js';
import { freshMobile, rows, startSmsCentre, type SmsCentre } from '../support/sms.js';

const credentials = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID };

describe('switchboard sms: the customer answers the survey from the command line', function () {
  this.timeout(60_000);
  let c: SmsCentre;
  before(async () => {
    c = await startSmsCentre();
  });
  after(async () => c?.close());

  it('replies through a signed /sms/incoming and prints what Switchboard answered; the score is recorded', async () => {
    const from = freshMobile();
    const call = await c.call(from);
    await call.press('1');
    await call.press('2');
    c.advance(61);
    await c.sendDue();
    const r = await runCli(['sms', from, '9', 'great', 'help', '--url', c.server.url], {
      env: { ...credentials, PUBLIC_BASE_URL: undefined },
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.include(`> ${from} texts +18005550100: 9 great help`).and.include('< Thank you for your feedback.');
    expect(await rows(`SELECT score, comment FROM survey_responses WHERE call_sid = $1`, [call.callSid])).to.deep.equal([
      { score: 9, comment: 'great help' },
    ]);
  });

  it('finds the server by PUBLIC_BASE_URL as the server was started with', async () => {
    const r = await runCli(['sms', freshMobile(), 'hello'], {
      env: { ...credentials, PUBLIC_BASE_URL: c.server.config.publicBaseUrl, PORT: undefined },
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.include('This number cannot read replies');
  });

  it('a wrong auth token: says the signature was refused (403)', async () => {
    const r = await runCli(['sms', freshMobile(), 'hi', '--url', c.server.url], {
      env: { TWILIO_AUTH_TOKEN: 'wrong', TWILIO_ACCOUNT_SID: ACCOUNT_SID, PUBLIC_BASE_URL: undefined },
    });
    expect(r.code).to.equal(1);
    expect(r.stdout).to.include('refused the signature (403)');
  });

  it('bad input: a number that is not E.164, no text; no server there', async () => {
    const notE164 = await runCli(['sms', '5551230000', 'hi'], { env: credentials });
    expect(notE164.code).to.equal(2);
    expect(notE164.stdout).to.include('E.164');
    const noText = await runCli(['sms', '+15551230000'], { env: credentials });
    expect(noText.code).to.equal(2);
    expect(noText.stdout).to.include('give the text');
    const port = await freePort();
    const nobody = await runCli(['sms', '+15551230000', 'hi', '--url', `http://127.0.0.1:${port}`], { env: credentials });
    expect(nobody.code).to.equal(1);
    expect(nobody.stdout).to.include(`could not reach Switchboard at http://127.0.0.1:${port}`);
  });
});
