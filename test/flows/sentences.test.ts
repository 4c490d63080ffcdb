import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { BUILT_IN, type SentenceText } from '../../src/flows/sentences/catalogue.js';
import { SENTENCE_IDS, sentenceInfo } from '../../src/flows/sentences/ids.js';
import { sentencePrompt } from '../../src/flows/sentences/sentence.js';
import { pluralOf, spokenClock, spokenDigits, spokenHours, spokenTime } from '../../src/flows/sentences/spoken.js';
import { placeholders } from '../../src/flows/read-prompt.js';
import type { Hours, Prompt } from '../../src/flows/model.js';
import { heardTexts } from '../../src/calls/event-log.js';
import { resolvePrompt } from '../../src/flows/prompts.js';
import { renderReply } from '../../src/twiml/render.js';
import { load } from './helpers.js';

const SHIPPED = ['en-US', 'en-GB', 'es-MX', 'es-ES', 'fr-FR', 'fr-CA', 'de-DE', 'pt-BR'];
const forms = (t: SentenceText) => (typeof t === 'string' ? { text: t } : t);
const said = (p: Prompt) => p.map((i) => ('say' in i ? Object.values(i.say)[0] : '')).join(' ');

describe("Switchboard's sentences (src/flows/sentences/)", () => {
  it('ships the eight languages', () => expect(Object.keys(BUILT_IN).sort()).to.deep.equal([...SHIPPED].sort()));

  for (const language of SHIPPED) {
    it(`${language} has every sentence, with exactly its variables`, () => {
      const catalogue = BUILT_IN[language];
      expect(Object.keys(catalogue).sort()).to.deep.equal([...SENTENCE_IDS].sort());
      for (const id of SENTENCE_IDS) {
        const info = sentenceInfo(id);
        const all = forms(catalogue[id]);
        for (const [form, text] of Object.entries(all)) {
          const used = [...new Set(placeholders(text))].sort();
          // A singular form may say the count in words ("about a minute"); `other` must use every variable.
          if (form === 'other' || form === 'text') expect(used, `${language} ${id} (${form})`).to.deep.equal([...info.variables].sort());
          else expect(info.variables, `${language} ${id} (${form})`).to.include.members(used);
          expect(text.trim(), `${language} ${id}`).to.equal(text);
        }
        if (info.count) expect(all, `${language} ${id}: plural forms`).to.have.property('other');
        else expect(typeof catalogue[id], `${language} ${id}: not counted, so one text`).to.equal('string');
      }
    });
  }

  it('docs/flows.md "What Switchboard says" lists every sentence with its variables', () => {
    const docs = readFileSync('docs/flows.md', 'utf8');
    const section = docs.slice(docs.indexOf('## What Switchboard says'));
    for (const id of SENTENCE_IDS) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${id}\` `));
      expect(row, id).to.not.equal(undefined);
      for (const v of sentenceInfo(id).variables) expect(row, `${id} {${v}}`).to.include(`\`{${v}}\``);
    }
  });

  describe('plural forms of a wait in minutes', () => {
    const wait = (language: string, minutes: number) => said(sentencePrompt({}, 'waitMinutes', language, { minutes }));
    const cases: [string, number, string][] = [
      ['en-US', 1, 'Your expected wait is about a minute.'],
      ['en-US', 3, 'Your expected wait is about 3 minutes.'],
      ['en-GB', 1, 'Your expected waiting time is about a minute.'],
      ['fr-FR', 1, 'Votre temps d’attente estimé est d’environ une minute.'],
      ['fr-CA', 2, 'Le temps d’attente prévu est d’environ 2 minutes.'],
      ['de-DE', 1, 'Ihre voraussichtliche Wartezeit beträgt etwa eine Minute.'],
      ['de-DE', 12, 'Ihre voraussichtliche Wartezeit beträgt etwa 12 Minuten.'],
      ['pt-BR', 1, 'O tempo de espera previsto é de cerca de um minuto.'],
      ['pt-BR', 5, 'O tempo de espera previsto é de cerca de 5 minutos.'],
      ['es-ES', 1, 'El tiempo de espera estimado es de aproximadamente un minuto.'],
      ['es-MX', 4, 'Su tiempo de espera estimado es de unos 4 minutos.'],
    ];
    for (const [language, minutes, text] of cases)
      it(`${language}, ${minutes}: "${text}"`, () => expect(wait(language, minutes)).to.equal(text));

    it("follows each language's plural rules (French counts 0 and 1 as singular, English only 1)", () => {
      expect([pluralOf(0, 'en-US'), pluralOf(1, 'en-US'), pluralOf(2, 'en-US')]).to.deep.equal(['other', 'one', 'other']);
      expect([pluralOf(0, 'fr-CA'), pluralOf(1, 'fr-CA'), pluralOf(2, 'fr-CA')]).to.deep.equal(['one', 'one', 'other']);
    });

    it("a flow's own plural forms replace the built-in ones, per language", () => {
      const flow = {
        messages: {
          waitMinutes: {
            'de-DE': {
              plural: { one: [{ say: { 'de-DE': 'Eine Minute noch.' } }], other: [{ say: { 'de-DE': 'Noch {minutes} Minuten.' } }] },
            },
          },
        },
      };
      expect(said(sentencePrompt(flow, 'waitMinutes', 'de-DE', { minutes: 1 }))).to.equal('Eine Minute noch.');
      expect(said(sentencePrompt(flow, 'waitMinutes', 'de-DE', { minutes: 9 }))).to.equal('Noch 9 Minuten.');
      // Other languages keep the built-in text.
      expect(said(sentencePrompt(flow, 'waitMinutes', 'fr-FR', { minutes: 9 }))).to.equal(
        'Votre temps d’attente estimé est d’environ 9 minutes.',
      );
    });
  });

  describe('phone numbers', () => {
    it('are read digit by digit in groups, and marked for SSML voices', () => {
      expect(spokenDigits('+15145550123')).to.equal('5 1 4, 5 5 5, 0 1 2 3');
      expect(spokenDigits('+447400123456')).to.equal('4 4 7 4 0 0 1 2 3 4 5 6');
      const [item] = sentencePrompt({}, 'callbackBooked', 'fr-CA', { number: { telephone: '+15145550123' } });
      expect(item).to.deep.equal({
        say: {
          'fr-CA':
            'Merci. Nous vous rappellerons au 5 1 4, 5 5 5, 0 1 2 3, et vous conservez votre place dans la file d’attente. Au revoir.',
        },
        fixedLanguage: 'fr-CA',
        parts: {
          'fr-CA': [
            'Merci. Nous vous rappellerons au ',
            { telephone: '+15145550123' },
            ', et vous conservez votre place dans la file d’attente. Au revoir.',
          ],
        },
      });
    });
  });

  describe('times and opening hours', () => {
    const hours: Hours = {
      timezone: 'America/Toronto',
      weekly: [
        [],
        [[480, 1080]],
        [[480, 1080]],
        [[480, 1080]],
        [[480, 1080]],
        [[480, 1080]],
        [
          [540, 720],
          [780, 930],
        ],
      ],
      closed: [],
    };
    const cases: [string, string][] = [
      ['en-US', 'Monday to Friday, 8 a.m. to 6 p.m.; Saturday, 9 a.m. to noon and 1 p.m. to 3:30 p.m.'],
      ['fr-CA', 'du lundi au vendredi, de 8 h à 18 h; le samedi, de 9 h à 12 h et de 13 h à 15 h 30'],
      ['fr-FR', 'du lundi au vendredi, de 8 h à 18 h; le samedi, de 9 h à 12 h et de 13 h à 15 h 30'],
      ['de-DE', 'Montag bis Freitag von 8 Uhr bis 18 Uhr; Samstag von 9 Uhr bis 12 Uhr und von 13 Uhr bis 15:30 Uhr'],
      ['es-ES', 'de lunes a viernes, de 8:00 a 18:00; los sábados, de 9:00 a 12:00 y de 13:00 a 15:30'],
      ['pt-BR', 'de segunda-feira a sexta-feira, das 8h às 18h; aos sábados, das 9h às 12h e das 13h às 15h30'],
    ];
    for (const [language, text] of cases) it(`${language}: "${text}"`, () => expect(spokenHours(hours, language)).to.equal(text));

    it('a whole day is "around the clock", in each language', () => {
      const allDay: Hours = { ...hours, weekly: [[], [[0, 1440]], [[0, 1440]], [[0, 1440]], [[0, 1440]], [[0, 1440]], []] };
      expect(spokenHours(allDay, 'en-US')).to.equal('Monday to Friday, around the clock');
      expect(spokenHours(allDay, 'es-MX')).to.equal('de lunes a viernes, las 24 horas');
      expect(spokenHours(allDay, 'fr-CA')).to.equal('du lundi au vendredi, 24 heures sur 24');
      expect(spokenHours(allDay, 'de-DE')).to.equal('Montag bis Freitag rund um die Uhr');
    });

    it('days that are not next to each other are not grouped', () => {
      const split: Hours = { ...hours, weekly: [[], [[480, 1020]], [], [[480, 1020]], [], [], []] };
      expect(spokenHours(split, 'en-GB')).to.equal('Monday, 8 a.m. to 5 p.m.; Wednesday, 8 a.m. to 5 p.m.');
    });

    it('clock times in the centre’s zone', () => {
      expect(spokenTime(0, 'en-US')).to.equal('midnight');
      expect(spokenTime(14 * 60 + 5, 'fr-CA')).to.equal('14 h 05');
      expect(spokenTime(14 * 60 + 5, 'pt-BR')).to.equal('14h05');
      expect(spokenClock(new Date('2026-11-23T15:30:00Z'), 'America/New_York', 'en-US')).to.equal('10:30 a.m.');
      expect(spokenClock(new Date('2026-11-23T15:30:00Z'), 'Europe/Berlin', 'de-DE')).to.equal('16:30 Uhr');
    });
  });
});

