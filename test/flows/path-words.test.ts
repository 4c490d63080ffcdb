import { expect } from 'chai';
import { pathInWords, variableLabel } from '../../src/flows/path-words.js';
import { Call, CENTRE_FLOWS, compiled, load, readTexts } from './helpers.js';

// Issue 14 item 10: the screen pop says the menu path as the caller went through it.
const FLOW = `flow: titled
languages: [en-US, es-MX]
default: true
start: language
labels: { account_status: Account status, tier: Customer tier }
steps:
  language:
    menu: { en-US: Press 1 or 2., es-MX: Oprima 1 o 2. }
    options:
      "1": { goto: main, set: { language: en-US }, title: English }
      "2": { goto: main, set: { language: es-MX }, title: Español }
    no_input: { attempts: 1, then: main }
    invalid: { attempts: 1, then: main }
  main:
    title: { en-US: Main menu, es-MX: Menú principal }
    menu: { en-US: Press 1 for billing., es-MX: Oprima 1 para facturación. }
    options:
      "1": { goto: find, title: { en-US: Billing, es-MX: Facturación } }
      "2": { goto: bye, title: { es-MX: Ventas } }
      "3": bye
    no_input: { attempts: 1, then: bye }
    invalid: { attempts: 1, then: bye }
  untitled:
    menu: { en-US: Press 1., es-MX: Oprima 1. }
    options: { "1": bye }
    no_input: { attempts: 1, then: bye }
    invalid: { attempts: 1, then: bye }
  find:
    lookup: https://crm.example.com/customers
    save: { account_status: customer.status, tier: customer.tier, first_name: customer.first_name }
    next: bye
    on_failure: bye
  bye:
    say: { en-US: Bye., es-MX: Adiós. }
    next: hangup
`;
// `untitled` is only there to be looked up; the reader requires every step be reachable.
const TEXT = FLOW.replace('"3": bye', '"3": untitled');

describe('titles of steps and menu options: the menu path in words (src/flows/path-words.ts)', () => {
  const flow = () => {
    const r = load({ 'titled.yaml': TEXT });
    expect(r.formatted).to.deep.equal([]);
    return r.versions.get('titled')!.flow;
  };

  it('names an option by its title, in the language asked for', () => {
    const path = ['language:2', 'main:1'];
    expect(pathInWords(flow(), path, 'es-MX')).to.deep.equal(['Español', 'Facturación']);
    expect(pathInWords(flow(), path, 'en-US')).to.deep.equal(['Español', 'Billing']);
  });

  it("falls back to another language's title, then the menu's title with the key, then the entry as kept", () => {
    const f = flow();
    // Option 2 has a Spanish title only; option 3 has none, so its menu's title and the key are said.
    expect(pathInWords(f, ['main:2'], 'en-US')).to.deep.equal(['Ventas']);
    expect(pathInWords(f, ['main:3'], 'es-MX')).to.deep.equal(['Menú principal 3']);
    expect(pathInWords(f, ['main:3'], 'en-US')).to.deep.equal(['Main menu 3']);
    // A menu with no titles, a step the version does not have (an older path), and an entry of no known form.
    expect(pathInWords(f, ['untitled:1', 'gone:4', 'odd'], 'en-US')).to.deep.equal(['untitled:1', 'gone:4', 'odd']);
  });

  it('reads the path the engine keeps (sub-flow steps, named <use>/<step>, included)', () => {
    const texts = readTexts(CENTRE_FLOWS, '.');
    const call = new Call(compiled(texts, 'acme-support'), Date.parse('2026-11-23T15:00:00Z'));
    call.start();
    call.press('2');
    call.press('1');
    const path = call.state.context.path;
    expect(path).to.deep.equal(['choose-language:2', 'main-menu:1']);
    const f = load(texts).versions.get('acme-support')!.flow;
    expect(pathInWords(f, path, f.languages[0])).to.deep.equal(['Español', 'Billing']);
    expect(pathInWords(f, path, 'es-MX')).to.deep.equal(['Español', 'Facturación']);
  });

  it("labels variables from the flow's labels, else by their name in words", () => {
    const f = flow();
    expect(variableLabel(f, 'account_status')).to.equal('Account status');
    expect(variableLabel(f, 'tier')).to.equal('Customer tier');
    expect(variableLabel(f, 'first_name')).to.equal('First name');
    expect(variableLabel(f, 'lastOrderDate')).to.equal('Last order date');
    expect(variableLabel(undefined, 'customer.plan-name')).to.equal('Customer plan name');
  });

  describe('the reader checks titles and labels, at file:line:column', () => {
    const errors = (text: string) => load({ 'titled.yaml': text }).formatted;

    it('a title in a language the flow does not speak', () => {
      expect(errors(TEXT.replace('title: { es-MX: Ventas }', 'title: { fr-FR: Ventes }'))).to.deep.equal([
        "titled.yaml:19:34: error: 'fr-FR' is not one of the flow's languages (en-US, es-MX)",
      ]);
      expect(errors(TEXT.replace('title: { en-US: Main menu, es-MX: Menú principal }', 'title: { en-GB: Main menu }'))).to.deep.equal([
        "titled.yaml:15:14: error: 'en-GB' is not one of the flow's languages (en-US, es-MX)",
      ]);
    });

    it('a title that is not a text, an empty one, and a misspelt option field', () => {
      expect(errors(TEXT.replace('title: English', 'title: [English]'))).to.deep.equal([
        'titled.yaml:10:59: error: title must be a text, or a text per language (en-US, es-MX), found a list',
      ]);
      expect(errors(TEXT.replace('title: { en-US: Main menu, es-MX: Menú principal }', 'title: {}'))).to.deep.equal([
        'titled.yaml:15:12: error: title gives no text: write title: <text>, or one per language',
      ]);
      expect(errors(TEXT.replace('title: English', 'titel: English'))).to.deep.equal([
        "titled.yaml:10:52: error: unknown field 'titel' in a menu option (did you mean 'title'?); allowed: goto, set, words, title",
      ]);
    });

    it('a label that is not a text is an error; a label for a variable the flow never sets is a warning', () => {
      expect(errors(TEXT.replace('Customer tier', '{ x: 1 }'))).to.deep.equal([
        'titled.yaml:5:49: error: the label of tier must be a text, found a set of fields',
      ]);
      const r = load({ 'titled.yaml': TEXT.replace('tier: Customer tier', 'teir: Customer tier') });
      expect(r.formatted).to.deep.equal([
        "titled.yaml:5:43: warning: labels names 'teir', which this flow never sets (did you mean 'tier'?)",
      ]);
      expect(r.versions.has('titled')).to.equal(true);
    });
  });
});
