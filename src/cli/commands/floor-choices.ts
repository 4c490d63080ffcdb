import { listChoices, removeChoice, setChoice, type ChoiceKind } from '../../routing/floor-choices.js';
import { runAdmin, table, UsageError, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

export const floorChoicesUsage = (kind: ChoiceKind) => `usage: switchboard ${kind} list [--all] [--json]
       switchboard ${kind} set <name> --label "…" [--position 3]
       switchboard ${kind} remove <name>`;

/** `switchboard break-reasons …` and `switchboard dispositions …`: what the console offers agents. */
export function floorChoicesCommand(
  kind: ChoiceKind,
  argv: string[],
  opts: { json?: boolean; all?: boolean; label?: string; position?: string },
  out: Out,
): Promise<number> {
  const [sub, ...rest] = argv;
  return runAdmin(out, async () => {
    if (sub === 'list' && rest.length === 0) {
      const list = await withDatabase((pool) => listChoices(pool, kind, { activeOnly: !opts.all }));
      if (opts.json) return out(JSON.stringify(list, null, 2));
      return table(
        ['NAME', 'LABEL', 'POSITION', 'OFFERED'],
        list.map((c) => [c.name, c.label, String(c.position), c.active ? 'yes' : 'no (removed)']),
      ).forEach((l) => out(l));
    }
    if (sub === 'set' && rest.length === 1) {
      const position = opts.position === undefined ? undefined : Number(opts.position);
      const c = await withDatabase((pool) =>
        setChoice(pool, kind, rest[0], { label: opts.label, ...(position === undefined ? {} : { position }) }),
      );
      return out(`${kind} '${c.name}': "${c.label}", position ${c.position}`);
    }
    if (sub === 'remove' && rest.length === 1) {
      await withDatabase((pool) => removeChoice(pool, kind, rest[0]));
      return out(`${kind} '${rest[0]}' is no longer offered`);
    }
    throw new UsageError(floorChoicesUsage(kind));
  });
}