/** A flow file with `messages:` and a queue, in the languages given. */
const queueFlow = (languages: string, messages = '') => `flow: line
default: true
languages: [${languages}]
${messages}
start: q
steps:
  q:
    queue: general
    then: hangup
    on_failure: hangup
`;

describe('messages: a flow’s own texts for Switchboard’s sentences', () => {
  it('check fails a flow whose language has no text for a sentence it can reach, at file:line, naming it', () => {
    const it = load({ 'line.yaml': queueFlow('it-IT') });
    // The whisper and fallback are reached by every flow (at its languages); the queue's sentences at the queue step.
    expect(it.formatted).to.have.length(2);
    expect(it.formatted[0]).to.match(/^line\.yaml:3:13: error: the flow speaks it-IT, and every call .* fallback;/);
    expect(it.formatted[1]).to.match(
      /^line\.yaml:7:3: error: the flow speaks it-IT, and queue step 'q' says sentences Switchboard has no it-IT text for: position, .*offerCallback/,
    );
  });

  it('a sentence given under messages counts; only the missing ones are named', () => {
    const everyQueueSentence = SENTENCE_IDS.filter((id) => sentenceInfo(id).reach !== 'speech-menu' && id !== 'offerCallback');
    const messages = `messages:\n${everyQueueSentence
      .map(
        (id) =>
          `  ${id}:\n    it-IT: Testo ${sentenceInfo(id)
            .variables.map((v) => `{${v}}`)
            .join(' ')}`,
      )
      .join('\n')}`;
    const r = load({ 'line.yaml': queueFlow('it-IT', messages) });
    expect(r.formatted).to.have.length(1);
    expect(r.formatted[0]).to.match(
      /error: the flow speaks it-IT, and queue step 'q' says a sentence Switchboard has no it-IT text for: offerCallback; give it under messages \(e\.g\. messages\.offerCallback\.it-IT\)/,
    );
  });

  it('a fr-CA flow passes: every sentence is built in', () => {
    expect(load({ 'line.yaml': queueFlow('fr-CA, en-US') }).formatted).to.deep.equal([]);
  });

  it('reports an unknown sentence, a language the flow does not speak, and an unknown variable, each at file:line:column', () => {
    const r = load({
      'line.yaml': queueFlow(
        'fr-CA',
        `messages:
  offerCallbak:
    fr-CA: Rappel.
  offerCallback:
    it-IT: Richiamata.
  callbackBooked:
    fr-CA: Nous vous rappellerons au {numero}.
  position:
    fr-CA: { one: "Premier.", other: "Numéro {position}." }`,
      ),
    });
    expect(r.formatted).to.deep.equal([
      `line.yaml:5:3: error: there is no sentence 'offerCallbak' (did you mean 'offerCallback'?); docs/flows.md "What Switchboard says" lists them`,
      `line.yaml:8:5: error: 'it-IT' is not one of the flow's languages (fr-CA)`,
      `line.yaml:10:38: error: unknown variable '{numero}' in messages.callbackBooked: this sentence has {number} (did you mean 'number'?); a message may also use the flow's own variables and {caller}, {dialled}, {language}`,
      `line.yaml:12:12: error: messages.position is not counted, so it has no plural forms; give one text (sentences with plural forms: waitMinutes)`,
    ]);
  });

  it('a recording with its transcript, and the flow’s own variables, are accepted', () => {
    const r = load({
      'line.yaml': `flow: line
default: true
languages: [en-GB]
hours:
  office: { timezone: Europe/London, weekly: { mon-fri: "09:00-17:00" } }
messages:
  voicemail:
    en-GB:
      - play: https://audio.example.com/voicemail.mp3
        say: Please leave a message after the tone.
      - pause: 1
  unavailable:
    en-GB: Sorry {name}, nobody is free. We are open {hours.office}.
start: s
steps:
  s:
    set: { name: Ana }
    next: q
  q:
    queue: general
    then: hangup
    on_failure: hangup
`,
    });
    expect(r.formatted).to.deep.equal([]);
    expect(r.versions.get('line')!.flow.messages).to.deep.equal({
      voicemail: {
        'en-GB': [
          {
            play: { 'en-GB': 'https://audio.example.com/voicemail.mp3' },
            transcript: { 'en-GB': 'Please leave a message after the tone.' },
          },
          { pause: 1 },
        ],
      },
      unavailable: { 'en-GB': [{ say: { 'en-GB': 'Sorry {name}, nobody is free. We are open {hours.office}.' } }] },
    });
  });

  it('{hours} needs one set of hours; {hours.<name>} one that exists', () => {
    const r = load({
      'line.yaml': `flow: line
default: true
languages: [en-US]
hours:
  office: { timezone: America/New_York, weekly: { mon-fri: "09:00-17:00" } }
  phones: { timezone: America/New_York, weekly: { daily: "08:00-20:00" } }
start: s
steps:
  s:
    say: We are open {hours}. The phones answer {hours.phone}.
    next: hangup
`,
    });
    expect(r.formatted).to.deep.equal([
      `line.yaml:10:22: error: {hours} is ambiguous: the flow has several opening hours (office, phones); name one, e.g. {hours.office}`,
      `line.yaml:10:49: error: no business hours named 'phone' (did you mean 'phones'?); define them under 'hours:'`,
    ]);
  });
});

