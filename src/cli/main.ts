#!/usr/bin/env node
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { agentsCommand } from './commands/agents.js';
import { callCommand } from './commands/call.js';
import { smsCommand } from './commands/sms.js';
import { CASES_USAGE, casesCommand } from './commands/cases.js';
import { checkCommand } from './commands/check.js';
import { floorChoicesCommand } from './commands/floor-choices.js';
import { forecastCommand } from './commands/forecast.js';
import { graphCommand } from './commands/graph.js';
import { groupsCommand } from './commands/groups.js';
import { simulateCommand } from './commands/simulate.js';
import { skillsCommand } from './commands/skills.js';
import { targetsCommand } from './commands/targets.js';
import { testCommand } from './commands/test.js';
import { tokensCommand } from './commands/tokens.js';
import { migrateCommand } from './commands/migrate.js';
import { agentLoginCommand, supervisorsCommand } from './commands/logins.js';

/** Each command's help, printed by `switchboard <command> --help`; all of them make `switchboard --help`. */
const COMMAND_HELP: Record<string, string> = {
  check: `  switchboard check [--flows dir] [--no-groups]
      Validate and lint every flow; exit 1 on errors. Skill groups are checked against the database.`,
  simulate: `  switchboard simulate <flow> [--digits 1,2] [--at 2026-12-25T10:00] [--from +15551230000] [--to +18005550100]
      Play a call in the terminal (type keys), or scripted with --digits; --at is a time in the flow's
      time zone (default: now). Inputs, by what the call waits for: at a menu keys, '-' for silence,
      say:<words> (say:<words>@0.4: heard with that confidence); in a queue hold, keys (* callback,
      1 voicemail), a (an agent answers and presses 1), r (an agent refuses), bridged, queue-full;
      talking to an agent done (the agent hangs up); ringing a transfer answered | busy | no-answer |
      failed; recording: seconds of message; anywhere hangup.
      Inputs the call never used are listed.`,
  call: `  switchboard call [--digits …] [--to +18005550100] [--from …] [--url http://localhost:3000]
      The same against a running server, through signed webhooks, as Twilio would send them, with the
      same inputs. The server: --url, else PUBLIC_BASE_URL, else http://localhost:$PORT (PORT default 3000).`,
  sms: `  switchboard sms <from> <text…> [--to +18005550100] [--url http://localhost:3000]
      Text a running server as the customer at <from> would (a signed /sms/incoming), e.g. the answer to the
      survey texted after a call: switchboard sms +15551230000 "9 great help". Prints Switchboard's reply; in the
      local demo also the texts it sent to that number. Finds the server like call does.`,
  test: `  switchboard test [scenario.yaml …] [--min-coverage 100]
      Run flow scenarios (default: <flows>/tests/*.yaml) and report path coverage.`,
  graph: `  switchboard graph <flow> [--markdown] [--out file]
      Print a Mermaid flowchart of a flow.`,
  agents: `  switchboard agents add --name "Ana Ruiz" (--phone +15551110001 | --client ana | --sip sip:ana@pbx.example.com) [--skill billing=4 …]
  switchboard agents list [--json] | set-skill <id> <skill> <level> | remove-skill <id> <skill> | remove <id>
  switchboard agents status <id> <available|break|offline|not-ready> [--reason lunch]
  switchboard agents set-login <id> <username> [--password …]     (the agent's console sign-in)`,
  supervisors: `  switchboard supervisors add <username> [--name "Sam Lee"] [--password …] | list   (dashboard sign-in)`,
  groups: `  switchboard groups add|set <name> [--require billing=3 …] [--strategy longest-idle|round-robin|fewest-calls|most-skilled]
      [--ring-timeout 20] [--wrap-up 30] [--max-misses 2] [--miss-backoff 20] [--max-wait 600] [--service-level 20] [--announce-every 60]
      [--overflow voicemail|callback|group:general] [--widen 30:level=1 --widen 90:group=general]
  switchboard groups list [--json] | remove <name>`,
  skills: `  switchboard skills add <name> | list [--json]`,
  targets: `  switchboard targets set [--group billing] [--service-level 80] [--within 20] [--asa 30] [--abandon-rate 5]
      [--formula offered|answered-and-abandoned|answered-and-long-abandoned] [--nps 30] [--csat 85] | list [--json]
      KPI targets: the centre's defaults (no --group) or a group's own; percentages in %, 'none' clears one.`,
  'break-reasons': `  switchboard break-reasons list [--all] [--json] | set <name> --label "Lunch" [--position 1] | remove <name>
      The break reasons the console offers agents, in order (a break naming another is refused).`,
  dispositions: `  switchboard dispositions list [--all] [--json] | set <name> --label "Resolved" [--position 1] | remove <name>
      The wrap-up dispositions the console offers agents, in order (a wrap-up naming another is refused).`,
  tokens: `  switchboard tokens create <name> [--agent <id> | --wallboard] | list [--json] | revoke <id>
      API tokens for /api (Authorization: Bearer <token>), a supervisor's or (--agent) one agent's, or
      (--wallboard) one that opens only the wallboard page; shown once.`,
  forecast: `  switchboard forecast --group billing --date 2026-12-07 [--interval 15|30|60] [--weeks 4] [--target 0.8] [--timezone UTC] [--json]
      Agents needed per interval of a coming day to answer the target share within the group's service-level
      threshold (Erlang C, and Erlang A when the history has abandonment), from the same weekday's past weeks.`,
  cases: CASES_USAGE,
  migrate: `  switchboard migrate status [--json] | up
      The database schema: which migrations ran (a changed shipped one is refused), and apply the pending ones.`,
};

