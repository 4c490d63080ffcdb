import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The page's text without fenced code and code spans, where brackets are not links. */
const prose = (md: string) => md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
const anchors = (md: string) =>
  prose(md.replace(/`/g, ''))
    .match(/^#{1,6} .*$/gm)
    ?.map((h) => slug(h.replace(/^#+ /, ''))) ?? [];

describe('documentation links (README.md and docs/*.md)', () => {
  it('has the pages the README sends readers to', () => {
    for (const page of ['flows', 'routing', 'console-and-dashboard', 'reports', 'api', 'operations', 'security', 'architecture']) {
      expect(PAGES, page).to.include(`docs/${page}.md`);
    }
  });

  for (const page of PAGES) {
    it(`${page}: every relative link and image points at a file (and heading) that exists`, () => {
      const text = readFileSync(path.join(ROOT, page), 'utf8');
      const broken: string[] = [];
      for (const [, target] of prose(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const [file, anchor] = target.split('#');
        const full = file ? path.resolve(path.dirname(path.join(ROOT, page)), file) : path.join(ROOT, page);
        if (!existsSync(full)) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (anchor && full.endsWith('.md') && statSync(full).isFile() && !anchors(readFileSync(full, 'utf8')).includes(anchor)) {
          broken.push(`${target}: no heading #${anchor}`);
        }
      }
      expect(broken).to.deep.equal([]);
    });
  }

  for (const page of [...PAGES, 'CONTRIBUTING.md', 'SECURITY.md']) {
    it(`${page}: every source path it names in code spans exists (the map follows the tree)`, () => {
      const text = readFileSync(path.join(ROOT, page), 'utf8');
      const named = [...text.matchAll(/`((?:src|test|scripts|migrations|bench|deploy|flows)\/[A-Za-z0-9_./-]+)`/g)].map((m) => m[1]);
      // Placeholders such as migrations/NNN-name.sql name a pattern, not a file.
      expect(named.filter((p) => !/NNN/.test(p) && !existsSync(path.join(ROOT, p)))).to.deep.equal([]);
    });
  }
});
