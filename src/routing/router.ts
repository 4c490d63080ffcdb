import pg from 'pg';
import { assignmentDetails, type AssignmentDetails } from '../db/queries/assignments.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log.js';
import { callIsOver, restError, type CallControl } from '../twilio/call-control.js';
import { dialString } from '../twiml/agent-leg.js';
import { agentLegUrls } from '../twiml/urls.js';
import { claimOffers, endDueWrapUps, noteAgentCallSid, withdrawOffer, type Claim } from './lifecycle/index.js';

/** Matches claimed per statement: one round trip and one commit for several callers when busy. */
export const CLAIM_BATCH = 16;

export interface RouterOptions {
  pool: Pool;
  control: CallControl;
  baseUrl: string;
  log: Logger;
  /** Connection for LISTEN (a pooled connection cannot listen). */
  listen?: { url: string };
  /** The fallback poll: a lost notification delays a match by at most this. */
  pollMs?: number;
  onDecision?: (ms: number, claim: Claim) => void;
  /** Before a callback is placed: false when it must not be dialled (see callbackDialCheck). */
  beforeCallback?: (a: AssignmentDetails) => Promise<boolean>;
  /**
   * Closes a caller's call that Twilio says is over (as its final status callback would have):
   * the entry is abandoned and the agent released. Without it, the offer is only withdrawn.
   */
  endCall?: (callSid: string) => Promise<void>;
}

/**
 * Matches waiting callers with available agents, on every instance at once. A pass claims matches
 * one at a time (each claim is one committed statement with SKIP LOCKED row locks) and rings the
 * agent for each. Passes run on NOTIFY (a wake-up hint from triggers) and on a short poll behind it.
 */
export class Router {
  private running = false;
  private again = false;
  private timer?: NodeJS.Timeout;
  private listener?: pg.Client;
  private stopped = false;
  private ringing = new Set<Promise<void>>();

  constructor(private o: RouterOptions) {}

  async start(): Promise<void> {
    await this.connectListener();
    this.timer = setInterval(() => this.kick(), this.o.pollMs ?? 1000);
    this.kick();
  }

  private async connectListener(): Promise<void> {
    if (!this.o.listen || this.stopped) return;
    const client = new pg.Client({ connectionString: this.o.listen.url });
    client.on('notification', () => this.kick());
    client.on('error', (err) => {
      this.o.log.warn({ err: err.message }, 'routing listener lost; polling until it reconnects');
      this.listener = undefined;
      setTimeout(() => void this.connectListener().catch(() => {}), 2000).unref();
    });
    try {
      await client.connect();
      await client.query('LISTEN switchboard_routing');
      this.listener = client;
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'routing listener could not connect; polling');
      await client.end().catch(() => {});
    }
  }

  /** Asks for a routing pass now (coalesced: at most one runs, and one more after it). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass()
      .catch((err) => this.o.log.error({ err }, 'routing pass failed'))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Ends due wrap-ups, then claims (a batch per statement) and rings until no caller can be matched. */
  async pass(): Promise<number> {
    await endDueWrapUps(this.o.pool);
    let claimed = 0;
    while (!this.stopped) {
      const t0 = performance.now();
      const claims = await claimOffers(this.o.pool, CLAIM_BATCH);
      const ms = performance.now() - t0;
      for (const claim of claims) {
        claimed++;
        this.o.onDecision?.(ms / claims.length, claim);
        const ring = this.ring(claim)
          .catch((err) =>
            this.o.log.error(
              { err, callSid: claim.callSid, assignment: claim.assignmentId },
              'ringing failed; the reconciler repairs the offer once its lease runs out',
            ),
          )
          .finally(() => this.ringing.delete(ring));
        this.ringing.add(ring);
      }
      if (claims.length < CLAIM_BATCH) break;
    }
    return claimed;
  }

  /** Rings the agent: the queued caller is redirected to TwiML that dials them (or, for a callback, the agent is called first). */
  private async ring(claim: Claim): Promise<void> {
    const urls = agentLegUrls(this.o.baseUrl, claim.assignmentId);
    const log = this.o.log.child({ callSid: claim.callSid, assignment: claim.assignmentId, agent: claim.agentId });
    try {
      if (claim.kind === 'inbound') {
        await this.o.control.redirect(claim.callSid, urls.connect);
      } else {
        const a = await assignmentDetails(this.o.pool, claim.assignmentId);
        if (!a || (this.o.beforeCallback && !(await this.o.beforeCallback(a)))) return;
        const agentCallSid = await this.o.control.placeCall({
          to: dialString(a.contactKind, a.contact),
          from: a.centreNumber,
          url: urls.callback,
          statusCallback: urls.agentStatus,
          timeoutSeconds: a.ringTimeoutSeconds,
        });
        await noteAgentCallSid(this.o.pool, claim.assignmentId, agentCallSid);
      }
      log.info({ kind: claim.kind, group: claim.group }, 'ringing agent');
    } catch (err) {
      if (claim.kind === 'inbound' && callIsOver(err) && this.o.endCall) {
        // The caller hung up and the status callback saying so never reached us (lost, or the
        // database was down): without this the entry would wait, and be offered, for ever.
        log.warn({ twilio: restError(err) }, "Twilio says the caller's call is over; closing it and abandoning the entry");
        return this.o.endCall(claim.callSid);
      }
      // Twilio refused otherwise (its API is unreachable, …): free the agent, keep the caller's place.
      log.warn({ err: (err as Error).message }, 'could not ring the agent; offer withdrawn');
      await withdrawOffer(this.o.pool, claim.assignmentId, 'cancelled', 'back-in-line');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.ringing]);
    await this.listener?.end().catch(() => {});
  }
}
