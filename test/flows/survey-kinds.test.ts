import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import { parse } from 'yaml';
import { yesNoWords } from '../../src/flows/speech.js';
import { surveyScore } from '../../src/flows/survey-kinds.js';
import { runCli } from '../support/cli.js';
import { Call, FIXTURES, compiled, load, readTexts } from './helpers.js';

const SURVEYS = path.join(FIXTURES, 'surveys');
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schema/flow.schema.json', import.meta.url)), 'utf8'));
const validate = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false }).compile(schema);

/** A one-step flow around a survey step written as `body` (indented under the step). */
const flowWith = (body: string) =>
  `flow: f\ndefault: true\nlanguages: [en-US]\nstart: ask\nsteps:\n  ask:\n${body
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n    then: hangup\n    no_input: { then: hangup }\n`;

describe('survey kinds in the flow format (kind: nps | csat | resolved)', () => {
  describe('what an answer means (surveyScore)', () => {
    const at = 0;
    const keys = (kind: 'nps' | 'csat' | 'resolved', digits: string, scale = 5) =>
      surveyScore({ surveyKind: kind, scale }, { type: 'DIGITS', at, digits }, 'en-US');
    it('NPS: 0 to 10, with 10 as "10" or "1 0"; anything above 10, or other keys, is no score', () => {
      expect(['0', '6', '9', '10', '1 0'].map((d) => keys('nps', d))).to.deep.equal([0, 6, 9, 10, 10]);
      expect(['11', '100', '01', '*', '10*', ''].map((d) => keys('nps', d))).to.deep.equal(Array(6).fill(undefined));
    });
    it('CSAT: one key 1 to scale; resolved: 1 is yes (1), 2 is no (0), spoken yes/no with no winning', () => {
      expect(['1', '5', '6', '0', '10'].map((d) => keys('csat', d))).to.deep.equal([1, 5, undefined, undefined, undefined]);
      expect(['1', '2', '3'].map((d) => keys('resolved', d))).to.deep.equal([1, 0, undefined]);
      const said = (speech: string, language = 'en-US') =>
        surveyScore({ surveyKind: 'resolved', scale: 1 }, { type: 'SPEECH', at, speech }, language);
      expect([said('Yes.'), said('yeah it was'), said('no'), said("no, it wasn't"), said('maybe')]).to.deep.equal([1, 1, 0, 0, undefined]);
      expect([said('sí', 'es-MX'), said('no', 'es-MX'), said('yes', 'ja-JP')]).to.deep.equal([1, 0, undefined]);
      expect(surveyScore({ surveyKind: 'nps', scale: 10 }, { type: 'SPEECH', at, speech: 'ten' }, 'en-US')).to.equal(undefined);
    });
  });

  describe('check (file:line errors)', () => {
    it('rejects an unknown kind, a scale on an nps or resolved survey, and a scale outside 2 to 9', () => {
      expect(load({ 'f.yaml': flowWith('survey: Rate us.\nkind: stars') }).formatted).to.deep.equal([
        `f.yaml:8:11: error: kind must be one of csat, nps, resolved (the survey's question), found the text "stars"`,
      ]);
      expect(load({ 'f.yaml': flowWith('survey: Rate us.\nkind: nps\nscale: 10') }).formatted).to.deep.equal([
        'f.yaml:9:12: error: an nps survey is always 0 to 10: remove scale',
      ]);
      expect(load({ 'f.yaml': flowWith('survey: Resolved?\nkind: resolved\nscale: 2') }).formatted).to.deep.equal([
        'f.yaml:9:12: error: a resolved survey is yes (1) or no (2): remove scale',
      ]);
      expect(load({ 'f.yaml': flowWith('survey: Rate us.\nscale: 10') }).formatted[0]).to.match(/^f\.yaml:8:12: error: scale/);
    });

    it('checks confirm like any prompt: every language given; {score} is the answer, not an unset variable', () => {
      const bilingual = flowWith(
        'survey: { en-US: Rate us., es-MX: Califíquenos. }\nkind: nps\nconfirm: { en-US: "You said {score}." }',
      ).replace('[en-US]', '[en-US, es-MX]');
      expect(load({ 'f.yaml': bilingual }).formatted).to.deep.equal([
        'f.yaml:9:14: error: prompt is missing the es-MX text: the flow speaks en-US, es-MX, so give each one',
      ]);
      expect(load({ 'f.yaml': flowWith('survey: Rate us.\nkind: nps\nconfirm: "You said {score}, {name}."') }).formatted).to.deep.equal([
        "f.yaml:9:14: warning: variable 'name' is never set in this flow, so it is always empty",
      ]);
    });

    it('keeps today’s survey steps valid (no kind: CSAT 1 to 5) and the schema accepts the fixtures and refuses a wrong kind', () => {
      const cf = compiled({ 'f.yaml': flowWith('survey: Rate us 1 to 5.') }, 'f');
      expect(cf.flow.steps.ask).to.include({ kind: 'survey', surveyKind: 'csat', scale: 5, timeout: 5 });
      for (const [file, text] of Object.entries(readTexts(SURVEYS, '.'))) expect(validate(parse(text)), file).to.equal(true);
      expect(validate(parse(flowWith('survey: Rate us.\nkind: stars')))).to.equal(false);
      expect(validate(parse('scenario: x\nflow: f\nsteps:\n  - survey_saved: 11\n'))).to.equal(false);
      expect(validate(parse('scenario: x\nflow: f\nsteps:\n  - press: "1 0"\n  - survey_saved: "no"\n'))).to.equal(true);
    });
  });

  describe('the pure step', () => {
    const feedback = () => compiled(readTexts(SURVEYS, 'feedback.yaml'), 'feedback');
    it('entering a survey step asks it once (survey-asked effect); retries do not ask again; the answer carries its kind', () => {
      const call = new Call(feedback(), Date.parse('2026-11-23T15:00:00Z'));
      expect(call.start().reply.effects).to.deep.equal([{ type: 'survey-asked', step: 'recommend', kind: 'nps' }]);
      expect(call.last.reply.wait).to.deep.include({ kind: 'gather', timeout: 3, finishOnKey: '#' });
      expect(call.last.reply.wait).to.not.have.property('numDigits');
      expect(call.press('12').reply.effects).to.deep.equal([]);
      expect(call.press('10').reply.effects).to.deep.equal([
        { type: 'survey', step: 'recommend', kind: 'nps', score: 10 },
        { type: 'survey-asked', step: 'resolved', kind: 'resolved' },
      ]);
      expect(call.last.reply.utterances.map((u) => ('say' in u ? u.say : ''))).to.deep.equal(['You gave us 10. Thank you.']);
      // Listening for yes or no as the spoken menus' confirmations do (one list: src/flows/speech.ts).
      const { yes, no } = yesNoWords('en-US');
      expect(yes).to.include('yes');
      expect(no).to.include.members(['no', 'not']);
      expect(call.last.reply.wait).to.deep.include({ numDigits: 1 });
      expect(call.last.reply.wait)
        .to.have.deep.property('speech')
        .that.deep.includes({ language: 'en-US', hints: [...yes, ...no] });
    });
  });

  describe('scenario files (switchboard test)', () => {
    it('play NPS 0, 9, 10 typed as "10" and as "1 0" with the time-out, and the resolved question, covering every path', async () => {
      const r = await runCli(['test', '--flows', SURVEYS, '--min-coverage', '100']);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.include('coverage feedback: 7/7 paths (100%)');
      expect(r.stdout).to.include('6 of 6 scenario(s) passed');
    });

    it('simulate takes "1 0" as the keys 1 then 0 at an NPS question', async () => {
      const r = await runCli(['simulate', 'feedback', '--flows', SURVEYS, '--digits', '1 0,say:no,4']);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.include('You gave us 10. Thank you.');
      expect(r.stdout).to.include('survey answer saved: 10 (nps)');
      expect(r.stdout).to.include('survey answer saved: 0 (resolved)');
      expect(r.stdout).to.include('survey answer saved: 4');
    });

    it('survey_saved checks the latest answer: a wrong score fails at its line', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'survey-kinds-'));
      await cp(SURVEYS, dir, { recursive: true });
      const file = path.join(dir, 'tests', 'nps-ten-spaced.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('survey_saved: 10', 'survey_saved: 1'));
      const r = await runCli(['test', '--flows', dir]);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include(
        `nps-ten-spaced.yaml:8:5: error: expected survey answer 1 to be saved; the last one saved was 10 (nps at 'recommend')`,
      );
    });
  });
});
