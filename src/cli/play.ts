import { createInterface } from 'node:readline';
import type { Conversation, Waiting } from './conversation.js';
import { applyInput, isAgentInput, promptFor } from './inputs.js';

type Out = (line: string) => void;

export function printHeard(c: Conversation, out: Out): void {
  for (const h of c.lastHeard) out(`  🔊 ${h.text}${h.language ? `  (${h.language})` : ''}`);
  for (const n of c.lastNotes) out(`  📝 ${n}`);
  if (c.waiting === 'queue') out(`  ⏳ ${c.waitingDetail}`);
  if (c.waiting === 'dial') out(`  📞 ${c.waitingDetail}`);
  if (c.waiting === 'ended') out('  ☎  the call has ended');
}

/** Gives routing a chance to reach the call; with `untilRinging`, waits up to 10 s for an agent. */
async function poll(c: Conversation, out: Out, untilRinging = false): Promise<void> {
  if (!c.poll) return;
  for (let waited = 0; ; waited += 250) {
    const notes = await c.poll();
    for (const n of notes) out(`  📞 ${n}`);
    if (notes.length) printHeard(c, out);
    if (!untilRinging || c.waiting !== 'queue' || waited >= 10_000) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How a scripted call went: `failed` when an input meant nothing where the call was. */
export interface Played {
  failed: boolean;
}

/** Plays a call: scripted from `inputs` when given, otherwise asking at the terminal. */
export async function playConversation(c: Conversation, inputs: string[] | undefined, out: Out): Promise<Played> {
  printHeard(c, out);
  if (inputs) {
    for (const [i, token] of inputs.entries()) {
      // An input for the agent's phone, given while the caller still holds: wait for routing.
      if (c.waiting !== 'ended') await poll(c, out, isAgentInput(token));
      if ((c.waiting as Waiting) === 'ended') return scriptLeftOver(inputs.slice(i), false, out);
      try {
        await applyInput(c, token, out);
      } catch (err) {
        out(`  ! ${(err as Error).message}`);
        out('  ☎  you hang up');
        await c.hangUp();
        return scriptLeftOver(inputs.slice(i), true, out);
      }
      printHeard(c, out);
    }
    if (c.waiting !== 'ended') {
      out(`  (script ends: the call is ${c.waitingDetail}; you hang up)`);
      await c.hangUp();
    }
    return { failed: false };
  }
  const rl = createInterface({ input: process.stdin, terminal: false });
  // The iterator buffers lines, so input piped in all at once is read one answer at a time.
  const lines = rl[Symbol.asyncIterator]();
  try {
    while (c.waiting !== 'ended') {
      await poll(c, out);
      if ((c.waiting as Waiting) === 'ended') break;
      process.stdout.write(promptFor(c));
      const next = await lines.next();
      const line: string = next.done ? 'hangup' : next.value;
      if (!process.stdin.isTTY) process.stdout.write('\n');
      try {
        await poll(c, out, isAgentInput(line));
        if ((c.waiting as Waiting) === 'ended') break;
        await applyInput(c, line, out);
        printHeard(c, out);
      } catch (err) {
        out(`  ! ${(err as Error).message}`);
      }
    }
  } finally {
    rl.close();
  }
  return { failed: false };
}

/** Says which scripted inputs the call never used (it ended first, or one was refused). */
function scriptLeftOver(unused: string[], failed: boolean, out: Out): Played {
  const n = unused.length;
  out(`  ${n} scripted input${n === 1 ? ' was' : 's were'} not used: ${unused.join(', ')}${failed ? '' : ' (the call had ended)'}`);
  return { failed };
}

export const splitInputs = (s: string | undefined): string[] | undefined => (s === undefined ? undefined : s.split(','));
