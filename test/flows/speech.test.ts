import { expect } from 'chai';
import { heardWord, saidYes, speechFor, wordsFor, yesNoWords } from '../../src/flows/speech.js';
import { load } from './helpers.js';

/** A flow whose one menu listens for speech; `top` and `menu` add speech settings (YAML lines). */
const flow = (top = '', menu = '') =>
  [
    'flow: talk',
    'default: true',
    'languages: [en-US, es-MX]',
    top,
    'start: main',
    'steps:',
    '  main:',
    '    menu: { en-US: Say sales., es-MX: Diga ventas. }',
    '    options:',
    '      "1": { goto: hangup, words: { en-US: [sales], es-MX: [ventas] } }',
    '    no_input: { attempts: 2, then: hangup }',
    '    invalid: { attempts: 2, then: hangup }',
    menu,
  ]
    .filter((l) => l !== '')
    .join('\n') + '\n';
const problems = (text: string) => load({ 'talk.yaml': text }).formatted;

describe('speech (pure)', () => {
  it('words are whole words or phrases, any case, punctuation aside', () => {
    expect(heardWord('I need Technical Support, please.', ['support', 'technical support'])).to.equal('support');
    expect(heardWord('Soporte técnico', ['soporte técnico'])).to.equal('soporte técnico');
    expect(heardWord('salesman', ['sales'])).to.equal(undefined);
  });

  it('an option listens to its words for every language plus those of the caller language', () => {
    const option = { words: ['help'], wordsIn: { 'en-US': ['sales'], 'es-MX': ['ventas'] } };
    expect(wordsFor(option, 'es-MX')).to.deep.equal(['help', 'ventas']);
    expect(wordsFor(option, 'fr-FR')).to.deep.equal(['help']);
  });

  it('yes is a plain yes in the caller language; a language without words confirms with keys', () => {
    expect(saidYes('Yes, that is right.', 'en-US')).to.equal(true);
    expect(saidYes('Sí.', 'es-MX')).to.equal(true);
    expect(saidYes('no', 'es-MX')).to.equal(false);
    expect(saidYes('yes no', 'en-US')).to.equal(false);
    expect(saidYes('yes', 'es-MX')).to.equal(false);
    expect(yesNoWords('ja-JP')).to.deep.equal({ yes: [], no: [] });
  });

  it("a menu's settings win over the flow's; Twilio's auto end timeout only without a model", () => {
    expect(speechFor({}, {})).to.deep.equal({ bargeIn: true, enhanced: false, endTimeout: 'auto' });
    expect(speechFor({ speech: { model: 'phone_call', confirmBelow: 0.5 } }, { speech: { confirmBelow: 0.7 } })).to.deep.equal({
      bargeIn: true,
      enhanced: false,
      model: 'phone_call',
      confirmBelow: 0.7,
      endTimeout: 2,
    });
  });
});

describe('speech settings in flow files (file:line errors)', () => {
  it('are read for the flow and for a menu', () => {
    const ok = load({
      'talk.yaml': flow(
        'speech: { model: phone_call, enhanced: true, confirm_below: 0.4 }',
        '    speech: { end_timeout: 3, barge_in: false }',
      ),
    });
    expect(ok.formatted).to.deep.equal([]);
    const talk = [...ok.versions.values()][0];
    expect(talk.flow.speech).to.deep.equal({ model: 'phone_call', enhanced: true, confirmBelow: 0.4 });
    const main = talk.flow.steps.main;
    expect(main.kind === 'menu' && main.speech).to.deep.equal({ endTimeout: 3, bargeIn: false });
  });

  it('report what Twilio does not have or refuses, at the line', () => {
    expect(problems(flow('speech: { model: fast }'))).to.deep.equal([
      'talk.yaml:4:18: error: speech model is one of Twilio\'s default, numbers_and_commands, phone_call, experimental_conversations, experimental_utterances; found the text "fast"',
    ]);
    expect(problems(flow('speech: { confirm_below: 50 }'))).to.deep.equal([
      "talk.yaml:4:26: error: confirm_below is Twilio's Confidence, more than 0 and at most 1 (e.g. 0.5); found the number 50",
    ]);
    expect(problems(flow('', '    speech: { enhanced: true }'))).to.deep.equal([
      "talk.yaml:12:13: error: enhanced speech recognition is Twilio's phone_call model only: set model: phone_call, or remove enhanced",
    ]);
    expect(problems(flow('speech: { model: phone_call }', '    speech: { end_timeout: auto }'))).to.deep.equal([
      'talk.yaml:13:13: error: Twilio does not accept end_timeout: auto with a speech model (warning 13335): give end_timeout in seconds',
    ]);
    expect(problems(flow('speech: { barge: false }'))).to.deep.equal([
      "talk.yaml:4:11: error: unknown field 'barge' in speech; allowed: model, enhanced, end_timeout, barge_in, confirm_below",
    ]);
  });

  it('words by language must be languages of the flow', () => {
    const text = flow().replace('es-MX: [ventas]', 'fr-FR: [ventes]');
    expect(problems(text)).to.deep.equal(["talk.yaml:9:53: error: 'fr-FR' is not one of the flow's languages (en-US, es-MX)"]);
  });
});
