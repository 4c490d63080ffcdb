import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { resetDatabase } from '../support/database.js';
import { staffOnBreak } from '../support/agents.js';
import { ACCOUNT_SID, AUTH_TOKEN, CENTRE_FLOWS, startTestServer, type TestServer } from '../support/server.js';

const MONDAY_10AM = '2026-11-23T10:00';
const simulate = (digits: string, at = MONDAY_10AM, input?: string) =>
  runCli(
    ['simulate', 'acme-support', '--flows', CENTRE_FLOWS, '--at', at, ...(digits ? ['--digits', digits] : [])],
    input === undefined ? {} : { input },
  );
/** What the caller (and agent) did, as both commands print it: the lines after the prompts' icons. */
const actions = (stdout: string) => stdout.split('\n').filter((l) => /^ {2}(⌨|…|👤|⏏|☎ {2}you|!|\d+ scripted)/.test(l));

describe('scripted inputs: one vocabulary for simulate and call', function () {
  this.timeout(60_000);

  describe('simulate', () => {
    it('the quick-start script means the same as against a server: a rings an agent who answers, done ends the talk', async () => {
      const r = await simulate('1,1,a,done,5');
      expect(r.stdout).to.include('📞 an agent is free: the call rings them');
      expect(r.stdout).to.include('👤 the agent answers and presses 1');
      expect(r.stdout).to.include('👤 the agent hangs up');
      expect(r.stdout).to.include('📝 survey answer saved: 5');
      expect(r.stdout).not.to.include('leave the queue');
      expect(r.code).to.equal(0);
    });

    it('an unknown word in the queue is named as unknown, the rest of the script reported unused', async () => {
      const r = await simulate('1,1,xyz,5');
      expect(r.stdout).to.include("! 'xyz' is not something to do in a queue: hold or '-' (keep holding)");
      expect(r.stdout).to.include('2 scripted inputs were not used: xyz, 5');
      expect(r.stdout).not.to.include('leave the queue');
      expect(r.code).to.equal(1);
    });

    it('done in the queue says what it is for', async () => {
      const r = await simulate('1,1,done');
      expect(r.stdout).to.include("! 'done' is for when you talk with an agent (the agent hangs up)");
      expect(r.code).to.equal(1);
    });

    it('inputs left when the call ended (closed: a 1 s voicemail) are listed, not dropped', async () => {
      const r = await simulate('1,1,a,done,5', '2026-12-25T22:00');
      expect(r.stdout).to.include('🎙  you leave a 1 s message');
      expect(r.stdout).to.include('3 scripted inputs were not used: a, done, 5 (the call had ended)');
    });

    it('after * (the callback offer) the prompt asks for the answer, not the hold keys', async () => {
      const r = await simulate('', MONDAY_10AM, '1\n1\n*\nq\n');
      const prompts = r.stdout.split('\n').filter((l) => /^\w+> \(/.test(l));
      expect(prompts.map((p) => p.split('>')[0])).to.deep.equal(['keys', 'keys', 'hold', 'answer']);
      expect(prompts[2]).to.include('1 = voicemail');
      expect(prompts[3]).not.to.include('voicemail');
      expect(prompts[3]).to.include('keys = answer what you just heard, * = back to hold');
    });
  });

  describe('call, against a running server', () => {
    let server: TestServer;
    let now = Date.parse('2026-11-23T15:00:00Z');
    before(async () => (server = await startTestServer({ now: () => now })));
    after(() => server.close());
    beforeEach(async () => {
      await resetDatabase();
      await staffOnBreak();
    });
    const call = (digits: string) =>
      runCli(['call', '--digits', digits], {
        env: { PUBLIC_BASE_URL: server.config.publicBaseUrl, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID },
      });

    it('does what simulate does with the same script, refusals included', async () => {
      now = Date.parse('2026-11-23T15:00:00Z');
      const script = '1,1,hold,*,*,xyz,5';
      const [viaServer, simulated] = [await call(script), await simulate(script)];
      expect(actions(viaServer.stdout)).to.deep.equal(actions(simulated.stdout));
      expect(actions(viaServer.stdout)).to.include(
        "  ! 'xyz' is not something to do in a queue: hold or '-' (keep holding), keys (* callback, 1 voicemail), a (an agent answers and presses 1), r (an agent refuses), bridged (an agent talked with you), queue-full, error, system-error, redirected, hangup",
      );
      expect(viaServer.code).to.equal(1);
    });

    it('lists the inputs the call never used', async () => {
      now = Date.parse('2026-12-26T03:00:00Z'); // Christmas evening in New York: closed
      const r = await call('1,1,a,done,5');
      expect(r.stdout).to.include('🎙  you leave a 1 s message');
      expect(r.stdout).to.include('3 scripted inputs were not used: a, done, 5 (the call had ended)');
    });
  });
});