describe('how sentences reach Twilio, the simulator and the console', () => {
  const ctx = { caller: '+15145550123', dialled: '+15145550100', language: 'fr-CA', vars: {}, noInput: 0, invalid: 0, path: [] };
  const flow = { languages: ['fr-CA'], voices: { 'fr-CA': 'Polly.Gabrielle' }, hours: {} };
  const url = Object.assign((route: string) => `https://sb.example.com/voice/${route}`, { whisper: () => '' }) as never;
  const offer = sentencePrompt({}, 'offerCallback', 'fr-CA', { number: { telephone: '+15145550123' } });

  it('a Polly voice gets the number as <say-as interpret-as="telephone">; a basic voice the digits', () => {
    const polly = renderReply({ utterances: resolvePrompt(offer, ctx, flow), effects: [], wait: { kind: 'hangup' } }, url);
    expect(polly).to.include(
      '<Say language="fr-CA" voice="Polly.Gabrielle">Pour être rappelé au <say-as interpret-as="telephone">+15145550123</say-as>, appuyez sur le 1.',
    );
    const alice = renderReply(
      { utterances: resolvePrompt(offer, ctx, { ...flow, voices: { 'fr-CA': 'alice' } }), effects: [], wait: { kind: 'hangup' } },
      url,
    );
    expect(alice).to.include('<Say language="fr-CA" voice="alice">Pour être rappelé au 5 1 4, 5 5 5, 0 1 2 3, appuyez sur le 1.');
    expect(alice).to.not.include('say-as');
  });

  it('a recording plays, and its transcript is what the console’s call timeline shows', () => {
    const recorded: Prompt = [
      { play: { 'fr-CA': 'https://audio.example.com/fr/rappel.mp3' }, transcript: { 'fr-CA': 'Merci de votre appel.' } },
    ];
    const heard = resolvePrompt(recorded, ctx, flow);
    expect(heard).to.deep.equal([
      { play: 'https://audio.example.com/fr/rappel.mp3', transcript: 'Merci de votre appel.', language: 'fr-CA' },
    ]);
    expect(renderReply({ utterances: heard, effects: [], wait: { kind: 'hangup' } }, url)).to.include(
      '<Play>https://audio.example.com/fr/rappel.mp3</Play>',
    );
    expect(heardTexts(heard, { kind: 'hangup' })).to.deep.equal([
      'Merci de votre appel. [recording https://audio.example.com/fr/rappel.mp3]',
    ]);
  });
});
