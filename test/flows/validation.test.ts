import { expect } from 'chai';
import { FIXTURES, SHIPPED_FLOWS, load, loadFixtures, readTexts } from './helpers.js';

// Skill groups that "exist" for these tests; a queue naming another one is an error.
const GROUPS = { knownGroups: new Set(['billing', 'sales', 'support']) };

/** Loads one bad fixture (file or folder) and returns its formatted diagnostics and what loaded. */
const check = (fixture: string) => loadFixtures(GROUPS, `bad/${fixture}`);

describe('flow file validation (file:line:column diagnostics)', () => {
  describe('YAML itself', () => {
    it('reports a syntax error where the parser stopped (a colon inside plain text)', () => {
      const r = check('yaml-syntax.yaml');
      expect(r.formatted).to.deep.equal(['bad/yaml-syntax.yaml:6:10: error: YAML: Nested mappings are not allowed in compact mappings']);
      expect(r.versions.size).to.equal(0);
      // Its id cannot be read, so the file itself is reported as unreadable (the registry keeps its old version).
      expect([...r.unreadable]).to.deep.equal(['bad/yaml-syntax.yaml']);
    });

    it('counts a broken file as what it says it is (a flow, a sub-flow), or as a flow when it cannot tell', () => {
      const r = load({
        'broken-flow.yaml': 'flow: broken-flow\nstart: a\nsteps:\n  a:\n    say: one: two\n',
        'broken-sub.yaml': 'subflow: broken-sub\nstart: a\nsteps:\n  a:\n    say: one: two\n',
        'unknown.yaml': 'start: [\n',
      });
      expect(r.unreadable.size).to.equal(3);
      expect(r.counts).to.deep.equal({ flows: 2, subflows: 1 });
    });

    it('reports a duplicate key at the second occurrence', () => {
      const r = check('duplicate-key.yaml');
      expect(r.formatted).to.deep.equal(['bad/duplicate-key.yaml:8:5: error: YAML: Map keys must be unique']);
      expect(r.versions.size).to.equal(0);
      expect([...r.unreadable]).to.deep.equal(['bad/duplicate-key.yaml']);
    });
  });

  describe('steps', () => {
    it('points at a misspelt field and suggests the right one', () => {
      const r = check('unknown-field.yaml');
      expect(r.formatted).to.deep.equal([
        "bad/unknown-field.yaml:7:5: error: unknown field 'optoins' in a menu step (did you mean 'options'?); allowed: menu, options, repeat_key, timeout, no_input, invalid, speech, title",
        "bad/unknown-field.yaml:6:5: error: options of menu 'main' must be a set of fields, found nothing",
      ]);
      expect(r.versions.has('unknown-field')).to.equal(false);
    });

    it('rejects a step that does two things', () => {
      expect(check('two-kinds.yaml').formatted).to.deep.equal([
        "bad/two-kinds.yaml:5:3: error: step 'hello' has say and menu: a step does one thing; split it into steps",
      ]);
    });

    it('rejects a step that does nothing', () => {
      expect(check('no-kind.yaml').formatted).to.deep.equal([
        "bad/no-kind.yaml:5:3: error: step 'hello' does not say what it does: give it one of say, menu, set, branch, lookup, queue, transfer, voicemail, survey, text, use",
      ]);
    });

    it('reports a target naming no step, with the closest step name', () => {
      expect(check('unknown-target.yaml').formatted).to.deep.equal([
        "bad/unknown-target.yaml:8:12: error: there is no step named 'salse' (did you mean 'sales'?); name a step of this flow or 'hangup'",
      ]);
    });

    it('reports a step no other step leads to', () => {
      expect(check('unreachable.yaml').formatted).to.deep.equal([
        "bad/unreachable.yaml:8:3: error: step 'orphan' is unreachable: no step leads to it; link it from another step or delete it",
      ]);
    });

    it('reports a say step without next as a dead end', () => {
      expect(check('dead-end-say.yaml').formatted).to.deep.equal([
        "bad/dead-end-say.yaml:5:3: error: dead end: step 'hello' needs 'next': where the call goes after this is said (a step name, or 'hangup')",
      ]);
    });

    it('reports two menus that only lead to each other (no_input and invalid included) as dead ends', () => {
      expect(check('menu-cycle.yaml').formatted).to.deep.equal([
        "bad/menu-cycle.yaml:5:3: error: dead end: from step 'first' the call can never end (no way leads to hangup, a queue, a transfer or voicemail)",
        "bad/menu-cycle.yaml:11:3: error: dead end: from step 'second' the call can never end (no way leads to hangup, a queue, a transfer or voicemail)",
      ]);
    });

    it('reports a loop of say → set → say that never waits for the caller', () => {
      expect(check('pass-through-loop.yaml').formatted).to.deep.equal([
        'bad/pass-through-loop.yaml:12:3: error: steps greet → remember → again → greet loop without ever waiting for the caller, so the call would spin forever; put a menu in the loop or end it',
        "bad/pass-through-loop.yaml:12:3: error: dead end: from step 'greet' the call can never end (no way leads to hangup, a queue, a transfer or voicemail)",
        "bad/pass-through-loop.yaml:15:3: error: dead end: from step 'remember' the call can never end (no way leads to hangup, a queue, a transfer or voicemail)",
        "bad/pass-through-loop.yaml:18:3: error: dead end: from step 'again' the call can never end (no way leads to hangup, a queue, a transfer or voicemail)",
      ]);
    });

    it('requires a no_input path on every menu', () => {
      expect(check('menu-no-input.yaml').formatted).to.deep.equal([
        "bad/menu-no-input.yaml:5:3: error: step 'main' has no no_input path: add no_input: { attempts: 3, then: <step> } for callers who press nothing",
      ]);
    });

    it("reserves the step name 'hangup'", () => {
      expect(check('step-named-hangup.yaml').formatted).to.deep.equal([
        "bad/step-named-hangup.yaml:8:3: error: 'hangup' is reserved: it ends the call; rename this step",
      ]);
    });

    it('only lets set change language to one of the flow languages', () => {
      expect(check('set-language.yaml').formatted).to.deep.equal([
        `bad/set-language.yaml:7:22: error: language must be one of the flow's languages (en-US, es-MX), found "fr-FR"`,
      ]);
    });

    it('requires an E.164 number for transfer', () => {
      expect(check('transfer-number.yaml').formatted).to.deep.equal([
        'bad/transfer-number.yaml:6:15: error: transfer needs a number in E.164 form such as +15551234567, found "555-1234"',
      ]);
    });

    it('rejects a queue naming an unknown skill group when the groups are known', () => {
      expect(check('unknown-group.yaml').formatted).to.deep.equal([
        "bad/unknown-group.yaml:6:12: error: unknown skill group 'biling' (did you mean 'billing'?); known groups: billing, sales, support (add it with 'switchboard groups add')",
      ]);
    });

    it('does not check skill groups when no group list is given', () => {
      const r = loadFixtures({}, 'bad/unknown-group.yaml');
      expect(r.formatted).to.deep.equal([]);
      expect(r.versions.get('unknown-group')?.flow.steps.billing).to.deep.include({ kind: 'queue', group: 'biling' });
    });

    it('warns (and still loads) when a variable is read but never set', () => {
      const r = check('variable-never-set.yaml');
      expect(r.formatted).to.deep.equal([
        "bad/variable-never-set.yaml:9:10: warning: variable 'custmer_name' is never set in this flow, so it is always empty (did you mean 'customer_name'?)",
      ]);
      expect([...r.versions.keys()]).to.deep.equal(['variable-never-set']);
    });
  });

  describe('languages', () => {
    it('reports a prompt missing one of the declared languages', () => {
      expect(check('missing-language.yaml').formatted).to.deep.equal([
        'bad/missing-language.yaml:8:7: error: prompt is missing the es-MX text: the flow speaks en-US, es-MX, so give each one',
      ]);
    });

    it('rejects plain text in a two-language flow', () => {
      expect(check('plain-text.yaml').formatted).to.deep.equal([
        "bad/plain-text.yaml:7:10: error: this text has no language, but the flow speaks en-US and es-MX: give it per language (en-US: …, es-MX: …) or fix its language with 'language: en-US'",
      ]);
    });
  });

  describe('business hours', () => {
    it('reports an open condition naming unknown hours', () => {
      expect(check('unknown-hours.yaml').formatted).to.deep.equal([
        "bad/unknown-hours.yaml:11:21: error: no business hours named 'ofice' (did you mean 'office'?); define them under 'hours:'",
      ]);
    });

    it('reports an unknown time zone', () => {
      expect(check('bad-timezone.yaml').formatted).to.deep.equal([
        "bad/bad-timezone.yaml:5:15: error: unknown time zone 'America/New_Yrok'; use a name such as America/New_York or Europe/Madrid",
      ]);
    });

    it('reports badly written weekly hours and day names', () => {
      expect(check('bad-weekly.yaml').formatted).to.deep.equal([
        'bad/bad-weekly.yaml:7:16: error: opening hours for mon-fri must look like "08:00-20:00" (several: "08:00-12:00, 13:00-17:00") or "closed"',
        "bad/bad-weekly.yaml:8:7: error: 'funday' is not a day or range of days; write e.g. mon-fri, sat, sun,sat, weekdays, daily",
      ]);
    });

    it('reports each closed date that is not YYYY-MM-DD or not a date', () => {
      expect(check('bad-closed-date.yaml').formatted).to.deep.equal([
        'bad/bad-closed-date.yaml:7:26: error: closed dates are written YYYY-MM-DD, found "25/12/2026"',
        'bad/bad-closed-date.yaml:7:38: error: closed dates are written YYYY-MM-DD, found "2026-13-01"',
      ]);
    });
  });

  describe('numbers and defaults across flows', () => {
    it('requires E.164 numbers', () => {
      expect(check('bad-number.yaml').formatted).to.deep.equal([
        'bad/bad-number.yaml:3:27: error: numbers are dialled numbers in E.164 form such as +18005550100, found "1-800-555-0101"',
      ]);
    });

    it('rejects the second flow claiming a number and keeps the first', () => {
      const r = check('number-clash');
      expect(r.formatted).to.deep.equal([
        "bad/number-clash/second-line.yaml:2:27: error: +18005550100 is also answered by flow 'first-line'; a number belongs to one flow",
      ]);
      expect([...r.versions.keys()]).to.deep.equal(['first-line']);
      expect([...r.seen].sort()).to.deep.equal(['first-line', 'second-line']);
    });

    it('rejects a second default flow and keeps the first', () => {
      const r = check('two-defaults');
      expect(r.formatted).to.deep.equal([
        "bad/two-defaults/second-default.yaml:2:10: error: flow 'first-default' is already the default flow; only one flow can be",
      ]);
      expect([...r.versions.keys()]).to.deep.equal(['first-default']);
    });

    it('warns when no loaded flow is the default', () => {
      const r = load({ 'solo.yaml': 'flow: solo\nstart: hello\nsteps:\n  hello:\n    say: Hi.\n    next: hangup\n' });
      expect(r.formatted).to.deep.equal([
        "solo.yaml:1:7: warning: no flow is marked 'default: true': calls to other numbers will get the fallback",
      ]);
      expect([...r.versions.keys()]).to.deep.equal(['solo']);
    });

    it('loads a good flow and leaves out a flow with errors from the same folder', () => {
      const r = check('mixed');
      expect(r.formatted).to.deep.equal([
        "bad/mixed/broken.yaml:7:11: error: there is no step named 'goodbye'; name a step of this flow or 'hangup'",
      ]);
      expect([...r.versions.keys()]).to.deep.equal(['working']);
      // The broken flow is still "seen", so a running server keeps its previous version.
      expect([...r.seen].sort()).to.deep.equal(['broken', 'working']);
    });
  });

  describe('sub-flows', () => {
    it('reports a sub-flow that does not exist, with the closest name', () => {
      const r = check('subflow-missing');
      expect(r.formatted).to.deep.equal([
        "bad/subflow-missing/uses-missing.yaml:6:10: error: there is no sub-flow named 'post-cal-survey' (did you mean 'post-call-survey'?); sub-flow files start with 'subflow: <name>'",
      ]);
      expect(r.versions.size).to.equal(0);
      expect(r.counts).to.deep.equal({ flows: 1, subflows: 1 });
    });

    it('reports a sub-flow exit the using step does not map', () => {
      expect(check('subflow-exit').formatted).to.deep.equal([
        "bad/subflow-exit/forgets-exit.yaml:6:5: error: sub-flow 'two-exits' can leave by 'agent': add exits: { agent: <step> }",
      ]);
    });

    it("reports a sub-flow lacking one of the host flow's languages", () => {
      expect(check('subflow-language').formatted).to.deep.equal([
        "bad/subflow-language/bilingual.yaml:7:10: error: sub-flow 'english-only' has no es-MX prompts; this flow speaks en-US, es-MX",
      ]);
    });

    it('reports a sub-flow that uses itself, in the sub-flow file', () => {
      const r = check('subflow-recursive');
      expect(r.formatted).to.deep.equal([
        "bad/subflow-recursive/again.yaml:12:10: error: sub-flow 'again' uses itself (again → again); a sub-flow cannot loop back into itself",
      ]);
      expect(r.versions.size).to.equal(0);
    });
  });

  describe('a good flow with nested sub-flows', () => {
    const files = ['good/help-line.yaml', 'good/shared/rate-us.yaml', 'good/shared/goodbye.yaml', 'good/shared/holiday-notice.yaml'];
    const texts = () => readTexts(FIXTURES, ...files);

    it('loads with no diagnostics at all', () => {
      const r = load(texts(), { knownGroups: new Set(['support']) });
      expect(r.formatted).to.deep.equal([]);
      expect([...r.versions.keys()]).to.deep.equal(['help-line']);
      expect(r.counts).to.deep.equal({ flows: 1, subflows: 3 });
      expect(r.unreadable.size).to.equal(0);
    });

    it('inlines sub-flow steps as <use-step>/<sub-flow-step>, nested ones twice', () => {
      const flow = load(texts()).versions.get('help-line')!.flow;
      expect(Object.keys(flow.steps)).to.deep.equal([
        'welcome',
        'check-hours',
        'agents',
        'feedback/rate',
        'feedback/more',
        'feedback/bye/say-bye',
      ]);
      expect(flow.start).to.equal('welcome');
      // A target naming a `use` step goes to the sub-flow's first step.
      expect(flow.steps['check-hours']).to.deep.include({ otherwise: { goto: 'feedback/rate' } });
      expect(flow.steps.agents).to.deep.include({ then: { goto: 'feedback/rate' }, onFailure: { goto: 'feedback/rate' } });
    });

    it('maps sub-flow exits to the host steps, with the exit set values', () => {
      const more = load(texts()).versions.get('help-line')!.flow.steps['feedback/more'];
      expect(more.kind).to.equal('menu');
      if (more.kind !== 'menu') return;
      expect(more.options.map((o) => [o.key, o.target])).to.deep.equal([
        ['1', { goto: 'agents', set: { rated: 'yes' } }],
        ['2', { goto: 'feedback/bye/say-bye' }],
      ]);
      const bye = load(texts()).versions.get('help-line')!.flow.steps['feedback/bye/say-bye'];
      // goodbye's exit `out` → rate-us's exit `finished` → the host's hangup.
      expect(bye).to.deep.include({ kind: 'say', next: { goto: 'hangup' } });
    });

    it('records exactly the files a version was built from', () => {
      const v = load(texts()).versions.get('help-line')!;
      expect(Object.keys(v.sources).sort()).to.deep.equal(['good/help-line.yaml', 'good/shared/goodbye.yaml', 'good/shared/rate-us.yaml']);
      expect(v.hash).to.match(/^[0-9a-f]{16}$/);
    });

    it('changes the version hash when a used sub-flow changes, even a nested one', () => {
      const base = load(texts()).versions.get('help-line')!.hash;
      const t1 = texts();
      t1['good/shared/rate-us.yaml'] = t1['good/shared/rate-us.yaml'].replace('how did we do?', 'how was it?');
      const t2 = texts();
      t2['good/shared/goodbye.yaml'] += '# a comment is a change too\n';
      const h1 = load(t1).versions.get('help-line')!.hash;
      const h2 = load(t2).versions.get('help-line')!.hash;
      expect(h1).to.not.equal(base);
      expect(h2).to.not.equal(base);
      expect(h1).to.not.equal(h2);
    });

    it('keeps the version hash when an unrelated file changes or appears', () => {
      const base = load(texts()).versions.get('help-line')!.hash;
      const t = texts();
      t['good/shared/holiday-notice.yaml'] = t['good/shared/holiday-notice.yaml'].replace('holiday', 'day');
      t['other-line.yaml'] = 'flow: other-line\nstart: hello\nsteps:\n  hello:\n    say: Hi.\n    next: hangup\n';
      const r = load(t);
      expect(r.formatted).to.deep.equal([]);
      expect(r.versions.get('help-line')!.hash).to.equal(base);
      expect(r.versions.has('other-line')).to.equal(true);
    });

    it('does not load a flow whose sub-flow has errors, and says why at the use step', () => {
      const t = texts();
      t['good/shared/rate-us.yaml'] = t['good/shared/rate-us.yaml'].replace('then: more', 'then: moore');
      const r = load(t);
      expect(r.formatted).to.deep.equal([
        "good/shared/rate-us.yaml:11:11: error: there is no step named 'moore' (did you mean 'more'?); name a step of this sub-flow, one of its exits or 'hangup'",
        "good/help-line.yaml:40:10: error: sub-flow 'rate-us' has errors (see above), so flows using it are not loaded",
      ]);
      expect(r.versions.size).to.equal(0);
      expect([...r.seen]).to.deep.equal(['help-line']);
    });

    it('does not load a flow whose nested sub-flow has errors', () => {
      const t = texts();
      t['good/shared/goodbye.yaml'] = t['good/shared/goodbye.yaml'].replace('next: out', 'next: outt');
      const r = load(t);
      expect(r.formatted[0]).to.equal(
        "good/shared/goodbye.yaml:11:11: error: there is no step named 'outt' (did you mean 'out'?); name a step of this sub-flow, one of its exits or 'hangup'",
      );
      expect(r.versions.size).to.equal(0);
    });
  });

  it('loads the shipped flows folder with no diagnostics', () => {
    const r = load(readTexts(SHIPPED_FLOWS, '.'), { knownGroups: new Set(['billing', 'support', 'sales', 'general']) });
    expect(r.formatted).to.deep.equal([]);
    expect(r.versions.size).to.be.greaterThan(0);
  });

  describe('regressions', () => {
    const GOOD = 'flow: good\ndefault: true\nstart: hello\nsteps:\n  hello:\n    say: Hi.\n    next: hangup\n';

    it('an unresolved YAML alias is a diagnostic at the alias, and other flows still load', () => {
      const bad = 'flow: bad\nstart: hello\nsteps:\n  hello:\n    say: Hi.\n    next: *nothing\n';
      const r = load({ 'bad.yaml': bad, 'good.yaml': GOOD });
      expect([...r.versions.keys()]).to.deep.equal(['good']);
      expect(r.formatted).to.deep.equal([
        'bad.yaml:6:11: error: YAML: Unresolved alias (the anchor must be set before the alias): nothing',
      ]);
    });

    it('a flow using a sub-flow with a YAML error is told the sub-flow has errors, not that it is missing', () => {
      const t = readTexts(FIXTURES, 'good');
      t['good/shared/rate-us.yaml'] = t['good/shared/rate-us.yaml'].replace('then: more\n', 'then: more\n    then: more\n');
      expect(load(t).formatted).to.deep.equal([
        'good/shared/rate-us.yaml:12:5: error: YAML: Map keys must be unique',
        "good/help-line.yaml:40:10: error: sub-flow 'rate-us' has errors (see above), so flows using it are not loaded",
      ]);
    });

    it('a broken nested sub-flow is reported as broken where it is used, not as missing', () => {
      const t = readTexts(FIXTURES, 'good');
      t['good/shared/goodbye.yaml'] = t['good/shared/goodbye.yaml'].replace('next: out', 'next: outt');
      expect(load(t).formatted).to.deep.equal([
        "good/shared/goodbye.yaml:11:11: error: there is no step named 'outt' (did you mean 'out'?); name a step of this sub-flow, one of its exits or 'hangup'",
        "good/shared/goodbye.yaml:3:8: warning: exit 'out' is never taken by any step",
        "good/shared/rate-us.yaml:25:10: error: sub-flow 'goodbye' has errors (see above), so flows using it are not loaded",
      ]);
    });

    it('queue and transfer steps accept their documented say: field', () => {
      const flow =
        'flow: op\ndefault: true\nstart: op\nsteps:\n  op:\n    transfer: "+15551234567"\n    say: Connecting you.\n    then: hangup\n    on_failure: hangup\n';
      const r = load({ 'op.yaml': flow });
      expect(r.formatted).to.deep.equal([]);
      expect(r.versions.get('op')!.flow.steps.op).to.deep.include({ kind: 'transfer', prompt: [{ say: { 'en-US': 'Connecting you.' } }] });
    });

    it('a closed date that does not exist (2026-02-30) is rejected', () => {
      const flow =
        'flow: feb\ndefault: true\nhours:\n  h:\n    timezone: UTC\n    weekly: { daily: 08:00-20:00 }\n    closed: [2026-02-30]\nstart: hello\nsteps:\n  hello:\n    say: Hi.\n    next: hangup\n';
      expect(load({ 'feb.yaml': flow }).formatted).to.deep.equal([
        'feb.yaml:7:14: error: closed dates are written YYYY-MM-DD, found "2026-02-30"',
      ]);
    });

    it("a later weekly entry replaces a day's hours: daily then sun: closed closes Sunday", () => {
      const flow =
        'flow: sun\ndefault: true\nhours:\n  h:\n    timezone: UTC\n    weekly:\n      daily: 08:00-20:00\n      sun: closed\nstart: hello\nsteps:\n  hello:\n    say: Hi.\n    next: hangup\n';
      const weekly = load({ 'sun.yaml': flow }).versions.get('sun')!.flow.hours.h.weekly;
      expect(weekly[0]).to.deep.equal([]);
      expect(weekly[1]).to.deep.equal([[480, 1200]]);
    });
  });
});
