/** A call driven from the caller's side: the simulator (engine in-process) or a real server. */
export type Waiting = 'gather' | 'queue' | 'dial' | 'bridged' | 'record' | 'ended';

export interface Heard {
  text: string;
  language?: string;
}

export interface Conversation {
  readonly waiting: Waiting;
  /** What the call waits on, in words ("in queue 'billing'", "dialling +1555…"). */
  readonly waitingDetail: string;
  /** Prompts heard since the caller last did something. */
  readonly lastHeard: Heard[];
  /** What the flow stored or did since the last action (voicemail saved, survey score, …). */
  readonly lastNotes: string[];
  press(digits: string): Promise<void>;
  silence(): Promise<void>;
  speak(words: string, confidence?: number): Promise<void>;
  hold(seconds?: number): Promise<void>;
  queueResult(result: string): Promise<void>;
  dialResult(status: 'completed' | 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled'): Promise<void>;
  /** In the queue, the flow asks the caller something (the callback offer): keys answer it, not the hold options. */
  readonly asksInQueue: boolean;
  /** Only where no routing runs (the simulator): an agent was free and the call now rings them. */
  agentFound?(): Promise<void>;
  /** Whether the pending dial rings an agent (who hears a whisper and accepts with 1). */
  readonly dialsAgent: boolean;
  agentAnswers(accept: boolean): Promise<void>;
  /** The agent hangs up after talking; the caller stays on the line. */
  endBridge(): Promise<void>;
  /** Lets routing reach the call (a redirect to an agent); says what happened, if anything. */
  poll?(): Promise<string[]>;
  record(seconds: number): Promise<void>;
  recordNothing(): Promise<void>;
  hangUp(): Promise<void>;
}
