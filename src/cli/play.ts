import { createInterface } from 'node:readline';
import type { Conversation, Waiting } from './conversation.js';

type Out = (line: string) => void;

export function printHeard(c: Conversation, out: Out): void {
  for (const h of c.lastHeard) out(`  🔊 ${h.text}${h.language ? `  (${h.language})` : ''}`);
  for (const n of c.lastNotes) out(`  📝 ${n}`);
  if (c.waiting === 'queue') out(`  ⏳ ${c.waitingDetail}`);
  if (c.waiting === 'dial') out(`  📞 ${c.waitingDetail}`);
  if (c.waiting === 'ended') out('  ☎  the call has ended');
}

/**
 * Applies one scripted input to whatever the call waits for. At a menu: keys (`1`, `42#`), `-`
 * for silence, `say:words` for speech. In a queue: `hold`, `bridged` (an agent answered and hung
 * up), or another queue result. Ringing: `answered`, `busy`, `no-answer`, `failed`. Recording: the
 * message length in seconds, or `-` for none. Anywhere: `hangup`.
 */
export async function applyInput(c: Conversation, token: string, out: Out): Promise<void> {
  const t = token.trim();
  if (t === 'hangup' || t === 'q') {
    out('  ☎  you hang up');
    return c.hangUp();
  }
  switch (c.waiting) {
    case 'gather':
      if (t === '' || t === '-') {
        out('  …  you say nothing');
        return c.silence();
      }
      if (t.startsWith('say:') || t.startsWith('s ')) {
        const words = t.slice(t.startsWith('say:') ? 4 : 2).trim();
        out(`  🗣  you say "${words}"`);
        return c.speak(words);
      }
      if (!/^[0-9*#]+$/.test(t)) throw new Error(`'${t}' is not keys to press (digits, * or #), '-' for silence, or say:<words>`);
      out(`  ⌨  you press ${t}`);
      return c.press(t);
    case 'queue':
      if (t === '' || t === '-' || t === 'hold') {
        out('  …  you keep holding');
        return c.hold(30);
      }
      if (t === 'b' || t === 'agent') {
        out('  👤 an agent answers, talks with you, then hangs up');
        return c.queueResult('bridged');
      }
      if (/^[0-9*#]+$/.test(t)) {
        out(`  ⌨  you press ${t}`);
        return c.press(t);
      }
      out(`  ⏏  you leave the queue: ${t}`);
      return c.queueResult(t);
    case 'dial': {
      if (c.dialsAgent && (t === 'a' || t === 'answered' || t === 'accept')) {
        out('  👤 the agent answers and presses 1');
        return c.agentAnswers(true);
      }
      if (c.dialsAgent && (t === 'r' || t === 'reject')) {
        out('  👤 the agent answers but does not accept');
        return c.agentAnswers(false);
      }
      const status = ({ a: 'answered', b: 'busy', n: 'no-answer', f: 'failed' } as Record<string, string>)[t] ?? t;
      if (!['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'].includes(status)) throw new Error(`'${t}' is not a dial result (answered, busy, no-answer, failed)`);
      out(`  📞 the transfer ends: ${status}`);
      return c.dialResult(status as 'answered');
    }
    case 'record': {
      if (t === '' || t === '-' || t === '0') {
        out('  …  you leave no message');
        return c.recordNothing();
      }
      const seconds = Number(t);
      if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`'${t}' is not a message length in seconds`);
      out(`  🎙  you leave a ${seconds} s message`);
      return c.record(seconds);
    }
    case 'bridged':
      out('  👤 the agent hangs up');
      return c.endBridge();
    case 'ended':
      throw new Error('the call has already ended');
  }
}

const PROMPTS: Record<string, string> = {
  gather: 'keys> (Enter = silence, s <words> = speak, q = hang up) ',
  queue: 'hold> (Enter = keep holding and see if an agent is free, * = callback, 1 = voicemail, q = hang up) ',
  dial: 'ringing> (a = answered (an agent also presses 1), r = agent refuses, b = busy, n = no answer, f = failed) ',
  record: 'recording> (seconds of message, Enter = none) ',
  bridged: 'talking> (Enter = the agent hangs up, q = you hang up) ',
};

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

const AGENT_INPUTS = new Set(['a', 'answered', 'accept', 'r', 'reject']);

/** Plays a call: scripted from `inputs` when given, otherwise asking at the terminal. */
export async function playConversation(c: Conversation, inputs: string[] | undefined, out: Out): Promise<void> {
  printHeard(c, out);
  if (inputs) {
    for (const token of inputs) {
      if (c.waiting === 'ended') break;
      // An input for the agent's phone, given while the caller still holds: wait for routing.
      await poll(c, out, AGENT_INPUTS.has(token.trim()));
      if ((c.waiting as Waiting) === 'ended') break;
      await applyInput(c, token, out);
      printHeard(c, out);
    }
    if (c.waiting !== 'ended') {
      out(`  (script ends: the call is ${c.waitingDetail}; you hang up)`);
      await c.hangUp();
    }
    return;
  }
  const rl = createInterface({ input: process.stdin, terminal: false });
  // The iterator buffers lines, so input piped in all at once is read one answer at a time.
  const lines = rl[Symbol.asyncIterator]();
  try {
    while (c.waiting !== 'ended') {
      await poll(c, out);
      if ((c.waiting as Waiting) === 'ended') break;
      process.stdout.write(PROMPTS[c.waiting]);
      const next = await lines.next();
      const line: string = next.done ? 'hangup' : next.value;
      if (!process.stdin.isTTY) process.stdout.write('\n');
      try {
        await applyInput(c, line, out);
        printHeard(c, out);
      } catch (err) {
        out(`  ! ${(err as Error).message}`);
      }
    }
  } finally {
    rl.close();
  }
}

export const splitInputs = (s: string | undefined): string[] | undefined => (s === undefined ? undefined : s.split(','));
