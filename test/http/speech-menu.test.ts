import { expect } from 'chai';
import { staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

// The centre's acme-support listens for speech at its main menu: phone_call, enhanced, confirm below 0.5.
describe('speech at a menu, over signed webhooks', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ now: () => MONDAY_10AM })));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    await staffOnBreak();
  });
  const queuedFor = async (callSid: string) =>
    (await testDatabase().pool.query('SELECT group_name FROM queue_entries WHERE call_sid = $1', [callSid])).rows[0]?.group_name;

  it("the Gather listens in the caller's language with that language's words as hints and the flow's model", async () => {
    const call = await placeCall(server);
    await call.press('1');
    expect(call.twilio.gathering).to.deep.include({
      input: 'dtmf speech',
      language: 'en-US',
      hints: 'operator, agent, representative, billing, bill, payment, support, technical support, help, sales, buy',
      speechModel: 'phone_call',
      enhanced: 'true',
      speechTimeout: '2',
    });
    expect(call.twilio.gathering).not.to.have.property('bargeIn'); // Twilio's default (true)
    const es = await placeCall(server);
    await es.press('2');
    expect(es.twilio.gathering?.language).to.equal('es-MX');
    expect(es.twilio.gathering?.hints).to.equal(
      'operador, agente, facturación, factura, pago, soporte, soporte técnico, ayuda, ventas, comprar',
    );
  });

  it('a confident answer routes at once', async () => {
    const call = await placeCall(server);
    await call.press('1');
    await call.twilio.speak('Sales, please.', 0.87);
    expect(call.waiting).to.equal('queue');
    expect(await queuedFor(call.sid)).to.equal('sales');
  });

  it('an answer with Confidence empty (Twilio does not always give one) counts as sure, not as 0', async () => {
    const call = await placeCall(server);
    await call.press('1');
    await call.twilio.speak('Sales, please.', '');
    expect(call.waiting).to.equal('queue');
    expect(await queuedFor(call.sid)).to.equal('sales');
  });

  it('an unsure one is confirmed: "yes" routes; the confirmation listens for yes and no', async () => {
    const call = await placeCall(server);
    await call.press('1');
    await call.twilio.speak('billing', 0.31);
    expect(call.lastHeard).to.deep.equal(['Did you say billing? Press 1 or say yes. Press 2 or say no.']);
    expect(call.twilio.gathering).to.deep.include({ input: 'dtmf speech', numDigits: '1', language: 'en-US' });
    expect(call.twilio.gathering?.hints).to.match(/^yes, .*\bno\b/);
    await call.twilio.speak('yes', 0.95);
    expect(call.waiting).to.equal('queue');
    expect(await queuedFor(call.sid)).to.equal('billing');
  });

  it('"no" asks the menu again and counts as a wrong answer: with two misrecognitions after it the caller reaches the operator', async () => {
    const call = await placeCall(server);
    await call.press('2');
    await call.twilio.speak('ventas', 0.2);
    expect(call.lastHeard).to.deep.equal(['¿Dijo ventas? Oprima 1 o diga sí. Oprima 2 o diga no.']);
    await call.twilio.speak('no', 0.9);
    expect(call.lastHeard[0]).to.match(/^Para facturación, oprima 1\./);
    expect(call.waiting).to.equal('gather');
    await call.twilio.speak('pizza', 0.9);
    expect(call.lastHeard[0]).to.equal('Lo siento, esa no es una opción válida.');
    await call.twilio.speak('el clima', 0.9);
    expect(call.waiting).to.equal('queue');
    expect(await queuedFor(call.sid)).to.equal('general');
  });
});
