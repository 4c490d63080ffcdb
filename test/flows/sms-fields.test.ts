import { expect } from 'chai';
import { Call, compiled, load } from './helpers.js';
import { numberTextable } from '../../src/calls/advance.js';
import { readScore, keywordOf, storableBody } from '../../src/sms/reading.js';
import { isTextableNumber } from '../../src/twilio/sms-numbers.js';

const flow = (top: string, steps = '  a:\n    say: Hi.\n    next: hangup\n') =>
  `flow: f\ndefault: true\nlanguages: [en-US, fr-FR]\n${top}start: a\nsteps:\n${steps}`;
const errors = (text: string) => load({ 'f.yaml': text }).formatted.filter((d) => d.includes('error'));

describe('the flow format: feedback: and the text: step', () => {
  const texts = (lang: string) =>
    `      ${lang}: { question_nps: q, question_csat: q, question_resolved: q, follow_up: f, thanks: t, clarify_nps: c, clarify_csat: c, clarify_resolved: c, closed: x, unknown: u }\n`;
  const a = '  a:\n    say: { en-US: Hi., fr-FR: Salut. }\n    next: hangup\n';

  it('reads a feedback section with its defaults, and texts for a language without built-in ones', () => {
    const ok = load({ 'f.yaml': flow(`feedback:\n  sms: csat\n  from: "+18005550100"\n  texts:\n${texts('fr-FR')}`, a) });
    expect(ok.formatted).to.deep.equal([]);
    expect(ok.versions.get('f')!.flow.feedback).to.deep.include({
      kind: 'csat',
      from: '+18005550100',
      delaySeconds: 60,
      windowHours: 24,
      afterAbandoned: false,
    });
  });

  it('names what is wrong in a feedback section', () => {
    expect(errors(flow('feedback: { sms: stars, from: "+18005550100" }\n', a))[0])
      .to.include("feedback needs 'sms'")
      .and.include('nps, csat, resolved');
    expect(errors(flow('feedback: { sms: nps, from: "555-0100" }\n', a))[0]).to.include('from must be an E.164 number');
    expect(errors(flow('feedback: { sms: nps, from: "+18005550100", window_hours: 0 }\n', a))[0]).to.include(
      'window_hours must be between 1 and 720',
    );
    expect(errors(flow('feedback: { sms: nps, from: "+18005550100" }\n', a))[0]).to.include('there are no built-in texts in fr-FR');
    expect(
      errors(flow('feedback: { sms: nps, from: "MG' + 'a'.repeat(32) + '", texts: { fr-FR: { thanks: merci, bogus: x } } }\n', a)).join(
        '\n',
      ),
    ).to.include("unknown field 'bogus'");
  });

  it('names what is wrong in a text step', () => {
    const one = (step: string) => `flow: f\nstart: a\nsteps:\n  a:\n${step}`;
    expect(errors(one('    text: Hello\n'))[0]).to.include("needs 'then'");
    expect(errors(one('    text: Hello\n    from: nobody\n    then: hangup\n'))[0]).to.include('from must be an E.164 number');
    expect(errors(one(`    text: "${'x'.repeat(1001)}"\n    then: hangup\n`))[0]).to.include('keep it under 1000');
    expect(errors(one('    text: [a, b]\n    then: hangup\n'))[0]).to.include('text is one message');
    expect(errors(one('    text: Hi\n    then: hangup\n    unavailable: nowhere\n'))[0]).to.include("there is no step named 'nowhere'");
  });

  it('a text step sends the filled message and goes on, or says why not when the caller cannot be texted', () => {
    const cf = compiled(
      {
        'f.yaml':
          'flow: f\ndefault: true\nstart: a\nsteps:\n  a:\n    text: "Ref {caller}"\n    say: Sent.\n    then: b\n  b:\n    say: Bye.\n    next: hangup\n',
      },
      'f',
    );
    expect(cf.flow.steps.a).to.deep.include({ kind: 'text', body: { 'en-US': 'Ref {caller}' } });
    const sent = new Call(cf, 0);
    expect(sent.start().reply.wait).to.deep.equal({ kind: 'text-check', step: 'a' });
    const ok = sent.send({ type: 'TEXT_CHECKED', at: 0, ok: true });
    expect(ok.reply.effects).to.deep.equal([
      { type: 'text-message', step: 'a', to: '+15551230000', from: '+18005550100', body: 'Ref +15551230000', language: 'en-US' },
    ]);
    expect(ok.reply.utterances.map((u) => ('say' in u ? u.say : ''))).to.deep.equal(['Sent.', 'Bye.']);
    const refused = new Call(cf, 0);
    refused.start();
    const no = refused.send({ type: 'TEXT_CHECKED', at: 0, ok: false, reason: 'opted-out' });
    expect(no.reply.effects.filter((e) => e.type === 'text-message')).to.deep.equal([]);
    expect(no.reply.utterances.map((u) => ('say' in u ? u.say : ''))).to.deep.equal([
      'Sorry, we cannot send a text message to the number you are calling from.',
      'Bye.',
    ]);
    expect(numberTextable('+15551230000')).to.deep.equal({ ok: true });
    expect(numberTextable('anonymous')).to.deep.equal({ ok: false, reason: 'not-mobile' });
  });
});

describe('reading a customer’s reply', () => {
  it('scores on each scale, with the words after the score as the comment', () => {
    expect(readScore('nps', ' 9 great help ')).to.deep.equal({ score: 9, comment: 'great help' });
    expect(readScore('nps', '10/10!')).to.deep.equal({ score: 10, comment: '' });
    expect(readScore('nps', '0')).to.deep.equal({ score: 0, comment: '' });
    expect(readScore('nps', '11')).to.equal(undefined);
    expect(readScore('nps', 'nine')).to.equal(undefined);
    expect(readScore('nps', '   ')).to.equal(undefined);
    expect(readScore('nps', '9999')).to.equal(undefined);
    expect(readScore('csat', '5 - perfect')).to.deep.equal({ score: 5, comment: 'perfect' });
    expect(readScore('csat', '0')).to.equal(undefined);
    expect(readScore('csat', '7')).to.equal(undefined);
    expect(readScore('resolved', 'Yes, thanks')).to.deep.equal({ score: 1, comment: 'thanks' });
    expect(readScore('resolved', 'sí')).to.deep.equal({ score: 1, comment: '' });
    expect(readScore('resolved', 'NO it is still broken')).to.deep.equal({ score: 0, comment: 'it is still broken' });
    expect(readScore('resolved', 'maybe')).to.equal(undefined);
  });

  it('keywords are the whole message, in any case', () => {
    expect(keywordOf(' Stop ')).to.deep.equal({ optOut: 'STOP' });
    expect(keywordOf('unsubscribe.')).to.deep.equal({ optOut: 'UNSUBSCRIBE' });
    expect(keywordOf('start')).to.deep.equal({ optIn: 'START' });
    expect(keywordOf('please stop texting me')).to.equal(undefined);
    expect(storableBody('a\0b')).to.equal('a\uFFFDb');
  });

  it('which numbers are texted: mobile-looking E.164 only', () => {
    for (const yes of ['+15551230000', '+447700900123', '+61412345678', '+5215512345678'])
      expect(isTextableNumber(yes), yes).to.equal(true);
    for (const no of ['anonymous', '+266696687', '+18005550100', '+19005550100', '+442079460000', 'client:ana', '5551230000', '+1555'])
      expect(isTextableNumber(no), no).to.equal(false);
  });
});
