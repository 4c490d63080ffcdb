import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parse } from 'yaml';
import { ACTIONS, EXPECTATIONS, LOOKUP_ANSWER_FIELDS, SCENARIO_FIELDS } from '../../src/cli/scenario-file.js';
import { DIAL_STATUSES } from '../../src/twilio/call-status.js';
import { FLOW_FIELDS, SUBFLOW_FIELDS } from '../../src/flows/read-file.js';
import { HOURS_FIELDS } from '../../src/flows/read-hours.js';
import { SAY_PROMPT_FIELDS } from '../../src/flows/read-prompt.js';
import { OPS } from '../../src/flows/read-condition.js';
import {
  BRANCH_CASE_FIELDS,
  COMMON_STEP_FIELDS,
  OPTION_FIELDS,
  RETRY_FIELDS,
  STEP_FIELDS,
  TARGET_FIELDS,
} from '../../src/flows/read-steps.js';
import { Ajv } from 'ajv';
import { CENTRE_FLOWS, FIXTURES, SHIPPED_FLOWS, readTexts } from './helpers.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../schema/flow.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const defs = schema.definitions;

// strictSchema: a keyword Ajv does not know (a typo in the schema) is an error, not silently
// ignored. strictTypes stays off: editors' schemas use `required` inside `not`/`anyOf` without a type.
const check = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false }).compile(schema);
const errorsOf = (text: string) =>
  check(parse(text)) ? [] : (check.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message }));
const propsOf = (def: { properties: Record<string, unknown> }) => Object.keys(def.properties).sort();

