import * as directory from '../../admin/directory.js';
import { runAdmin, table, UsageError, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

const USAGE = `usage: switchboard skills add <name>
       switchboard skills list [--json]`;

/** `switchboard skills …`: the skills agents have and groups require. */
export function skillsCommand(argv: string[], opts: { json?: boolean }, out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  return runAdmin(out, async () => {
    if (sub === 'add' && rest.length === 1) {
      const skill = await withDatabase((pool) => directory.addSkill(pool, { name: rest[0] }));
      return out(`added skill '${skill.name}'`);
    }
    if (sub === 'list' && rest.length === 0) {
      const skills = await withDatabase((pool) => directory.listSkills(pool));
      if (opts.json) return out(JSON.stringify(skills, null, 2));
      if (!skills.length) return out("no skills yet (add one with 'switchboard skills add <name>')");
      return table(
        ['SKILL', 'AGENTS', 'GROUPS'],
        skills.map((s) => [s.name, String(s.agents), String(s.groups)]),
      ).forEach((l) => out(l));
    }
    throw new UsageError(USAGE);
  });
}
