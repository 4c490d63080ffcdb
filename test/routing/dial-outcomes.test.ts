import { expect } from 'chai';
import { agentCallEnd, agentDialEnd, callbackDialEnd, missOutcomeOf } from '../../src/routing/lifecycle/index.js';

/** How Twilio's dial and call statuses end an agent offer (pure decisions, src/routing/lifecycle/dial-outcomes.ts). */
describe('routing lifecycle: dial and call outcomes', () => {
  it("the caller's Dial of the agent: a connected offer is completed, whatever the status", () => {
    for (const status of ['completed', 'no-answer', 'busy', 'failed', 'canceled'])
      expect(agentDialEnd('connected', status, false)).to.deep.equal({ op: 'complete' });
  });

  it("the caller's Dial of the agent: a ringing offer is the agent's miss, by the status", () => {
    expect(agentDialEnd('ringing', 'no-answer', false)).to.deep.equal({ op: 'miss', outcome: 'no-answer' });
    expect(agentDialEnd('ringing', 'canceled', false)).to.deep.equal({ op: 'miss', outcome: 'no-answer' });
    expect(agentDialEnd('ringing', 'busy', false)).to.deep.equal({ op: 'miss', outcome: 'busy' });
    expect(agentDialEnd('ringing', 'failed', false)).to.deep.equal({ op: 'miss', outcome: 'failed' });
    // A completed Dial that never bridged: the agent hung up on the whisper.
    expect(agentDialEnd('ringing', 'completed', false)).to.deep.equal({ op: 'miss', outcome: 'rejected' });
    expect(agentDialEnd('ringing', 'answered', false)).to.deep.equal({ op: 'miss', outcome: 'rejected' });
  });

  it("the caller's Dial of the agent: a ring the caller hung up on is withdrawn, no miss", () => {
    expect(agentDialEnd('ringing', 'no-answer', true)).to.deep.equal({ op: 'withdraw', outcome: 'caller-hung-up' });
    expect(agentDialEnd('connected', 'completed', true)).to.deep.equal({ op: 'complete' });
  });

  it('an offer already ended, or unknown, is left alone', () => {
    expect(agentDialEnd('ended', 'busy', false)).to.deep.equal({ op: 'none' });
    expect(agentDialEnd(undefined, 'busy', true)).to.deep.equal({ op: 'none' });
    expect(agentCallEnd('ended', 'no-answer')).to.deep.equal({ op: 'none' });
    expect(agentCallEnd(undefined, 'completed')).to.deep.equal({ op: 'none' });
  });

  it("the agent's own call (a callback): unanswered is a miss, a connected call that completed is over", () => {
    expect(agentCallEnd('ringing', 'busy')).to.deep.equal({ op: 'miss', outcome: 'busy' });
    expect(agentCallEnd('ringing', 'completed')).to.deep.equal({ op: 'miss', outcome: 'rejected' });
    expect(agentCallEnd('ringing', 'in-progress')).to.deep.equal({ op: 'none' });
    expect(agentCallEnd('connected', 'completed')).to.deep.equal({ op: 'complete' });
    expect(agentCallEnd('connected', 'no-answer')).to.deep.equal({ op: 'none' });
  });

  it("a callback's Dial of the customer: answered or completed reached them; anything else did not", () => {
    expect(callbackDialEnd('completed')).to.deep.equal({ op: 'complete' });
    expect(callbackDialEnd('answered')).to.deep.equal({ op: 'complete' });
    for (const status of ['no-answer', 'busy', 'failed', 'canceled'])
      expect(callbackDialEnd(status)).to.deep.equal({ op: 'callback-not-reached' });
  });

  it('only a status of its own is a miss (no inherited property names)', () => {
    expect(missOutcomeOf('constructor')).to.equal(undefined);
    expect(missOutcomeOf('toString')).to.equal(undefined);
    expect(missOutcomeOf('canceled')).to.equal('no-answer');
  });
});
