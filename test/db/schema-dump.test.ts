import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { dumpSchema, normaliseDump, SCHEMA_FILE } from '../../scripts/dump-schema.js';

describe('schema.sql: the live schema, checked in', () => {
  it('is what the migrations build (else run `npm run schema:dump` and commit schema.sql)', async function () {
    this.timeout(120_000);
    const dumped = await dumpSchema();
    const checkedIn = await readFile(SCHEMA_FILE, 'utf8');
    const [want, have] = [dumped.split('\n'), checkedIn.split('\n')];
    const at = want.findIndex((line, i) => line !== have[i]);
    const where =
      at < 0
        ? `it has ${have.length - want.length} more lines`
        : `first at line ${at + 1}: ${JSON.stringify(have[at] ?? '(end of file)')}, migrations: ${JSON.stringify(want[at])}`;
    const fix = 'run `npm run schema:dump` and commit schema.sql';
    expect(checkedIn === dumped, `schema.sql differs from what the migrations build (${where}): ${fix}`).to.equal(true);
  });

  it('keeps no line that changes between runs or minor versions of pg_dump', () => {
    const dump = [
      '--',
      '-- PostgreSQL database dump',
      '--',
      '',
      '\\restrict Abc123',
      '',
      '-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)',
      '-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)',
      '',
      'SET statement_timeout = 0;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      '',
      '--',
      '-- Name: t; Type: TABLE; Schema: public; Owner: -',
      '--',
      '',
      "SET default_tablespace = '';",
      '',
      '',
      'CREATE TABLE public.t (',
      '    id integer',
      ');',
      '',
      '',
      '--',
      '-- PostgreSQL database dump complete',
      '--',
      '',
      '\\unrestrict Abc123',
      '',
    ].join('\n');
    const [, , ...kept] = normaliseDump(dump).split('\n'); // after the two lines of the file's own header
    expect(kept).to.deep.equal([
      '',
      '--',
      '-- Name: t; Type: TABLE; Schema: public; Owner: -',
      '--',
      '',
      'CREATE TABLE public.t (',
      '    id integer',
      ');',
      '',
    ]);
  });
});
