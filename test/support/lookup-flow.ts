import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A default flow whose first step asks a data source (the test's `lookup`), then says goodbye. */
export async function flowWithLookup(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lookup-flow-'));
  await writeFile(
    path.join(dir, 'slow.yaml'),
    `flow: slow
default: true
start: find
steps:
  find:
    lookup: https://crm.example.com/customers
    next: bye
    on_failure: bye
  bye:
    say: Goodbye.
    next: hangup
`,
  );
  return dir;
}