const FLOW_COMMANDS = ['check', 'simulate', 'call', 'sms', 'test', 'graph'];
const HELP = `switchboard — tools for Switchboard flows

${FLOW_COMMANDS.map((c) => COMMAND_HELP[c]).join('\n')}

Managing the call centre (on DATABASE_URL, or the embedded database \`npm start\` created):
${Object.keys(COMMAND_HELP)
  .filter((c) => !FLOW_COMMANDS.includes(c))
  .map((c) => COMMAND_HELP[c])
  .join('\n')}
`;

async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const [first, ...rest] = argv;
  const command = first === '--help' || first === '-h' ? 'help' : first;
  const out = (l: string) => process.stdout.write(l + '\n');
  // Cases parse their own options (src/cli/commands/cases.ts).
  if (command === 'cases' && !rest.includes('--help') && !rest.includes('-h')) return casesCommand(rest, out);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      flows: { type: 'string' },
      digits: { type: 'string' },
      at: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      url: { type: 'string' },
      out: { type: 'string' },
      markdown: { type: 'boolean', default: false },
      'no-groups': { type: 'boolean', default: false },
      'min-coverage': { type: 'string' },
      // Management commands (agents, groups, skills, tokens).
      name: { type: 'string' },
      phone: { type: 'string' },
      client: { type: 'string' },
      sip: { type: 'string' },
      skill: { type: 'string', multiple: true },
      reason: { type: 'string' },
      require: { type: 'string', multiple: true },
      strategy: { type: 'string' },
      'ring-timeout': { type: 'string' },
      'wrap-up': { type: 'string' },
      'max-misses': { type: 'string' },
      'miss-backoff': { type: 'string' },
      'max-wait': { type: 'string' },
      overflow: { type: 'string' },
      'service-level': { type: 'string' },
      'announce-every': { type: 'string' },
      widen: { type: 'string', multiple: true },
      agent: { type: 'string' },
      wallboard: { type: 'boolean' },
      password: { type: 'string' },
      // targets (and forecast's --group)
      within: { type: 'string' },
      asa: { type: 'string' },
      'abandon-rate': { type: 'string' },
      formula: { type: 'string' },
      nps: { type: 'string' },
      csat: { type: 'string' },
      label: { type: 'string' },
      position: { type: 'string' },
      all: { type: 'boolean', default: false },
      // forecast
      group: { type: 'string' },
      date: { type: 'string' },
      interval: { type: 'string' },
      weeks: { type: 'string' },
      target: { type: 'string' },
      timezone: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const digits = values.digits;
  const helpFor = values.help ? command : command === 'help' ? positionals[0] : undefined;
  if (helpFor && COMMAND_HELP[helpFor]) {
    out(COMMAND_HELP[helpFor]);
    return 0;
  }
  if (values.help || !command || command === 'help') {
    out(HELP);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'check':
      return checkCommand({ flows: values.flows, groups: !values['no-groups'] }, out);
    case 'simulate':
      return simulateCommand(positionals[0], { flows: values.flows, digits, at: values.at, from: values.from, to: values.to }, out);
    case 'call':
      return callCommand({ url: values.url, to: values.to, from: values.from, digits }, out);
    case 'sms':
      return smsCommand(positionals, { url: values.url, to: values.to }, out);
    case 'test': {
      const min = values['min-coverage'] === undefined ? undefined : Number(values['min-coverage']);
      if (min !== undefined && !(min >= 0 && min <= 100)) {
        out('--min-coverage must be a percentage between 0 and 100');
        return 2;
      }
      return testCommand(positionals, { flows: values.flows, minCoverage: min }, out);
    }
    case 'graph':
      return graphCommand(positionals[0], { flows: values.flows, out: values.out, markdown: values.markdown }, out);
    case 'agents':
      if (positionals[0] === 'set-login') return agentLoginCommand(positionals.slice(1), values, out);
      return agentsCommand(positionals, values, out);
    case 'supervisors':
      return supervisorsCommand(positionals, values, out);
    case 'groups':
      return groupsCommand(positionals, values, out);
    case 'skills':
      return skillsCommand(positionals, values, out);
    case 'targets':
      return targetsCommand(positionals, values, out);
    case 'break-reasons':
    case 'dispositions':
      return floorChoicesCommand(command, positionals, values, out);
    case 'tokens':
      return tokensCommand(positionals, values, out);
    case 'forecast':
      return forecastCommand(positionals, values, out);
    case 'migrate':
      return migrateCommand(positionals, values, out);
    default:
      out(`unknown command '${command}'\n\n${HELP}`);
      return 2;
  }
}

// Piped into \`head\` (or any reader that stops early): stop quietly, as other command-line tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`switchboard: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1);
  },
);
