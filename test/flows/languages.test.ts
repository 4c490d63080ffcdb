import { readFileSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { SENTENCE_IDS } from '../../src/flows/sentences/ids.js';
import { runCli } from '../support/cli.js';
import { readTexts } from './helpers.js';

const LANGUAGES_FLOWS = fileURLToPath(new URL('../fixtures/flows/languages/', import.meta.url));
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schema/flow.schema.json', import.meta.url)), 'utf8'));

describe('a flow in four languages (test/fixtures/flows/languages)', () => {
  it('its scenarios pass: entry, position and wait, callback offer and booking, voicemail, survey, opening hours', async () => {
    const r = await runCli(['test', '--flows', LANGUAGES_FLOWS]);
    expect(r.code, r.stdout).to.equal(0);
    for (const name of ['fr-CA-callback', 'de-DE-voicemail', 'pt-BR-recording', 'es-ES-survey', 'closed-hours'])
      expect(readTexts(LANGUAGES_FLOWS, 'tests'), name).to.have.property(`tests/${name}.yaml`);
    expect(r.stdout).to.include('6 of 6 scenario(s) passed');
  });

  it('a scenario that expects the English sentence fails: the French caller does not hear it', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'languages-'));
    await cp(LANGUAGES_FLOWS, tmp, { recursive: true });
    const file = path.join(tmp, 'tests', 'fr-CA-callback.yaml');
    const text = readFileSync(file, 'utf8').replace(
      'hear: Vous êtes le numéro 3 dans la file d’attente.',
      'hear: You are number 3 in line.',
    );
    await writeFile(file, text);
    const r = await runCli(['test', '--flows', tmp]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/fr-CA-callback\.yaml:\d+:\d+: error: expected to hear "You are number 3 in line\."/);
  });

  it('check fails an it-IT flow whose queue reaches sentences with no it-IT text, at file:line, naming them', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'it-IT-'));
    await writeFile(
      path.join(tmp, 'linea.yaml'),
      `flow: linea
default: true
languages: [it-IT]
messages:
  fallback:
    it-IT: Ci scusi, abbiamo problemi tecnici. Resti in linea.
start: coda
steps:
  coda:
    queue: general
    then: hangup
    on_failure: hangup
`,
    );
    const r = await runCli(['check', '--flows', tmp, '--no-groups']);
    expect(r.code).to.equal(1);
    const out = r.stdout + r.stderr;
    expect(out).to.match(
      /linea\.yaml:3:13: error: the flow speaks it-IT, and every call .* says sentences Switchboard has no it-IT text for: whisper, /,
    );
    expect(out).to.not.match(/no it-IT text for: [^;]*fallback/);
    expect(out).to.match(
      /linea\.yaml:9:3: error: the flow speaks it-IT, and queue step 'coda' says sentences Switchboard has no it-IT text for: position, .*offerCallback, /,
    );
  });

  it('the JSON Schema accepts the flow and its scenarios, and lists exactly the sentence ids', () => {
    const check = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false }).compile(schema);
    for (const [file, text] of Object.entries(readTexts(LANGUAGES_FLOWS, '.'))) {
      expect(check(parse(text)) ? [] : check.errors, file).to.deep.equal([]);
    }
    expect(schema.definitions.messages.propertyNames.enum).to.deep.equal(SENTENCE_IDS);
    expect(check(parse('flow: x\nmessages: { offerCallbak: { en-US: Hi. } }\nstart: a\nsteps: {}'))).to.equal(false);
  });
});
