import { assertNever } from '../assert-never.js';
import type { Conversation } from './conversation.js';

type Out = (line: string) => void;

/**
 * The caller's (and the agent's) inputs that `simulate` and `call` understand, scripted with
 * --digits or typed at the prompt: one vocabulary, one meaning each, by what the call waits for.
 */
const HANG_UP = ['hangup', 'q'];
const SILENCE = ['', '-'];
const AGENT_ACCEPTS = ['a', 'answered', 'accept'];
const AGENT_REFUSES = ['r', 'reject'];
const AGENT_HANGS_UP = [...SILENCE, 'done'];
/** What Twilio may report when a caller's wait in <Enqueue> ends other than by an agent. */
const QUEUE_RESULTS = ['queue-full', 'error', 'system-error', 'redirected'];
const DIAL_RESULTS: Record<string, 'answered' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled'> = {
  a: 'answered',
  answered: 'answered',
  completed: 'completed',
  b: 'busy',
  busy: 'busy',
  n: 'no-answer',
  'no-answer': 'no-answer',
  f: 'failed',
  failed: 'failed',
  canceled: 'canceled',
};
const KEYS = /^[0-9*#]+$/;

/** Whether the input is for an agent's phone: given while the caller holds, it waits for routing to ring one. */
export const isAgentInput = (token: string) => [...AGENT_ACCEPTS, ...AGENT_REFUSES].includes(token.trim());

/** The prompt for typing the next input, for what the call waits for now. */
export function promptFor(c: Conversation): string {
  switch (c.waiting) {
    case 'gather':
      return 'keys> (Enter = silence, s <words> = speak, q = hang up) ';
    case 'queue':
      return c.asksInQueue
        ? 'answer> (keys = answer what you just heard, * = back to hold, Enter = keep holding, q = hang up) '
        : 'hold> (Enter = keep holding and see if an agent is free, a = an agent answers, * = callback, 1 = voicemail, q = hang up) ';
    case 'dial':
      return c.dialsAgent
        ? 'ringing> (a = the agent answers and presses 1, r = the agent refuses, b = busy, n = no answer, f = failed, q = hang up) '
        : 'ringing> (a = answered, b = busy, n = no answer, f = failed, q = hang up) ';
    case 'record':
      return 'recording> (seconds of message, Enter = none, q = hang up) ';
    case 'bridged':
      return 'talking> (Enter or done = the agent hangs up, q = you hang up) ';
    case 'ended':
      return '';
    default:
      return assertNever(c.waiting, 'wait');
  }
}

/** Applies one input to whatever the call waits for; an input that means nothing there is an error naming what would. */
export async function applyInput(c: Conversation, token: string, out: Out): Promise<void> {
  const t = token.trim();
  if (HANG_UP.includes(t)) {
    out('  ☎  you hang up');
    return c.hangUp();
  }
  switch (c.waiting) {
    case 'gather':
      if (SILENCE.includes(t)) {
        out('  …  you say nothing');
        return c.silence();
      }
      if (t.startsWith('say:') || t.startsWith('s ')) {
        // `say:billing@0.4`: how sure Twilio's recogniser was (0..1), to try a menu's confirmation.
        const said = /^(.*?)(?:@(0(?:\.\d+)?|1(?:\.0+)?))?$/.exec(t.slice(t.startsWith('say:') ? 4 : 2).trim())!;
        const words = said[1].trim();
        const confidence = said[2] === undefined ? undefined : Number(said[2]);
        out(`  🗣  you say "${words}"${confidence === undefined ? '' : ` (confidence ${confidence})`}`);
        return c.speak(words, confidence);
      }
      // Spaces between keys are pauses ("1 0": NPS 10 typed as two keys); Twilio sends the keys alone.
      if (!KEYS.test(t.replace(/ +/g, '')))
        throw new Error(`'${t}' is not keys to press (digits, * or #), '-' for silence, or say:<words>: the call is at a menu`);
      out(`  ⌨  you press ${t}`);
      return c.press(t.replace(/ +/g, ''));
    case 'queue':
      return inQueue(c, t, out);
    case 'dial': {
      if (c.dialsAgent && AGENT_ACCEPTS.includes(t)) {
        out('  👤 the agent answers and presses 1');
        return c.agentAnswers(true);
      }
      if (c.dialsAgent && AGENT_REFUSES.includes(t)) {
        out('  👤 the agent answers but does not accept');
        return c.agentAnswers(false);
      }
      const status = DIAL_RESULTS[t];
      if (!status)
        throw new Error(
          `'${t}' is not a result for the call ${c.waitingDetail}: a (answered${c.dialsAgent ? ', the agent presses 1' : ''})${c.dialsAgent ? ', r (the agent refuses)' : ''}, b (busy), n (no answer), f (failed)`,
        );
      out(`  📞 the transfer ends: ${status}`);
      return c.dialResult(status);
    }
    case 'record': {
      if (SILENCE.includes(t) || t === '0') {
        out('  …  you leave no message');
        return c.recordNothing();
      }
      const seconds = Number(t);
      if (!Number.isInteger(seconds) || seconds <= 0)
        throw new Error(`'${t}' is not a message length in seconds: the call is recording a voicemail`);
      out(`  🎙  you leave a ${seconds} s message`);
      return c.record(seconds);
    }
    case 'bridged':
      if (!AGENT_HANGS_UP.includes(t))
        throw new Error(`'${t}' means nothing while you talk with the agent: done (the agent hangs up) or hangup (you do)`);
      out('  👤 the agent hangs up');
      return c.endBridge();
    case 'ended':
      throw new Error('the call has already ended');
    default:
      return assertNever(c.waiting, 'wait');
  }
}

async function inQueue(c: Conversation, t: string, out: Out): Promise<void> {
  if (SILENCE.includes(t) || t === 'hold') {
    out('  …  you keep holding');
    return c.hold(30);
  }
  if (KEYS.test(t)) {
    out(`  ⌨  you press ${t}`);
    return c.press(t);
  }
  if (isAgentInput(t)) {
    // The simulator has no routing: the input itself says an agent was free and rang.
    if (!c.agentFound)
      throw new Error(
        `no agent rang for this call (${c.waitingDetail}) within 10 s: is one available in that group? (npx switchboard agents list)`,
      );
    out('  📞 an agent is free: the call rings them');
    await c.agentFound();
    return applyInput(c, t, out);
  }
  if (t === 'b' || t === 'bridged' || t === 'agent') {
    out('  👤 an agent answers, talks with you, then hangs up');
    return c.queueResult('bridged');
  }
  if (QUEUE_RESULTS.includes(t)) {
    out(`  ⏏  Twilio ends the wait in the queue: ${t}`);
    return c.queueResult(t);
  }
  if (t === 'done')
    throw new Error(
      `'done' is for when you talk with an agent (the agent hangs up); the call is ${c.waitingDetail}: a (an agent answers) first`,
    );
  throw new Error(
    `'${t}' is not something to do in a queue: hold or '-' (keep holding), keys (* callback, 1 voicemail), a (an agent answers and presses 1), r (an agent refuses), bridged (an agent talked with you), ${QUEUE_RESULTS.join(', ')}, hangup`,
  );
}
