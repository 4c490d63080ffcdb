import { exponential } from '../../src/reports/prng.js';
import type { CallMix } from './protocol.js';

/**
 * The agents' side of the bench, as the generator plays it: how long a phone rings before the agent
 * answers, how long they talk, and when each agent is free again (their last hang-up plus their
 * group's wrap-up), which is where routing latency starts for a caller who was already waiting.
 */
export class SimulatedAgents {
  /** Agent's phone (the <Dial>'s number) → when they are free again, performance.now() ms. */
  private freeAt = new Map<string, number>();

  constructor(
    private random: () => number,
    private mix: CallMix,
    /** Seconds of wrap-up per group, real time: the server counts them, `timeScale` does not apply. */
    private wrapUpSeconds: Record<string, number>,
  ) {}

  /** Seconds (before `timeScale`) the phone rings before the agent answers. */
  ringSeconds(): number {
    const [min, max] = this.mix.ringSeconds;
    return min + this.random() * (max - min);
  }

  /** Seconds (before `timeScale`) the agent talks, answer to hang-up. */
  talkSeconds(): number {
    return exponential(this.random, this.mix.talkMeanSeconds);
  }

  /** When this agent became free to take the call now ringing them (0: never seen busy). */
  freeSince(phone: string): number {
    return this.freeAt.get(phone) ?? 0;
  }

  hungUp(phone: string, group: string, now: number): void {
    this.freeAt.set(phone, now + (this.wrapUpSeconds[group] ?? 0) * 1000);
  }
}
