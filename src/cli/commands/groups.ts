import type { Group, Overflow, WideningStep } from '../../db/queries/groups.js';
import * as directory from '../../admin/directory.js';
import { levels, numberOrText, parseLevels, runAdmin, table, UsageError, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

export interface GroupOptions {
  require?: string[];
  strategy?: string;
  'ring-timeout'?: string;
  'wrap-up'?: string;
  'max-misses'?: string;
  'miss-backoff'?: string;
  'max-wait'?: string;
  overflow?: string;
  'service-level'?: string;
  'announce-every'?: string;
  widen?: string[];
  json?: boolean;
}

const SETTINGS = `[--require billing=3 …] [--strategy longest-idle|round-robin|fewest-calls|most-skilled]
         [--ring-timeout 20] [--wrap-up 30] [--max-misses 2] [--miss-backoff 20] [--max-wait 600] [--service-level 20] [--announce-every 60]
         [--overflow voicemail|callback|group:<name>] [--widen 30:level=1 --widen 90:group=general]`;
const USAGE = `usage: switchboard groups add <name> ${SETTINGS}
       switchboard groups set <name> (same options; --require none and --widen none clear them)
       switchboard groups list [--json]
       switchboard groups remove <name>`;

const NUMBERS = [
  ['ring-timeout', 'ringTimeoutSeconds'],
  ['wrap-up', 'wrapUpSeconds'],
  ['max-misses', 'maxMisses'],
  ['miss-backoff', 'missBackoffSeconds'],
  ['max-wait', 'maxWaitSeconds'],
  ['service-level', 'serviceLevelSeconds'],
  ['announce-every', 'announceEverySeconds'],
] as const;

const WIDEN_USAGE = '--widen must look like 30:level=1, 90:group=general or 60:level=2,group=general';

/** `90:group=general` → { afterSeconds: 90, addGroup: 'general' }. */
function parseWiden(text: string): Record<string, unknown> {
  const m = /^([^:]+):(.+)$/.exec(text);
  if (!m) throw new UsageError(`${WIDEN_USAGE} (found '${text}')`);
  const step: Record<string, unknown> = { afterSeconds: numberOrText(m[1]) };
  for (const part of m[2].split(',')) {
    const [key, value] = part.split('=', 2);
    if (key === 'level' && value !== undefined) step.minLevel = numberOrText(value);
    else if (key === 'group' && value !== undefined) step.addGroup = value;
    else throw new UsageError(`${WIDEN_USAGE} (found '${text}')`);
  }
  return step;
}

/** The options given, as the API's group settings (validated by the directory like an API body). */
function settingsFrom(opts: GroupOptions): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  if (opts.require) s.requirements = opts.require.join() === 'none' ? {} : parseLevels('--require', opts.require);
  if (opts.strategy !== undefined) s.strategy = opts.strategy;
  for (const [option, key] of NUMBERS) if (opts[option] !== undefined) s[key] = numberOrText(opts[option]);
  if (opts.overflow !== undefined) {
    const [action, group] = opts.overflow.split(/:(.*)/s);
    s.overflow = group !== undefined ? { action, group } : { action };
  }
  if (opts.widen) s.widening = opts.widen.join() === 'none' ? [] : opts.widen.map(parseWiden);
  return s;
}

const overflowText = (o: Overflow) => (o.action === 'group' ? `group:${o.group}` : o.action);
const wideningText = (w: WideningStep[]) =>
  w
    .map(
      (s) =>
        `${s.afterSeconds}s:${[s.minLevel !== undefined && `level=${s.minLevel}`, s.addGroup && `group=${s.addGroup}`].filter(Boolean).join(',')}`,
    )
    .join(' ') || '-';
const describe = (g: Group) =>
  `requires ${levels(g.requirements, '>=')}; ${g.strategy}; ring ${g.ringTimeoutSeconds}s, wrap-up ${g.wrapUpSeconds}s, ` +
  `${g.maxMisses} miss(es), back-off ${g.missBackoffSeconds}s, max wait ${g.maxWaitSeconds}s; overflow ${overflowText(g.overflow)}; widening ${wideningText(g.widening)}`;

/** `switchboard groups …`: skill groups, what they require and how they route. */
export function groupsCommand(argv: string[], opts: GroupOptions, out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  return runAdmin(out, async () => {
    if (sub === 'add' && rest.length === 1) {
      const group = await withDatabase((pool) => directory.createGroup(pool, { name: rest[0], ...settingsFrom(opts) }));
      return out(`added group '${group.name}': ${describe(group)}`);
    }
    if (sub === 'set' && rest.length === 1) {
      const group = await withDatabase((pool) => directory.updateGroup(pool, rest[0], settingsFrom(opts)));
      return out(`updated group '${group.name}': ${describe(group)}`);
    }
    if (sub === 'list' && rest.length === 0) {
      const groups = await withDatabase((pool) => directory.listGroups(pool));
      if (opts.json) return out(JSON.stringify(groups, null, 2));
      if (!groups.length) return out("no skill groups yet (add one with 'switchboard groups add <name>')");
      const rows = groups.map((g) => [
        g.name,
        levels(g.requirements, '>='),
        g.strategy,
        `${g.ringTimeoutSeconds}s`,
        `${g.wrapUpSeconds}s`,
        String(g.maxMisses),
        `${g.maxWaitSeconds}s`,
        overflowText(g.overflow),
        wideningText(g.widening),
      ]);
      return table(['NAME', 'REQUIRES', 'STRATEGY', 'RING', 'WRAP-UP', 'MISSES', 'MAX WAIT', 'OVERFLOW', 'WIDENING'], rows).forEach((l) =>
        out(l),
      );
    }
    if (sub === 'remove' && rest.length === 1) {
      const group = await withDatabase((pool) => directory.removeGroup(pool, rest[0]));
      return out(`removed group '${group.name}'`);
    }
    throw new UsageError(USAGE);
  });
}
