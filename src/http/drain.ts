import type { RequestHandler } from 'express';

/**
 * Shutting down without losing a caller: once draining, /ready answers 503 (a load balancer
 * stops sending work; /health, liveness, stays 200), a new call gets the fallback (the fallback
 * queue holds the caller until an instance takes them back; or the fallback number), and the
 * webhooks in flight are waited for.
 */
export class Drain {
  private active = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  get draining(): boolean {
    return this.active;
  }

  start(): void {
    this.active = true;
  }

  /** Counts a webhook from arrival to its answer (or the connection closing). */
  readonly track: RequestHandler = (_req, res, next) => {
    this.inFlight++;
    // Draining: no keep-alive, so Twilio's next webhook opens a connection elsewhere.
    if (this.active) res.setHeader('connection', 'close');
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      if (--this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };

  /** Resolves once no webhook is in flight, or after `timeoutMs` with how many still were. */
  async idle(timeoutMs: number): Promise<number> {
    if (this.inFlight === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    return this.inFlight;
  }
}
