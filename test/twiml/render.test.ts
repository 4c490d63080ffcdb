import { expect } from 'chai';
import twilio from 'twilio';
import type { Reply, Wait } from '../../src/twiml/reply.js';
import type { Utterance } from '../../src/flows/call-types.js';
import { renderFallback, renderHangup, renderReply } from '../../src/twiml/render.js';
import type { UrlFor } from '../../src/twiml/urls.js';
import { Call, compiled, readTexts, CENTRE_FLOWS } from '../flows/helpers.js';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const BASE = 'https://sb.example.com/voice';
const urlFor: UrlFor = Object.assign((route: string) => `${BASE}/${route}?seq=3`, {
  whisper: (id: number) => `${BASE}/agent/whisper?assignment=${id}`,
});
const reply = (wait: Wait, utterances: Utterance[] = []): Reply => ({ utterances, effects: [], wait });
const render = (wait: Wait, utterances: Utterance[] = []) => renderReply(reply(wait, utterances), urlFor);

describe('TwiML rendering', () => {
  describe('utterances before the wait', () => {
    it('renders say with language and voice, play, pause, and say without voice, in order and escaped', () => {
      const xml = render({ kind: 'hangup' }, [
        { say: 'Hello & welcome <friend>', language: 'en-US', voice: 'Polly.Joanna' },
        { play: 'https://x.example.com/a.mp3?x=1&y=2' },
        { pause: 2 },
        { say: 'Hola', language: 'es-MX' },
      ]);
      expect(xml).to.equal(
        XML +
          '<Response>' +
          '<Say language="en-US" voice="Polly.Joanna">Hello &amp; welcome &lt;friend&gt;</Say>' +
          '<Play>https://x.example.com/a.mp3?x=1&amp;y=2</Play>' +
          '<Pause length="2"/>' +
          '<Say language="es-MX">Hola</Say>' +
          '<Hangup/>' +
          '</Response>',
      );
    });
  });

  describe('one verb per wait kind', () => {
    it('gather (keys only): numDigits, timeout, prompt inside, then a no-input redirect', () => {
      const xml = render(
        { kind: 'gather', step: 'main', prompt: [{ say: 'Press 1.', language: 'en-US', voice: 'Polly.Joanna' }], timeout: 6, numDigits: 1 },
        [{ say: 'Sorry.', language: 'en-US' }],
      );
      expect(xml).to.equal(
        XML +
          '<Response>' +
          '<Say language="en-US">Sorry.</Say>' +
          `<Gather input="dtmf" action="${BASE}/gather?seq=3" method="POST" timeout="6" numDigits="1">` +
          '<Say language="en-US" voice="Polly.Joanna">Press 1.</Say>' +
          '</Gather>' +
          `<Redirect method="POST">${BASE}/no-input?seq=3</Redirect>` +
          '</Response>',
      );
    });

    it('gather with keys of different lengths leaves numDigits out', () => {
      const xml = render({ kind: 'gather', step: 'acct', prompt: [{ pause: 1 }], timeout: 10 });
      expect(xml).to.equal(
        XML +
          '<Response>' +
          `<Gather input="dtmf" action="${BASE}/gather?seq=3" method="POST" timeout="10"><Pause length="1"/></Gather>` +
          `<Redirect method="POST">${BASE}/no-input?seq=3</Redirect>` +
          '</Response>',
      );
    });

    it('gather with speech: dtmf and speech input, language, hints and automatic speech timeout', () => {
      const xml = render({
        kind: 'gather',
        step: 'main',
        prompt: [{ say: 'Diga ventas.', language: 'es-MX', voice: 'Polly.Mia' }],
        timeout: 5,
        numDigits: 1,
        speech: { language: 'es-MX', hints: ['ventas', 'soporte técnico'], endTimeout: 'auto', bargeIn: true },
      });
      expect(xml).to.equal(
        XML +
          '<Response>' +
          `<Gather input="dtmf speech" action="${BASE}/gather?seq=3" method="POST" timeout="5" numDigits="1" language="es-MX" hints="ventas, soporte técnico" speechTimeout="auto">` +
          '<Say language="es-MX" voice="Polly.Mia">Diga ventas.</Say>' +
          '</Gather>' +
          `<Redirect method="POST">${BASE}/no-input?seq=3</Redirect>` +
          '</Response>',
      );
    });

    it('enqueue: the group as queue name, with waitUrl and action', () => {
      expect(render({ kind: 'enqueue', step: 'billing', group: 'billing' })).to.equal(
        XML +
          '<Response>' +
          `<Enqueue waitUrl="${BASE}/queue-wait?seq=3" waitUrlMethod="POST" action="${BASE}/queue-result?seq=3" method="POST">billing</Enqueue>` +
          '</Response>',
      );
    });

    it('hold: announcements, the hold prompt and the music inside a one-key <Gather> (Twilio loops the waitUrl document)', () => {
      expect(
        render(
          {
            kind: 'hold',
            step: 'billing',
            prompt: [{ say: 'Thank you for holding.', language: 'en-US' }],
            music: 'http://m.example.com/hold.mp3',
          },
          [{ say: 'You are number 2 in line.', language: 'en-US' }],
        ),
      ).to.equal(
        XML +
          `<Response><Gather input="dtmf" numDigits="1" timeout="1" action="${BASE}/queue-key?seq=3" method="POST">` +
          '<Say language="en-US">You are number 2 in line.</Say><Say language="en-US">Thank you for holding.</Say><Play>http://m.example.com/hold.mp3</Play>' +
          '</Gather></Response>',
      );
    });

    it('leave, and connect: dial the agent with the whisper on their leg', () => {
      expect(render({ kind: 'leave', step: 'billing' })).to.equal(XML + '<Response><Leave/></Response>');
      expect(
        render({
          kind: 'connect',
          step: 'billing',
          assignmentId: 7,
          agent: { kind: 'client', contact: 'ana' },
          timeout: 20,
          callerId: '+15551230000',
        }),
      ).to.equal(
        XML +
          `<Response><Dial action="${BASE}/dial-result?seq=3" method="POST" timeout="20" callerId="+15551230000">` +
          `<Client url="${BASE}/agent/whisper?assignment=7" method="POST">ana</Client></Dial></Response>`,
      );
    });

    it('dial with caller id, timeout and action', () => {
      expect(
        render({ kind: 'dial', step: 'op', to: '+15551234567', timeout: 20, callerId: '+18005550100' }, [
          { say: 'Connecting.', language: 'en-US' },
        ]),
      ).to.equal(
        XML +
          '<Response>' +
          '<Say language="en-US">Connecting.</Say>' +
          `<Dial action="${BASE}/dial-result?seq=3" method="POST" timeout="20" callerId="+18005550100"><Number>+15551234567</Number></Dial>` +
          '</Response>',
      );
    });

    it('dial without caller id leaves the attribute out', () => {
      expect(render({ kind: 'dial', step: 'op', to: '+15551234567', timeout: 30 })).to.equal(
        XML +
          `<Response><Dial action="${BASE}/dial-result?seq=3" method="POST" timeout="30"><Number>+15551234567</Number></Dial></Response>`,
      );
    });

    it('record: prompt, record with beep, then a no-input redirect for an empty message', () => {
      expect(
        render({ kind: 'record', step: 'vm', prompt: [{ say: 'Leave a message.', language: 'en-US' }], maxLength: 120, finishOnKey: '#' }),
      ).to.equal(
        XML +
          '<Response>' +
          '<Say language="en-US">Leave a message.</Say>' +
          `<Record action="${BASE}/recorded?seq=3" method="POST" maxLength="120" finishOnKey="#" playBeep="true"/>` +
          `<Redirect method="POST">${BASE}/no-input?seq=3</Redirect>` +
          '</Response>',
      );
    });

    it('hangup', () => {
      expect(render({ kind: 'hangup' }, [{ say: 'Goodbye.', language: 'en-US' }])).to.equal(
        XML + '<Response><Say language="en-US">Goodbye.</Say><Hangup/></Response>',
      );
      expect(renderHangup()).to.equal(XML + '<Response><Hangup/></Response>');
    });

    it('refuses to answer while a lookup is pending', () => {
      expect(() => render({ kind: 'lookup', step: 'crm' })).to.throw("cannot answer Twilio while lookup 'crm' is pending");
    });
  });

  describe('fallback (Twilio holds the caller while we are unwell)', () => {
    const SORRY = '<Say language="en-US">We are sorry, we are having technical difficulties. Please hold while we connect you.</Say>';

    it('to a queue: held by Twilio, asking us how we are, then resumed through /voice/recover', () => {
      expect(renderFallback({ queue: 'general' }, 'https://sb.example.com')).to.equal(
        XML +
          `<Response>${SORRY}<Enqueue waitUrl="https://sb.example.com/voice/fallback-wait" waitUrlMethod="POST">general</Enqueue>` +
          '<Redirect method="POST">https://sb.example.com/voice/recover</Redirect></Response>',
      );
    });

    it('to a number: a plain Dial', () => {
      expect(renderFallback({ number: '+15551234567' }, 'https://sb.example.com')).to.equal(
        XML + `<Response>${SORRY}<Dial>+15551234567</Dial></Response>`,
      );
    });
  });

  describe('engine replies rendered', () => {
    it("acme-support's first answer: greeting, then the language menu as a Gather", () => {
      const cf = compiled(readTexts(CENTRE_FLOWS, '.'), 'acme-support');
      const call = new Call(cf, Date.parse('2026-11-23T10:00:00-05:00'));
      expect(renderReply(call.start().reply, urlFor)).to.equal(
        XML +
          '<Response>' +
          '<Say language="en-US" voice="Polly.Joanna">Thank you for calling Acme.</Say>' +
          `<Gather input="dtmf" action="${BASE}/gather?seq=3" method="POST" timeout="5" numDigits="1">` +
          '<Say language="en-US" voice="Polly.Joanna">For English, press 1.</Say>' +
          '<Say language="es-MX" voice="Polly.Mia">Para español, oprima 2.</Say>' +
          '</Gather>' +
          `<Redirect method="POST">${BASE}/no-input?seq=3</Redirect>` +
          '</Response>',
      );
    });
  });

  describe("Twilio request signatures (the twilio package's reference vector)", () => {
    const token = '12345';
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

    it('computes RSOYDt4T1cUTdK1PDd93/VVr8B8=', () => {
      expect(twilio.getExpectedTwilioSignature(token, url, params)).to.equal('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    });

    it('validates the vector and rejects a changed parameter, URL or token', () => {
      expect(twilio.validateRequest(token, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params)).to.equal(true);
      expect(twilio.validateRequest(token, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, { ...params, Digits: '1235' })).to.equal(false);
      expect(twilio.validateRequest(token, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url.replace('foo=1', 'foo=2'), params)).to.equal(false);
      expect(twilio.validateRequest('54321', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params)).to.equal(false);
    });
  });
});
