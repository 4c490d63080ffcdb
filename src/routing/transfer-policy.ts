// Which numbers an agent may transfer a caller to (TRANSFER_NUMBERS): exact E.164 numbers, or
// prefixes ending in `*` (`+1800*`). None by default: a centre says where its calls may go, so a
// console cannot send callers (at the centre's cost) anywhere.

/** One allowed entry: a number, or every number starting with a prefix. */
export type TransferRule = { number: string } | { prefix: string };

const E164 = /^\+[1-9]\d{6,14}$/;

/** Reads TRANSFER_NUMBERS' entries; returns the entries that are neither a number nor a prefix as problems. */
export function parseTransferRules(entries: string[]): { rules: TransferRule[]; problems: string[] } {
  const rules: TransferRule[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    if (E164.test(entry)) rules.push({ number: entry });
    else if (/^\+[1-9]\d{0,14}\*$/.test(entry)) rules.push({ prefix: entry.slice(0, -1) });
    else problems.push(`TRANSFER_NUMBERS: '${entry}' is neither an E.164 number such as +15551234567 nor a prefix such as +1800*`);
  }
  return { rules, problems };
}

/** Whether `number` may be transferred to, and if not, why (in words an agent can act on). */
export function checkTransferNumber(number: string, rules: readonly TransferRule[]): { ok: true } | { ok: false; problem: string } {
  if (!E164.test(number)) return { ok: false, problem: 'must be a phone number in international format, such as +15551234567' };
  if (rules.length === 0)
    return { ok: false, problem: 'transfers to numbers are not allowed in this centre (TRANSFER_NUMBERS is not set)' };
  const allowed = rules.some((r) => ('number' in r ? r.number === number : number.startsWith(r.prefix)));
  return allowed ? { ok: true } : { ok: false, problem: `${number} is not a number this centre allows transfers to` };
}
