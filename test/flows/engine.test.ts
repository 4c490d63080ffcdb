import { expect } from 'chai';
import { ENDED, RINGING, stateInfo, type CompiledFlow } from '../../src/flows/compile.js';
import { QUEUE_SUBSTATES } from '../../src/flows/compile-queue.js';
import { evaluate } from '../../src/flows/conditions.js';
import type { Condition, Hours } from '../../src/flows/model.js';
import { waitOf, type StepResult } from '../../src/calls/step.js';
import { Call, compiled, readTexts, CENTRE_FLOWS } from './helpers.js';

// Monday 2026-11-23, New York time (EST, UTC-5).
const MONDAY_10AM = Date.parse('2026-11-23T10:00:00-05:00');
const MONDAY_7_59PM = Date.parse('2026-11-23T19:59:00-05:00');
const MONDAY_8PM = Date.parse('2026-11-23T20:00:00-05:00');
// Friday 2027-01-01 (a weekday, but a closed date in acme-support).
const NEW_YEAR_10AM = Date.parse('2027-01-01T10:00:00-05:00');

const MAIN_MENU_EN =
  'For billing, press 1. For technical support, press 2. For sales, press 3. To speak with an operator, press 0. To hear these options again, press 9.';
const MAIN_MENU_ES =
  'Para facturación, oprima 1. Para soporte técnico, oprima 2. Para ventas, oprima 3. Para hablar con un operador, oprima 0. Para escuchar estas opciones de nuevo, oprima 9.';
const HOLD_MUSIC = 'http://com.twilio.sounds.music.s3.amazonaws.com/MARKOVICHAMP-Borghestral.mp3';

