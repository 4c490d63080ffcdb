import { expect } from 'chai';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { addAgent, agentRow, configureGroup, staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { whenDatabaseShows } from '../support/database-change.js';
import { queueCaller } from '../support/queue.js';
import { dialCentre, startCentre, type RoutingCentre } from '../support/routing.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTestServer, type TestServer } from '../support/server.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
/** A caller ID the default policy accepts (555-01xx numbers are fictional but valid). */
const CALLER = '+12125550123';

const db = () => testDatabase().pool;
const entries = async () => (await db().query('SELECT state, callback_number FROM queue_entries ORDER BY id')).rows;
const refusalEvents = async () =>
  (await db().query(`SELECT step, detail FROM call_events WHERE kind = 'callback-refused' ORDER BY id`)).rows;

async function refusals(server: TestServer, reason: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = new RegExp(`^switchboard_callback_refusals_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

const OFFER_OWN =
  'To be called back at 2 1 2, 5 5 5, 0 1 2 3, press 1. To be called back at another number, enter it now, followed by the pound key.';
const OFFER_KEY_IN = 'To be called back, enter your phone number now, followed by the pound key.';
const RETRY = 'Please enter another number, followed by the pound key, or press star to go back to hold.';
const BLOCKED = 'Sorry, we cannot call back premium-rate, shared-cost or satellite numbers.';
const COUNTRY = 'Sorry, we cannot call back numbers in that country.';
const INVALID = 'Sorry, that number is not valid.';

describe('callbacks: the centre pays for the call, so only numbers the policy allows are booked or dialled', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(async () => {
    await resetDatabase();
    c.twilio.outbound.length = 0;
  });

  /** A caller on hold in 'support' (English unless `language` is '2'), at the callback offer. */
  async function atOffer(opts: { from?: string; language?: '1' | '2' } = {}) {
    await staffOnBreak();
    const call = await dialCentre(c, { from: opts.from ?? CALLER });
    await call.press(opts.language ?? '1');
    await call.press('2');
    expect(call.waiting).to.equal('queue');
    await call.press('*');
    return call;
  }

  describe('numbers keyed in (toll fraud)', () => {
    for (const [what, keys, reason, sentence, number] of [
      ['a premium-rate +1-900 number', '9005551234', 'blocked-prefix', BLOCKED, '+19005551234'],
      ['the same with the national prefix 1', '19005551234', 'blocked-prefix', BLOCKED, '+19005551234'],
      ['a satellite +881 number', '881612345678', 'blocked-prefix', BLOCKED, '+881612345678'],
      ['an Inmarsat +870 number', '870773111632', 'blocked-prefix', BLOCKED, '+870773111632'],
      [
        'a UK premium-rate number (libphonenumber: PREMIUM_RATE), keyed with 011',
        '011449098790000',
        'number-type',
        BLOCKED,
        '+449098790000',
      ],
      ['an ordinary UK number: not the flow\u2019s country', '442079460000', 'country', COUNTRY, '+442079460000'],
      ['a Jamaican +1-876 number: NANP, but another country', '8765550123', 'country', COUNTRY, '+18765550123'],
      ['ten digits that are no number (area code 555)', '5559876543', 'invalid', INVALID, undefined],
      ['too few digits', '12345', 'invalid', INVALID, undefined],
    ] as const) {
      it(`${what} is refused, explained, logged and counted; the caller may key another`, async () => {
        const before = await refusals(c.server, reason);
        const call = await atOffer();
        await call.press(`${keys}#`);
        expect(call.lastHeard).to.deep.equal([sentence, RETRY]);
        expect(call.waiting).to.equal('queue');
        expect(await entries()).to.deep.equal([{ state: 'waiting', callback_number: null }]);
        expect(await refusalEvents()).to.deep.equal([
          { step: 'support#callback-offer', detail: { reason, keyed: keys, ...(number ? { number } : {}) } },
        ]);
        expect(await refusals(c.server, reason)).to.equal(before + 1);

        await call.press('2125559876#');
        expect(call.lastHeard).to.deep.equal([
          'Thank you. We will call you back at 2 1 2, 5 5 5, 9 8 7 6, and you keep your place in line. Goodbye.',
        ]);
        expect(await entries()).to.deep.equal([{ state: 'callback', callback_number: '+12125559876' }]);
      });
    }

    it('a Spanish-speaking caller hears why in Spanish', async () => {
      const call = await atOffer({ language: '2' });
      await call.press('881612345678#');
      expect(call.lastHeard).to.deep.equal([
        'Lo siento, no podemos devolver llamadas a números de tarifa especial, de costo compartido ni satelitales.',
        'Por favor marque otro número, seguido de la tecla de número, u oprima asterisco para volver a la espera.',
      ]);
      await call.press('442079460000#');
      expect(call.lastHeard[0]).to.equal('Lo siento, no podemos devolver llamadas a números de ese país.');
    });

    it('star goes back to hold; after three refused numbers the caller is back on hold, still in line', async () => {
      const call = await atOffer();
      await call.press('*');
      expect(call.lastHeard[0]).to.equal('Thank you for holding. The next available agent will be with you shortly.');
      await call.press('*');
      expect(call.lastHeard).to.deep.equal([OFFER_OWN]);
      await call.press('9005551234#');
      await call.press('881612345678#');
      await call.press('442079460000#');
      expect(call.lastHeard[0]).to.equal(COUNTRY);
      expect(call.lastHeard[1]).to.equal('Thank you for holding. The next available agent will be with you shortly.');
      expect(call.waiting).to.equal('queue');
      expect(await entries()).to.deep.equal([{ state: 'waiting', callback_number: null }]);
      expect((await refusalEvents()).map((r) => r.detail.reason)).to.deep.equal(['blocked-prefix', 'blocked-prefix', 'country']);
      // A new offer starts again with three tries and the caller's own number.
      await call.press('*');
      expect(call.lastHeard).to.deep.equal([OFFER_OWN]);
    });

    it('the callback offered at once when nobody can take the call refuses the same numbers, then goes to voicemail', async () => {
      await configureGroup('sales', { overflow: { action: 'callback' } });
      const call = await dialCentre(c, { from: CALLER });
      await call.press('1');
      await call.press('3');
      expect(call.lastHeard).to.deep.equal(['All of our agents are unavailable right now.', OFFER_OWN]);
      await call.press('9005551234#');
      expect(call.lastHeard).to.deep.equal([BLOCKED, OFFER_OWN]);
      await call.press('9765551234#');
      await call.press('881612345678#');
      expect(call.lastHeard[0]).to.equal(BLOCKED);
      expect(call.waiting).to.equal('record');
      expect(await entries()).to.deep.equal([{ state: 'left', callback_number: null }]);
    });
  });

  describe('caller IDs that cannot be called back', () => {
    for (const from of ['anonymous', 'client:ana', 'sip:ana@pbx.example.com', '+447911123456', '+19005551234', '+15551230000']) {
      it(`From ${from}: "this number" is not offered, the caller is asked to key one in, and 1 is not a number`, async () => {
        const call = await atOffer({ from });
        expect(call.lastHeard).to.deep.equal([OFFER_KEY_IN]);
        await call.press('1');
        expect(call.lastHeard).to.deep.equal([INVALID, RETRY]);
        expect(await entries()).to.deep.equal([{ state: 'waiting', callback_number: null }]);
        await call.press('2125559876#');
        expect(await entries()).to.deep.equal([{ state: 'callback', callback_number: '+12125559876' }]);
      });
    }
  });

  describe('checked again when the callback is about to be dialled', () => {
    for (const [number, reason] of [
      ['+19005551234', 'blocked-prefix'],
      ['+442079460000', 'country'],
      ['anonymous', 'invalid'],
    ] as const) {
      it(`a callback to ${number} booked before the policy changed is not dialled: the agent is not called, the entry fails`, async () => {
        const before = await refusals(c.server, reason);
        const booked = await queueCaller('general', { state: 'callback', callbackNumber: number });
        const agent = await addAgent({ state: 'available' });
        await whenDatabaseShows(async () => expect((await entries())[0].state).to.equal('failed'));
        expect(c.twilio.outbound).to.deep.equal([]);
        expect((await agentRow(agent.id)).state).to.equal('available');
        const { rows } = await db().query(`SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'callback-refused'`, [
          booked.callSid,
        ]);
        expect(rows).to.deep.equal([{ detail: { reason, number, when: 'dial' } }]);
        expect(await refusals(c.server, reason)).to.equal(before + 1);
      });
    }

    it('an allowed callback is dialled as before', async () => {
      await queueCaller('general', { state: 'callback', callbackNumber: '+12125559876' });
      await addAgent({ state: 'available' });
      await c.twilio.until(() => c.twilio.outbound.length > 0);
      expect(c.twilio.outbound).to.have.length(1);
    });
  });
});

