import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { addAgent, staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { dialCentre, startCentre, untilRinging, type RoutingCentre } from '../support/routing.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';

const LANGUAGES_FLOWS = fileURLToPath(new URL('../fixtures/flows/languages/', import.meta.url));
const MONDAY_10AM_MONTREAL = Date.parse('2026-11-23T15:00:00Z');
const BANQUE = '+15145550100';
const CALLER = '+15145550123';

describe('routing: callers hear Switchboard’s sentences in their language, with its voice', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM_MONTREAL, flowsDir: LANGUAGES_FLOWS })));
  after(() => c.close());
  beforeEach(resetDatabase);

  async function frenchCallerInQueue() {
    const call = await dialCentre(c, { from: CALLER, to: BANQUE });
    await call.press('1');
    expect(call.waiting).to.equal('queue');
    return call;
  }

  it('a fr-CA caller hears the French callback offer with the fr-CA voice, the number as SSML telephone', async () => {
    await staffOnBreak();
    const call = await frenchCallerInQueue();
    expect(call.lastHeardDetail).to.deep.include({
      text: 'Votre appel sera le prochain à être traité.',
      language: 'fr-CA',
      voice: 'Polly.Gabrielle',
    });
    await call.press('*');
    expect(call.lastHeardDetail).to.deep.equal([
      {
        text: 'Pour être rappelé au 5 1 4, 5 5 5, 0 1 2 3, appuyez sur le 1. Pour être rappelé à un autre numéro, composez-le maintenant, suivi du carré.',
        language: 'fr-CA',
        voice: 'Polly.Gabrielle',
      },
    ]);
    // What Twilio got: the Polly voice reads the caller's number as a telephone number.
    expect(call.lastRequest!.body).to.include(
      `<Say language="fr-CA" voice="Polly.Gabrielle">Pour être rappelé au <say-as interpret-as="telephone">${CALLER}</say-as>, appuyez sur le 1.`,
    );
    await call.press('1');
    expect(call.lastHeardDetail).to.deep.equal([
      {
        text: 'Merci. Nous vous rappellerons au 5 1 4, 5 5 5, 0 1 2 3, et vous conservez votre place dans la file d’attente. Au revoir.',
        language: 'fr-CA',
        voice: 'Polly.Gabrielle',
      },
    ]);
    expect(call.waiting).to.equal('ended');
    const { rows } = await testDatabase().pool.query('SELECT state, callback_number FROM queue_entries');
    expect(rows).to.deep.equal([{ state: 'callback', callback_number: CALLER }]);
  });

  it('the agent’s whisper is in the flow’s first language, and names another caller’s language in it', async () => {
    await addAgent({ name: 'Marie', state: 'available' });
    const call = await dialCentre(c, { from: CALLER, to: BANQUE });
    await call.press('3');
    await untilRinging(c, call);
    const leg = await call.agentAnswers({ press: '1' });
    expect(leg.heard).to.deep.equal([
      {
        text: 'Appel general du 5 1 4, 5 5 5, 0 1 2 3, en portugais brésilien. Appuyez sur le 1 pour accepter.',
        language: 'fr-CA',
        voice: 'Polly.Gabrielle',
      },
    ]);
    expect(call.waiting).to.equal('bridged');
  });

  it('Twilio’s fallback URL apologises in the language of the flow answering the number called', async () => {
    const res = await signedPost(c.server, '/voice/fallback', voiceParams(sid(7), { To: BANQUE, ErrorCode: '11200' }));
    expect(res.status).to.equal(200);
    expect(res.body).to.include(
      '<Say language="fr-CA" voice="Polly.Gabrielle">Nous sommes désolés, nous éprouvons des difficultés techniques. Veuillez patienter, nous vous transférons.</Say>',
    );
    const english = await signedPost(c.server, '/voice/fallback', voiceParams(sid(8), { To: '+18005559999', ErrorCode: '11200' }));
    // No flow answers that number (and none is the default): English, as before.
    expect(english.body).to.include('<Say language="en-US">We are sorry, we are having technical difficulties.');
  });
});
