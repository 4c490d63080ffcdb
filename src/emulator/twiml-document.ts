import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { spokenDigits } from '../flows/sentences/spoken.js';

/** One TwiML verb or noun, as Twilio reads it. */
export interface Verb {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Verb[];
}

export class TwimlError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  trimValues: true,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * What a <Say> says, SSML included: a `<say-as interpret-as="telephone">` number is read digit by
 * digit in groups, as Polly and Google voices read it; other SSML tags say their words.
 */
function spokenText(nodes: Node[]): string {
  const pieces = nodes.flatMap((c): string[] => {
    if ('#text' in c) return [String(c['#text'])];
    const name = Object.keys(c).find((k) => k !== ':@');
    if (!name) return [];
    const inner = spokenText((c[name] as Node[]) ?? []);
    return [name === 'say-as' && c[':@']?.['interpret-as'] === 'telephone' ? spokenDigits(inner) : inner];
  });
  // The parser trims each text, so words next to a tag lose their space: put it back, but not before punctuation.
  return pieces.reduce((acc, p) => (acc && p && !/^[,.;:!?)]/.test(p) ? `${acc} ${p}` : acc + p), '');
}

function toVerbs(nodes: Node[]): Verb[] {
  const out: Verb[] = [];
  for (const n of nodes) {
    const name = Object.keys(n).find((k) => k !== ':@');
    if (!name || name === '#text' || name === '?xml') continue;
    const inner = (n[name] as Node[]) ?? [];
    out.push({
      name,
      attrs: n[':@'] ?? {},
      text:
        name === 'Say'
          ? spokenText(inner)
          : inner
              .filter((c) => '#text' in c)
              .map((c) => String(c['#text']))
              .join(''),
      children: toVerbs(inner),
    });
  }
  return out;
}

/** Parses a TwiML document the way Twilio does, failing with Twilio's error code where it would. */
export function parseTwiml(body: string): Verb[] {
  // Twilio rejects anything (even whitespace) before the XML declaration: error 12100.
  if (!body.startsWith('<?xml') && !body.startsWith('<Response'))
    throw new TwimlError(12100, 'document does not start with <?xml or <Response>');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new TwimlError(12100, `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const top = toVerbs(parser.parse(body) as Node[]);
  if (top.length !== 1 || top[0].name !== 'Response') throw new TwimlError(12100, 'the root element must be <Response>');
  return top[0].children;
}

const WAIT_URL_VERBS = new Set(['Play', 'Say', 'Pause', 'Hangup', 'Redirect', 'Leave', 'Gather']);

/** The TwiML of a webhook's answer, or the error Twilio would raise for it (no answer, HTTP error, bad document). */
export function twimlOfAnswer(res: { status: number; body: string }, opts: { waitUrl?: boolean } = {}): Verb[] {
  if (res.status === 0) throw new TwimlError(11205, `no answer: ${res.body}`);
  if (res.status !== 200) throw new TwimlError(11200, `HTTP ${res.status}: ${res.body.slice(0, 200)}`);
  const verbs = parseTwiml(res.body);
  if (opts.waitUrl) {
    const bad = verbs.find((v) => !WAIT_URL_VERBS.has(v.name));
    if (bad) throw new TwimlError(12100, `<${bad.name}> is not allowed in waitUrl TwiML`);
  }
  return verbs;
}