describe('callbacks: CALLBACK_COUNTRIES and CALLBACK_BLOCKED_PREFIXES', () => {
  let server: TestServer;
  before(
    async () =>
      (server = await startTestServer({
        now: () => MONDAY_10AM,
        env: { CALLBACK_COUNTRIES: 'US,GB', CALLBACK_BLOCKED_PREFIXES: '+1212555' },
      })),
  );
  after(() => server.close());
  beforeEach(resetDatabase);

  async function atOffer(from: string) {
    await staffOnBreak();
    const call = await TwilioCall.dial({
      baseUrl: server.config.publicBaseUrl,
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      from,
      to: '+18005550100',
    });
    await call.press('1');
    await call.press('2');
    await call.press('*');
    return call;
  }

  it('a UK number is allowed once GB is, a UK caller ID is offered, and premium ranges stay blocked', async () => {
    const call = await atOffer('+447400123456');
    expect(call.lastHeard[0]).to.match(/^To be called back at 4 4 7 4 0 0 1 2 3 4 5 6, press 1\./);
    await call.press('449098790000#');
    expect(call.lastHeard[0]).to.equal(BLOCKED);
    await call.press('442079460000#');
    expect(await entries()).to.deep.equal([{ state: 'callback', callback_number: '+442079460000' }]);
  });

  it('a configured prefix is refused, and the caller ID in it is not offered', async () => {
    const before = await refusals(server, 'blocked-prefix');
    const call = await atOffer(CALLER);
    expect(call.lastHeard).to.deep.equal([OFFER_KEY_IN]);
    await call.press('2125559876#');
    expect(call.lastHeard[0]).to.equal(BLOCKED);
    expect(await refusals(server, 'blocked-prefix')).to.equal(before + 1);
  });
});