describe('the flow JSON Schema (schema/flow.schema.json)', () => {
  it('is draft-07, the draft the VS Code YAML extension (yaml-language-server) supports fully', () => {
    expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
  });

  describe('accepts every file the reader accepts', () => {
    const sets = {
      'flows/': SHIPPED_FLOWS,
      'test/fixtures/flows/good/': path.join(FIXTURES, 'good'),
      'test/fixtures/flows/centre/': CENTRE_FLOWS,
    };
    for (const [label, dir] of Object.entries(sets)) {
      for (const [file, text] of Object.entries(readTexts(dir, '.'))) {
        it(`${label}${file}`, () => expect(errorsOf(text)).to.deep.equal([]));
      }
    }
  });

  it('is named on the first line of every shipped flow, sub-flow and scenario file, by a path that reaches it', () => {
    const files = Object.entries(readTexts(SHIPPED_FLOWS, '.'));
    expect(files.length).to.be.greaterThan(10);
    for (const [file, text] of files) {
      const m = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
      expect(m, `${file}: first line`).to.not.equal(null);
      expect(path.resolve(path.dirname(path.join(SHIPPED_FLOWS, file)), m![1]), file).to.equal(SCHEMA_FILE);
    }
  });

  describe('rejects broken files', () => {
    const bad = (fixture: string) => errorsOf(readFileSync(path.join(FIXTURES, 'bad', fixture), 'utf8'));
    // Fixtures the reader rejects for reasons a schema can express: the field, its type or its form.
    for (const fixture of [
      'unknown-field.yaml',
      'two-kinds.yaml',
      'no-kind.yaml',
      'bad-number.yaml',
      'transfer-number.yaml',
      'bad-weekly.yaml',
      'step-named-hangup.yaml',
      'menu-no-input.yaml',
    ]) {
      it(`bad/${fixture}`, () => expect(bad(fixture)).to.not.deep.equal([]));
    }

    // Each case is a file the schema rejects and the same file with that one thing made right, which it accepts.
    const GOOD = 'flow: good\nstart: hello\nsteps:\n  hello:\n    say: Hi.\n    next: hangup\n';
    const step = (body: string) => GOOD.replace('say: Hi.\n    next: hangup', body);
    const scenario = (line: string) => `scenario: x\nflow: good\nsteps:\n  - ${line}\n`;
    const cases: Record<string, [broken: string, fixed: string]> = {
      'an unknown top-level field': [GOOD + 'colour: blue\n', GOOD + 'name: Blue\n'],
      'default that is not true/false': [GOOD + 'default: "yes"\n', GOOD + 'default: true\n'],
      'a number that is not E.164': [GOOD + 'numbers: ["555-0100"]\n', GOOD + 'numbers: ["+15555550100"]\n'],
      'a step name with a space': [GOOD.replace('hello:', 'say hello:'), GOOD.replace('hello:', 'say-hello:')],
      'a step with two kinds': [GOOD + '    menu: Press 1.\n', GOOD],
      'a step with no next': [GOOD.replace('    next: hangup\n', ''), GOOD],
      'a misspelled step field': [GOOD.replace('next:', 'nxt:'), GOOD],
      'a pause that is not a number': [
        step('voicemail: [{ pause: soon }]\n    then: hangup'),
        step('voicemail: [{ pause: 2 }]\n    then: hangup'),
      ],
      'a language code that is not one': [GOOD + 'languages: [english]\n', GOOD + 'languages: [en-GB]\n'],
      'a lookup timeout over 5 s': [
        step('lookup: https://example.com\n    timeout: 9\n    next: hangup\n    on_failure: hangup'),
        step('lookup: https://example.com\n    timeout: 1500ms\n    next: hangup\n    on_failure: hangup'),
      ],
      'a condition with two tests': [
        step('branch: [{ if: { var: x, is: 1, gt: 2 }, goto: hangup }]\n    else: hangup'),
        step('branch: [{ if: { var: x, gt: 2 }, goto: hangup }]\n    else: hangup'),
      ],
      'hours on a day that does not exist': [
        GOOD + 'hours: { office: { timezone: Europe/Madrid, weekly: { funday: "08:00-20:00" } } }\n',
        GOOD + 'hours: { office: { timezone: Europe/Madrid, weekly: { Mon-Fri: "08:00-20:00", sun: closed } } }\n',
      ],
      'a sub-flow without exits': [
        'subflow: s\nstart: a\nsteps:\n  a:\n    say: Hi.\n    next: done\n',
        'subflow: s\nexits: [done]\nstart: a\nsteps:\n  a:\n    say: Hi.\n    next: done\n',
      ],
      'a scenario step that does two things': [scenario('{ press: 1, hear: Hi }'), scenario('{ hear: Hi, language: en-US }')],
      'a scenario with an unknown step': [scenario('shout: hi'), scenario('say: hi')],
      'a scenario dial_result that Twilio never sends': [scenario('dial_result: maybe'), scenario('dial_result: no-answer')],
    };
    for (const [what, [broken, fixed]] of Object.entries(cases)) {
      it(what, () => {
        expect(errorsOf(broken), 'broken').to.not.deep.equal([]);
        expect(errorsOf(fixed), 'fixed').to.deep.equal([]);
      });
    }
  });

  describe("lists exactly the fields the reader accepts (the reader's allowed-field lists)", () => {
    it('flow and sub-flow files', () => {
      expect(propsOf(defs.flow)).to.deep.equal([...FLOW_FIELDS].sort());
      expect(propsOf(defs.subflow)).to.deep.equal([...SUBFLOW_FIELDS].sort());
    });
    it('every step kind, and nothing else', () => {
      expect(defs.step.oneOf.map((r: { $ref: string }) => r.$ref)).to.deep.equal(
        Object.keys(STEP_FIELDS).map((k) => `#/definitions/${k}Step`),
      );
      for (const [kind, fields] of Object.entries(STEP_FIELDS)) {
        const common = kind === 'use' ? [] : COMMON_STEP_FIELDS;
        expect(propsOf(defs[`${kind}Step`]), kind).to.deep.equal([...fields, ...common].sort());
        expect(defs[`${kind}Step`].required[0], kind).to.equal(kind);
      }
    });
    it('targets, retry rules, branch cases, say prompts, business hours', () => {
      expect(propsOf(defs.target.anyOf[1])).to.deep.equal([...TARGET_FIELDS].sort());
      expect(propsOf(defs.menuStep.properties.options.additionalProperties.anyOf[1])).to.deep.equal([...OPTION_FIELDS].sort());
      expect(propsOf(defs.retry)).to.deep.equal([...RETRY_FIELDS].sort());
      expect(propsOf(defs.branchStep.properties.branch.items)).to.deep.equal([...BRANCH_CASE_FIELDS].sort());
      expect(propsOf(defs.promptItem.anyOf[1])).to.deep.equal([...SAY_PROMPT_FIELDS].sort());
      expect(propsOf(defs.hours)).to.deep.equal([...HOURS_FIELDS].sort());
    });
    it('condition tests', () => {
      const varCondition = defs.condition.anyOf[4];
      expect(propsOf(varCondition)).to.deep.equal(['var', ...OPS].sort());
      expect(varCondition.oneOf.map((o: { required: string[] }) => o.required[0])).to.deep.equal([...OPS]);
    });
    it('scenario files and their steps', () => {
      expect(propsOf(defs.scenario)).to.deep.equal([...SCENARIO_FIELDS].sort());
      expect(Object.keys(defs.scenario.properties.lookups.additionalProperties.properties).sort()).to.deep.equal(
        [...LOOKUP_ANSWER_FIELDS].sort(),
      );
      const [words, ...objects] = defs.scenarioStep.anyOf;
      const keyed = objects.map((o: { required: string[] }) => o.required[0]);
      // Object steps and bare-word steps together cover every action and check the reader names.
      const bare = ['silence', 'hang_up', 'agent_answers', 'agent_misses', 'hold', 'recording', 'ended'];
      for (const w of bare) expect(new RegExp(words.pattern).test(w), w).to.equal(true);
      expect([...new Set([...keyed, ...bare])].sort()).to.deep.equal(
        [...new Set([...ACTIONS, ...EXPECTATIONS, 'recording', 'ended'])].sort(),
      );
      expect(defs.scenarioStep.anyOf.at(1 + keyed.indexOf('dial_result')).properties.dial_result.enum).to.deep.equal(DIAL_STATUSES);
    });
  });
});
