import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A flow of its own: a menu, a queue (1 on hold leaves a voicemail), a survey. */
const OUTAGE_FLOW = `flow: outage-line
default: true
languages: [en-US]
start: menu
steps:
  menu:
    menu: Press 1 for an agent, 2 to rate us.
    options:
      "1": line
      "2": rate
    no_input: { say: Sorry., attempts: 2, then: line }
    invalid: { say: Sorry., attempts: 2, then: line }
  line:
    queue: general
    hold: Please hold.
    then: hangup
    on_failure: hangup
  rate:
    survey: Rate us from 1 to 5.
    then: bye
    no_input: { say: Sorry., attempts: 1, then: bye }
  bye:
    say: Goodbye.
    next: hangup
`;

export async function outageFlowsDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outage-flow-'));
  await writeFile(path.join(dir, 'outage-line.yaml'), OUTAGE_FLOW);
  return dir;
}