describe('call engine (pure stepCall over compiled flows)', () => {
  describe('acme-support', () => {
    let cf: CompiledFlow;
    before(() => {
      cf = compiled(readTexts(CENTRE_FLOWS, '.'), 'acme-support');
    });

    /** A call answered at `at` and waiting in the language menu. */
    const answered = (at = MONDAY_10AM) => {
      const call = new Call(cf, at);
      call.start();
      return call;
    };
    /** A call that chose `key` at the language menu (at `at`). */
    const chose = (key: string, at = MONDAY_10AM) => {
      const call = answered(at);
      call.press(key);
      return call;
    };

    it('starts ringing and, on CALL_STARTED, greets and waits in the language menu', () => {
      const call = new Call(cf, MONDAY_10AM);
      expect(call.state.state).to.equal(RINGING);
      const r = call.start('+15557654321', '+18005550100');
      expect(r.call.state).to.equal('choose-language');
      expect(r.call.context).to.deep.equal({
        caller: '+15557654321',
        dialled: '+18005550100',
        language: 'en-US',
        vars: {},
        noInput: 0,
        invalid: 0,
        path: [],
      });
      expect(r.reply.utterances).to.deep.equal([{ say: 'Thank you for calling Acme.', language: 'en-US', voice: 'Polly.Joanna' }]);
      expect(r.reply.wait).to.deep.equal({
        kind: 'gather',
        step: 'choose-language',
        prompt: [
          { say: 'For English, press 1.', language: 'en-US', voice: 'Polly.Joanna' },
          { say: 'Para español, oprima 2.', language: 'es-MX', voice: 'Polly.Mia' },
        ],
        timeout: 5,
        numDigits: 1,
      });
      expect(r.reply.effects).to.deep.equal([]);
    });

    it('language choice 2 switches the call to es-MX and opens the main menu in Spanish', () => {
      const call = answered();
      const r = call.press('2');
      expect(r.call.state).to.equal('main-menu');
      expect(r.call.context.language).to.equal('es-MX');
      expect(r.call.context.path).to.deep.equal(['choose-language:2']);
      expect(r.reply.wait).to.deep.equal({
        kind: 'gather',
        step: 'main-menu',
        prompt: [{ say: MAIN_MENU_ES, language: 'es-MX', voice: 'Polly.Mia' }],
        timeout: 6,
        numDigits: 1,
        speech: {
          language: 'es-MX',
          hints: ['operador', 'agente', 'facturación', 'factura', 'pago', 'soporte', 'soporte técnico', 'ayuda', 'ventas', 'comprar'],
          endTimeout: 2,
          bargeIn: true,
          model: 'phone_call',
          enhanced: true,
        },
      });
    });

    it('language choice 1 opens the main menu in English', () => {
      const call = chose('1');
      expect(call.state.context.language).to.equal('en-US');
      expect(call.prompt).to.deep.equal([MAIN_MENU_EN]);
    });

    it('counts invalid keys and silences separately: 2 + 2 stay in the menu, the 3rd invalid goes to general', () => {
      const call = chose('2');
      const sorry = [{ say: 'Lo siento, esa no es una opción válida.', language: 'es-MX', voice: 'Polly.Mia' }];

      expect(call.press('7').reply.utterances).to.deep.equal(sorry);
      expect(call.state).to.deep.include({ state: 'main-menu' });
      expect(call.state.context).to.deep.include({ invalid: 1, noInput: 0 });

      call.silence();
      expect(call.last.reply.utterances).to.deep.equal([]); // no_input has no say
      expect(call.state.context).to.deep.include({ invalid: 1, noInput: 1 });

      call.press('8');
      call.silence();
      expect(call.state.state).to.equal('main-menu');
      expect(call.state.context).to.deep.include({ invalid: 2, noInput: 2 });
      expect(call.prompt).to.deep.equal([MAIN_MENU_ES]);

      const r = call.press('4');
      expect(r.call.state).to.equal('general');
      expect(r.reply.utterances).to.deep.equal(sorry);
      expect(r.reply.effects).to.deep.equal([{ type: 'enqueue', step: 'general', group: 'general', priority: 0 }]);
      expect(r.reply.wait).to.deep.equal({ kind: 'enqueue', step: 'general', group: 'general' });
    });

    it('a 3rd silence at the main menu goes to general too, whatever the invalid count', () => {
      const call = chose('1');
      call.press('5');
      call.silence();
      call.silence();
      expect(call.state.state).to.equal('main-menu');
      expect(call.silence().call.state).to.equal('general');
    });

    it('a valid key after wrong ones still works and the next menu starts counting from zero', () => {
      const call = chose('1');
      call.press('7');
      call.press('7');
      const r = call.press('2');
      expect(r.call.state).to.equal('support');
      expect(r.reply.effects).to.deep.equal([{ type: 'enqueue', step: 'support', group: 'support', priority: 0 }]);
    });

    it('the repeat key re-renders the menu without saying sorry and without counting', () => {
      const call = chose('1');
      call.press('7');
      const before = call.state.context;
      const r = call.press('9');
      expect(r.call.state).to.equal('main-menu');
      expect(r.reply.utterances).to.deep.equal([]);
      expect(r.reply.effects).to.deep.equal([]);
      expect(r.call.context).to.deep.include({ invalid: before.invalid, noInput: before.noInput });
      expect(r.reply.wait).to.deep.include({ kind: 'gather', step: 'main-menu', timeout: 6, numDigits: 1 });
      expect(call.prompt).to.deep.equal([MAIN_MENU_EN]);
      // Pressing 9 many times never reaches the invalid limit.
      for (let i = 0; i < 5; i++) call.press('9');
      expect(call.state.state).to.equal('main-menu');
      expect(call.state.context.invalid).to.equal(1);
    });

    describe('hanging up', () => {
      const states: [string, string, () => Call][] = [
        ['ringing', RINGING, () => new Call(cf, MONDAY_10AM)],
        ['the language menu', 'choose-language', () => answered()],
        ['the main menu', 'main-menu', () => chose('1')],
        ['a queue', 'billing', () => ((c) => (c.press('1'), c))(chose('1'))],
        ['voicemail', 'voicemail', () => chose('1', NEW_YEAR_10AM)],
        [
          'the survey',
          'survey/rate',
          () => ((c) => (c.press('3'), c.send({ type: 'QUEUE_RESULT', at: c.at, result: 'bridged' }), c))(chose('1')),
        ],
      ];
      for (const [where, state, make] of states) {
        it(`HUNG_UP in ${where} ends the call`, () => {
          const call = make();
          expect(call.state.state).to.equal(state);
          const r = call.send({ type: 'HUNG_UP', at: call.at, status: 'completed' });
          expect(r.call.state).to.equal(ENDED);
          expect(r.call.context).to.deep.equal(call.state.context);
          expect(r.reply.wait).to.deep.equal({ kind: 'hangup' });
          expect(r.reply.utterances).to.deep.equal([]);
          // Routing releases what it holds for the caller: asked as data, carried out by the edge.
          expect(r.reply.effects).to.deep.equal([{ type: 'caller-gone' }]);
        });
      }

      it('HUNG_UP after the call ended (a late status callback) still asks routing to let the caller go', () => {
        const call = chose('1');
        call.press('3');
        call.send({ type: 'QUEUE_RESULT', at: call.at, result: 'hangup' });
        expect(call.state.state).to.equal(ENDED);
        const r = call.send({ type: 'HUNG_UP', at: call.at, status: 'completed' });
        expect(r.call.state).to.equal(ENDED);
        expect(r.reply.effects).to.deep.equal([{ type: 'caller-gone' }]);
        expect(r.entered).to.deep.equal([]);
      });

      it('an ended call stays ended whatever comes next', () => {
        const call = chose('1');
        call.send({ type: 'HUNG_UP', at: call.at, status: 'completed' });
        const ended = call.state;
        const r = call.press('1');
        expect(r.call).to.deep.equal(ended);
        expect(r.reply).to.deep.equal({ utterances: [], effects: [], wait: { kind: 'hangup' } });
      });
    });

    describe('events that do not apply to the current step change nothing', () => {
      it('DIGITS while queued', () => {
        const call = chose('1');
        call.press('1');
        const before = call.state;
        const r = call.press('5');
        expect(r.call).to.deep.equal(before);
        expect(r.reply.utterances).to.deep.equal([]);
        expect(r.reply.effects).to.deep.equal([]);
        expect(r.reply.wait).to.deep.equal({ kind: 'enqueue', step: 'billing', group: 'billing' });
      });

      it('QUEUE_RESULT, DIAL_RESULT, RECORDED and a second CALL_STARTED in a menu', () => {
        const call = chose('1');
        const before = call.state;
        for (const e of [
          { type: 'QUEUE_RESULT', at: call.at, result: 'bridged' },
          { type: 'DIAL_RESULT', at: call.at, status: 'completed' },
          { type: 'RECORDED', at: call.at, url: 'https://example.com/r.wav', duration: 3 },
          { type: 'CALL_STARTED', at: call.at, caller: '+15550000000', dialled: '+15550000001' },
          { type: 'LOOKUP_RESULT', at: call.at, ok: true, data: {} },
        ] as const) {
          const r = call.send(e);
          expect(r.call, e.type).to.deep.equal(before);
          expect(r.reply.utterances, e.type).to.deep.equal([]);
          expect(r.reply.effects, e.type).to.deep.equal([]);
        }
      });

      it('QUEUE_WAIT keeps the caller in the queue, announces where they stand, and answers with the hold prompt and music', () => {
        const call = chose('2');
        call.press('1');
        const before = call.state;
        const r = call.send({ type: 'QUEUE_WAIT', at: call.at, position: 3, queueTime: 40, etaSeconds: 200 });
        expect(r.call).to.deep.equal({
          ...before,
          context: { ...before.context, queue: { ...before.context.queue!, announcedAt: 40, announcedPosition: 3 } },
        });
        expect(r.reply.utterances.map((u) => ('say' in u ? u.say : ''))).to.deep.equal([
          'Usted es el número 3 en la fila.',
          'Su tiempo de espera estimado es de unos 3 minutos.',
          'Para que le devolvamos la llamada sin perder su lugar, oprima asterisco. Para dejar un mensaje, oprima 1.',
        ]);
        // Not again until announceEvery (default 60 s) of queue time has passed, unless the position improved.
        expect(call.send({ type: 'QUEUE_WAIT', at: call.at, position: 3, queueTime: 70 }).reply.utterances).to.deep.equal([]);
        expect(call.send({ type: 'QUEUE_WAIT', at: call.at, position: 2, queueTime: 100, etaSeconds: 30 }).reply.utterances).to.have.length(
          3,
        );
        expect(r.reply.wait).to.deep.equal({
          kind: 'hold',
          step: 'billing',
          prompt: [
            {
              say: 'Gracias por esperar. El próximo agente disponible le atenderá en breve.',
              language: 'es-MX',
              voice: 'Polly.Mia',
            },
          ],
          music: HOLD_MUSIC,
        });
      });

      it('an unknown queue result leaves the caller queued', () => {
        const call = chose('1');
        call.press('1');
        const r = call.send({ type: 'QUEUE_RESULT', at: call.at, result: 'currently-queued' });
        expect(r.call.state).to.equal('billing');
      });
    });

    describe('queue outcomes', () => {
      it('queue-full goes to busy-voicemail: sorry, then the voicemail prompt', () => {
        const call = chose('1');
        call.press('3');
        const r = call.send({ type: 'QUEUE_RESULT', at: call.at, result: 'queue-full' });
        expect(r.call.state).to.equal('voicemail');
        expect(call.heard).to.deep.equal(['We are sorry, we cannot take your call right now.']);
        expect(r.reply.wait).to.deep.include({ kind: 'record', step: 'voicemail', maxLength: 120, finishOnKey: '#' });
      });

      it('an agent found while the caller is leaving for another group still gets the call', () => {
        const call = chose('1');
        call.press('1');
        expect(
          call.send({ type: 'QUEUE_WAIT', at: call.at, queueTime: 300, overflow: { action: 'group', group: 'general' } }).call.state,
        ).to.equal('billing#leave');
        const agent = { kind: 'phone', contact: '+15551110001' } as const;
        const r = call.send({ type: 'CONNECT_AGENT', at: call.at, assignmentId: 7, agent, timeout: 20 });
        expect(r.call.state).to.equal('billing#connecting');
        expect(r.reply.wait).to.deep.include({ kind: 'connect', assignmentId: 7, agent });
        // Twilio's answer to the <Leave/> that was already on its way changes nothing.
        expect(call.send({ type: 'QUEUE_RESULT', at: call.at, result: 'leave' }).call.state).to.equal('billing#connecting');
      });

      it('in-queue waits answered outside the queue (a recovery, a late request) put the caller back in it', () => {
        const call = chose('1');
        call.press('1');
        const queued = call.state;
        for (const sub of ['', '#hold', '#callback-offer', '#leave']) {
          const state = { ...queued, state: `billing${sub}` };
          expect(waitOf(call.cf, state, 'QUEUE_WAIT').kind, sub).to.not.equal('enqueue');
          for (const eventType of [undefined, 'CALL_STARTED', 'CONNECT_AGENT', 'QUEUE_RESULT'] as const) {
            expect(waitOf(call.cf, state, eventType), `${sub} ${eventType}`).to.deep.equal({
              kind: 'enqueue',
              step: 'billing',
              group: 'billing',
            });
          }
        }
      });

      describe('ringing an agent: how the ring ended is asked of routing as data', () => {
        const agent = { kind: 'phone', contact: '+15551110001' } as const;
        const ringingAgent = () => {
          const call = chose('1');
          call.press('1');
          call.send({ type: 'CONNECT_AGENT', at: call.at, assignmentId: 7, agent, timeout: 20 });
          expect(call.state.state).to.equal('billing#connecting');
          return call;
        };
        const dialEnded = (r: StepResult) => r.reply.effects.filter((e) => e.type === 'agent-dial-ended');

        it('the agent took the call: the offer ends as talked, the caller goes on', () => {
          const call = ringingAgent();
          const r = call.send({ type: 'DIAL_RESULT', at: call.at, status: 'completed', duration: 95, bridged: true });
          expect(r.call.state).to.equal('survey/rate');
          expect(dialEnded(r)).to.deep.equal([{ type: 'agent-dial-ended', assignmentId: 7, status: 'completed', callerGone: false }]);
        });

        it("the agent did not take it: the offer ends (a miss is routing's call), then the caller is queued again", () => {
          const call = ringingAgent();
          const r = call.send({ type: 'DIAL_RESULT', at: call.at, status: 'no-answer', bridged: false });
          expect(r.call.state).to.equal('billing');
          // Ended before the caller's entry is opened again: the miss puts them back at their place first.
          expect(r.reply.effects.map((e) => e.type)).to.deep.equal(['agent-dial-ended', 'enqueue']);
          expect(dialEnded(r)).to.deep.equal([{ type: 'agent-dial-ended', assignmentId: 7, status: 'no-answer', callerGone: false }]);
        });

        it('the caller hung up while it rang: the offer ends as withdrawn, the call ends', () => {
          const call = ringingAgent();
          const r = call.send({ type: 'DIAL_RESULT', at: call.at, status: 'canceled', bridged: false, callerGone: true });
          expect(r.call.state).to.equal(ENDED);
          expect(r.reply.effects).to.deep.equal([{ type: 'agent-dial-ended', assignmentId: 7, status: 'canceled', callerGone: true }]);
        });

        it('a dial result outside the connecting state asks routing nothing', () => {
          const call = chose('1');
          call.press('1');
          expect(call.send({ type: 'DIAL_RESULT', at: call.at, status: 'completed' }).reply.effects).to.deep.equal([]);
        });
      });

      it('a caller who hangs up in the queue ends the call', () => {
        const call = chose('1');
        call.press('3');
        expect(call.send({ type: 'QUEUE_RESULT', at: call.at, result: 'hangup' }).call.state).to.equal(ENDED);
      });
    });

    describe("stateInfo: what a stored state is, from its state node's meta", () => {
      it('names the step, its kind and, in a queue step, the part', () => {
        expect(stateInfo(cf, RINGING)).to.deep.equal({ kind: 'ringing', step: RINGING });
        expect(stateInfo(cf, ENDED)).to.deep.equal({ kind: 'ended', step: ENDED });
        expect(stateInfo(cf, 'main-menu')).to.deep.equal({ kind: 'menu', step: 'main-menu' });
        expect(stateInfo(cf, 'survey/rate')).to.deep.equal({ kind: 'survey', step: 'survey/rate' });
        expect(stateInfo(cf, 'billing')).to.deep.equal({ kind: 'queue', step: 'billing', part: 'arrival' });
        for (const part of QUEUE_SUBSTATES)
          expect(stateInfo(cf, `billing#${part}`)).to.deep.equal({ kind: 'queue', step: 'billing', part });
      });

      it('every state of the machine has it, and the name of a state no flow has is refused', () => {
        for (const key of Object.keys(cf.machine.states)) expect(stateInfo(cf, key).step, key).to.be.a('string');
        expect(() => stateInfo(cf, 'billing#lobby')).to.throw("has no state 'billing#lobby'");
      });
    });

    describe('business hours (mon-fri 08:00-20:00 New York, closed 2027-01-01)', () => {
      it('at 19:59 on a Monday the main menu opens', () => {
        expect(chose('1', MONDAY_7_59PM).state.state).to.equal('main-menu');
      });

      it('at 20:00 on a Monday the caller hears the closed message and goes to voicemail', () => {
        const call = chose('1', MONDAY_8PM);
        expect(call.state.state).to.equal('voicemail');
        expect(call.heard).to.deep.equal(['Our offices are closed. We are open Monday to Friday, 8 AM to 8 PM Eastern time.']);
        expect(call.prompt).to.deep.equal(['Please leave a message after the tone. Press the pound key when you are finished.']);
      });

      it('on 2027-01-01 (a Friday) it is closed all day, in Spanish for a Spanish caller', () => {
        const call = chose('2', NEW_YEAR_10AM);
        expect(call.state.state).to.equal('voicemail');
        expect(call.heard).to.deep.equal([
          'Nuestras oficinas están cerradas. Abrimos de lunes a viernes, de 8 de la mañana a 8 de la noche, hora del Este.',
        ]);
      });

      it('the hours are checked when the language is chosen, not when the call started', () => {
        const call = answered(MONDAY_7_59PM);
        call.at = MONDAY_8PM;
        call.press('1');
        expect(call.state.state).to.equal('voicemail');
      });

      it('a recorded message is stored as an effect, then thanks and hangs up', () => {
        const call = chose('1', MONDAY_8PM);
        const r = call.send({ type: 'RECORDED', at: call.at, url: 'https://api.twilio.com/rec/RE1', duration: 17 });
        expect(r.reply.effects).to.deep.equal([
          { type: 'recording', step: 'voicemail', url: 'https://api.twilio.com/rec/RE1', duration: 17 },
        ]);
        expect(call.heard).to.deep.equal(['Thank you for your message. Goodbye.']);
        expect(r.call.state).to.equal(ENDED);
      });

      it('an empty voicemail (no-input) stores nothing and still thanks the caller', () => {
        const call = chose('1', MONDAY_8PM);
        const r = call.silence();
        expect(r.reply.effects).to.deep.equal([]);
        expect(call.heard).to.deep.equal(['Thank you for your message. Goodbye.']);
        expect(r.call.state).to.equal(ENDED);
      });
    });

    describe('post-call survey (sub-flow inlined as survey/…)', () => {
      const surveyed = (language: '1' | '2') => {
        const call = chose(language);
        call.press('1');
        call.send({ type: 'QUEUE_RESULT', at: call.at, result: 'bridged' });
        return call;
      };

      it('after the agent, the survey asks for a score in the caller language', () => {
        const call = surveyed('2');
        expect(call.state.state).to.equal('survey/rate');
        expect(call.last.reply.wait).to.deep.equal({
          kind: 'gather',
          step: 'survey/rate',
          prompt: [{ say: 'En una escala del 1 al 5, ¿qué tan satisfecho quedó?', language: 'es-MX', voice: 'Polly.Mia' }],
          timeout: 5,
          numDigits: 1,
        });
      });

      it('a score stores a survey effect and says goodbye', () => {
        const call = surveyed('1');
        const r = call.press('4');
        expect(r.reply.effects).to.deep.equal([{ type: 'survey', step: 'survey/rate', kind: 'csat', score: 4 }]);
        expect(call.heard).to.deep.equal(['Thank you. Goodbye.']);
        expect(r.call.state).to.equal(ENDED);
      });

      it('a key outside the scale is invalid: no effect, a hint, then the 2nd goes on without a score', () => {
        const call = surveyed('1');
        let r = call.press('7');
        expect(r.reply.effects).to.deep.equal([]);
        expect(call.heard).to.deep.equal(['Please press a number from 1 to 5.']);
        expect(r.call.state).to.equal('survey/rate');
        r = call.press('0');
        expect(r.reply.effects).to.deep.equal([]);
        expect(call.heard).to.deep.equal(['Please press a number from 1 to 5.', 'Thank you. Goodbye.']);
        expect(r.call.state).to.equal(ENDED);
      });
    });

    it('keeps the persisted call state under 1000 bytes through a long call', () => {
      const call = chose('2');
      for (let i = 0; i < 100; i++) call.press('9');
      call.press('7');
      call.silence();
      call.press('8');
      call.silence();
      expect(call.state.state).to.equal('main-menu');
      call.press('1');
      for (let i = 0; i < 200; i++) call.send({ type: 'QUEUE_WAIT', at: call.at, position: 1, queueTime: i * 30 });
      call.send({ type: 'QUEUE_RESULT', at: call.at, result: 'bridged' });
      call.press('5');
      expect(call.state.state).to.equal(ENDED);
      expect(call.sizes.length).to.equal(1 + 1 + 100 + 4 + 1 + 200 + 1 + 1);
      expect(Math.max(...call.sizes)).to.be.lessThan(1000);
    });
  });

  describe('a custom flow: set, branch, lookup, queue priority, transfer, speech', () => {
    const FLOW = `
flow: custom
default: true
numbers: ["+18005550150"]
start: remember
steps:
  remember:
    set: { greeting: "Hello {caller}", prio: 7 }
    next: find-customer
  find-customer:
    lookup: https://crm.example.com/customers
    save:
      tier: customer.tier
      name: customer.name
      balance: customer.balance
      region: customer.address.region
    next: route
    on_failure: sorry
  route:
    branch:
      - if: { var: tier, is: gold }
        goto: vip
        set: { prio: 90 }
      - if: { all: [{ var: balance, gt: 100 }, { not: { var: tier, is: silver } }] }
        goto: overdue
      - if: { var: tier, in: [silver, bronze] }
        goto: regular
      - if: { any: [{ var: caller, starts_with: "+44" }, { var: region, is: eu }] }
        goto: europe
    else: stranger
  vip:
    say: Welcome back {name}, gold member.
    next: main
  overdue:
    say: Your balance of {balance} dollars is overdue.
    next: main
  regular:
    say: Welcome back {name}.
    next: main
  europe:
    say: Hello Europe.
    next: main
  stranger:
    say: "{greeting}, welcome."
    next: main
  sorry:
    say: We could not find your account.
    next: main
  main:
    menu: Say sales or press 1. Say support or press 2. Press 3 for the operator.
    options:
      "1": { goto: sales, words: [sales, Buy] }
      "2": { words: [support, help], goto: support }
      "3": connecting
    no_input: { attempts: 2, then: hangup }
    invalid: { say: Sorry?, attempts: 2, then: hangup }
  sales:
    queue: sales
    priority: "{prio}"
    then: hangup
    on_failure: hangup
  support:
    queue: support
    priority: 50
    then: hangup
    on_failure: hangup
  connecting:
    say: Connecting you to the operator.
    next: operator
  operator:
    transfer: "+15551234567"
    caller_id: "+18005550150"
    timeout: 20
    then: hangup
    on_failure: operator-busy
  operator-busy:
    voicemail: The operator is busy. Leave a message.
    max_length: 60
    then: hangup
`;
    let cf: CompiledFlow;
    before(() => {
      cf = compiled({ 'custom.yaml': FLOW }, 'custom');
    });

    /** A call from `caller` that has reached the lookup step. */
    const atLookup = (caller = '+15551230000') => {
      const call = new Call(cf, MONDAY_10AM);
      call.start(caller, '+18005550150');
      return call;
    };
    /** A call whose lookup answered `data` (ok), now in the main menu. */
    const looked = (data: unknown, caller?: string) => {
      const call = atLookup(caller);
      call.send({ type: 'LOOKUP_RESULT', at: call.at, ok: true, data });
      return call;
    };

    it('set fills {caller} into a text and keeps numbers as numbers', () => {
      const call = atLookup('+15557654321');
      expect(call.state.context.vars).to.deep.equal({ greeting: 'Hello +15557654321', prio: 7 });
    });

    it('waits in the lookup step with wait kind lookup', () => {
      const call = atLookup();
      expect(call.state.state).to.equal('find-customer');
      expect(call.last.reply.wait).to.deep.equal({ kind: 'lookup', step: 'find-customer' });
      expect(call.last.reply.utterances).to.deep.equal([]);
    });

    it('other events do not move a call waiting for its lookup', () => {
      const call = atLookup();
      const before = call.state;
      expect(call.press('1').call).to.deep.equal(before);
      expect(call.silence().call).to.deep.equal(before);
    });

    it('a successful lookup saves the chosen fields (nested paths, plain values only) and goes on', () => {
      const call = looked({ customer: { tier: 'gold', name: 'Ada', balance: 20, address: { region: 'us' }, extra: 'x' } });
      expect(call.state.context.vars).to.deep.equal({
        greeting: 'Hello +15551230000',
        prio: 90,
        tier: 'gold',
        name: 'Ada',
        balance: 20,
        region: 'us',
      });
      expect(call.heard).to.deep.equal(['Welcome back Ada, gold member.']);
      expect(call.state.state).to.equal('main');
    });

    it('a lookup answer missing a field or holding an object there saves nothing for it', () => {
      const call = looked({ customer: { tier: 'bronze', name: { first: 'Ada' } } });
      expect(call.state.context.vars).to.deep.equal({ greeting: 'Hello +15551230000', prio: 7, tier: 'bronze' });
      expect(call.heard).to.deep.equal(['Welcome back .']);
    });

    it('a failed lookup goes to on_failure and saves nothing', () => {
      const call = atLookup();
      const r = call.send({ type: 'LOOKUP_RESULT', at: call.at, ok: false, data: { customer: { tier: 'gold' } } });
      expect(call.heard).to.deep.equal(['We could not find your account.']);
      expect(r.call.state).to.equal('main');
      expect(r.call.context.vars).to.deep.equal({ greeting: 'Hello +15551230000', prio: 7 });
    });

    describe('branch conditions', () => {
      const cases: [string, unknown, string | undefined, string][] = [
        ['is: gold', { customer: { tier: 'gold', balance: 500 } }, undefined, 'Welcome back , gold member.'],
        [
          'all [gt 100, not silver]',
          { customer: { tier: 'bronze', balance: 100.5 } },
          undefined,
          'Your balance of 100.5 dollars is overdue.',
        ],
        [
          'all fails on silver, then in [silver, bronze]',
          { customer: { tier: 'silver', name: 'Bo', balance: 500 } },
          undefined,
          'Welcome back Bo.',
        ],
        ['gt is strict: 100 is not > 100', { customer: { tier: 'bronze', name: 'Cy', balance: 100 } }, undefined, 'Welcome back Cy.'],
        ['any: caller starts_with +44', { customer: {} }, '+442071234567', 'Hello Europe.'],
        ['any: region is eu', { customer: { address: { region: 'eu' } } }, '+15551230000', 'Hello Europe.'],
        ['else, with the greeting set from {caller}', { customer: { tier: 'platinum' } }, '+15551230000', 'Hello +15551230000, welcome.'],
      ];
      for (const [name, data, caller, heard] of cases) {
        it(name, () => {
          const call = looked(data, caller);
          expect(call.heard).to.deep.equal([heard]);
          expect(call.state.state).to.equal('main');
        });
      }
    });

    it('the menu offers speech with its words as hints in the caller language', () => {
      const call = looked({});
      expect(call.last.reply.wait).to.deep.equal({
        kind: 'gather',
        step: 'main',
        prompt: [{ say: 'Say sales or press 1. Say support or press 2. Press 3 for the operator.', language: 'en-US' }],
        timeout: 5,
        numDigits: 1,
        speech: { language: 'en-US', hints: ['sales', 'buy', 'support', 'help'], endTimeout: 'auto', bargeIn: true },
      });
    });

    it('speech chooses an option by whole word, any case, with punctuation around', () => {
      const call = looked({});
      const r = call.say('I want to BUY, please!');
      expect(r.call.state).to.equal('sales');
      expect(r.call.context.path).to.deep.equal(['main:1']);
    });

    it('speech matching no word (or only part of one) is invalid', () => {
      const call = looked({});
      const r = call.say('salesman');
      expect(r.call.state).to.equal('main');
      expect(r.call.context.invalid).to.equal(1);
      expect(call.heard).to.deep.equal(['Sorry?']);
      expect(call.say('I need help').call.state).to.equal('support');
    });

    it('queue priority comes from the {prio} variable (set on the branch for gold)', () => {
      expect(looked({ customer: { tier: 'gold' } }).press('1').reply.effects).to.deep.equal([
        { type: 'enqueue', step: 'sales', group: 'sales', priority: 90 },
      ]);
      expect(looked({ customer: { tier: 'bronze' } }).press('1').reply.effects).to.deep.equal([
        { type: 'enqueue', step: 'sales', group: 'sales', priority: 7 },
      ]);
      expect(looked({}).press('2').reply.effects).to.deep.equal([{ type: 'enqueue', step: 'support', group: 'support', priority: 50 }]);
    });

    describe('transfer', () => {
      const transferring = () => {
        const call = looked({});
        call.press('3');
        return call;
      };

      it('dials the number with timeout and caller id (after the say step before it)', () => {
        const call = transferring();
        expect(call.state.state).to.equal('operator');
        expect(call.heard).to.deep.equal(['Connecting you to the operator.']);
        expect(call.last.reply.wait).to.deep.equal({
          kind: 'dial',
          step: 'operator',
          to: '+15551234567',
          timeout: 20,
          callerId: '+18005550150',
        });
      });

      it('DIAL_RESULT completed goes to then (hangup)', () => {
        const call = transferring();
        expect(call.send({ type: 'DIAL_RESULT', at: call.at, status: 'completed', duration: 60 }).call.state).to.equal(ENDED);
      });

      it('DIAL_RESULT busy goes to on_failure (voicemail)', () => {
        const call = transferring();
        const r = call.send({ type: 'DIAL_RESULT', at: call.at, status: 'busy' });
        expect(r.call.state).to.equal('operator-busy');
        expect(r.reply.wait).to.deep.equal({
          kind: 'record',
          step: 'operator-busy',
          prompt: [{ say: 'The operator is busy. Leave a message.', language: 'en-US' }],
          maxLength: 60,
          finishOnKey: '#',
        });
      });
    });
  });

  describe('evaluate (conditions on their own)', () => {
    const hours: Hours = { timezone: 'UTC', weekly: [[], [[540, 1020]], [], [], [], [], []], closed: [] };
    const flow = { hours: { office: hours } };
    const vars = { n: 5, s: '12', t: 'gold', empty: '', flag: true };
    const at = Date.parse('2026-11-23T10:00:00Z'); // a Monday, 10:00 UTC
    const cases: [Condition, boolean][] = [
      [{ var: 't', op: 'is', value: 'gold' }, true],
      [{ var: 't', op: 'is', value: 'Gold' }, false],
      [{ var: 'n', op: 'is', value: '5' }, true],
      [{ var: 'missing', op: 'is', value: '' }, false],
      [{ var: 't', op: 'is_not', value: 'gold' }, false],
      [{ var: 'missing', op: 'is_not', value: 'gold' }, true],
      [{ var: 'n', op: 'in', value: [1, 5] }, true],
      [{ var: 't', op: 'in', value: ['silver'] }, false],
      [{ var: 'missing', op: 'in', value: [''] }, false],
      [{ var: 't', op: 'starts_with', value: 'go' }, true],
      [{ var: 't', op: 'starts_with', value: 'old' }, false],
      [{ var: 's', op: 'gt', value: 11 }, true],
      [{ var: 'n', op: 'gte', value: 5 }, true],
      [{ var: 'n', op: 'lt', value: 5 }, false],
      [{ var: 'n', op: 'lte', value: 5 }, true],
      [{ var: 't', op: 'gt', value: 0 }, false],
      [{ var: 'empty', op: 'lt', value: 1 }, false],
      [{ var: 'missing', op: 'lt', value: 1 }, false],
      [{ var: 'empty', op: 'is_set', value: true }, false],
      [{ var: 'empty', op: 'is_set', value: false }, true],
      [{ var: 'flag', op: 'is_set', value: true }, true],
      [{ var: 'flag', op: 'is', value: true }, true],
      [
        {
          all: [
            { var: 'n', op: 'gt', value: 1 },
            { var: 't', op: 'is', value: 'gold' },
          ],
        },
        true,
      ],
      [
        {
          all: [
            { var: 'n', op: 'gt', value: 1 },
            { var: 't', op: 'is', value: 'lead' },
          ],
        },
        false,
      ],
      [
        {
          any: [
            { var: 'n', op: 'gt', value: 10 },
            { var: 't', op: 'is', value: 'gold' },
          ],
        },
        true,
      ],
      [
        {
          any: [
            { var: 'n', op: 'gt', value: 10 },
            { var: 't', op: 'is', value: 'lead' },
          ],
        },
        false,
      ],
      [{ not: { var: 't', op: 'is', value: 'gold' } }, false],
      [{ not: { not: { var: 't', op: 'is', value: 'gold' } } }, true],
      [{ open: 'office' }, true],
      [{ not: { open: 'office' } }, false],
    ];
    for (const [cond, expected] of cases) {
      it(`${JSON.stringify(cond)} → ${expected}`, () => {
        expect(evaluate(cond, { vars, at }, flow)).to.equal(expected);
      });
    }

    it('{ open } follows the time', () => {
      expect(evaluate({ open: 'office' }, { vars, at: Date.parse('2026-11-23T17:00:00Z') }, flow)).to.equal(false);
      expect(evaluate({ open: 'office' }, { vars, at: Date.parse('2026-11-24T10:00:00Z') }, flow)).to.equal(false);
    });
  });
});
