import { expect } from 'chai';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import type { TwilioCallOptions } from '../../src/emulator/twiml-session.js';
import { ACCOUNT_SID, AUTH_TOKEN, type TestServer } from './server.js';

export const ACME_NUMBER = '+18005550100';
export const CALLER = '+15551230000';

/**
 * Places calls against a test server the way Twilio does (signed webhooks, TwiML followed verb by
 * verb), and fails the test if Twilio would have hit an error (bad status, invalid TwiML, fallback).
 */
export async function placeCall(server: TestServer, opts: Partial<TwilioCallOptions> = {}): Promise<DrivenCall> {
  const call = new TwilioCall({
    baseUrl: server.config.publicBaseUrl,
    authToken: AUTH_TOKEN,
    accountSid: ACCOUNT_SID,
    from: CALLER,
    to: ACME_NUMBER,
    ...opts,
  });
  const driven = new DrivenCall(call);
  await driven.step(() => call.start());
  return driven;
}

export class DrivenCall {
  constructor(readonly twilio: TwilioCall) {}

  get sid(): string {
    return this.twilio.callSid;
  }
  get waiting() {
    return this.twilio.waiting;
  }
  get lastHeard(): string[] {
    return this.twilio.lastHeard;
  }
  /** Everything heard so far, as one text (for substring assertions). */
  get transcript(): string {
    return this.twilio.heard.map((h) => h.text).join(' | ');
  }

  async step(action: () => Promise<void>): Promise<this> {
    await action();
    expect(this.twilio.faults, `Twilio errors on call ${this.sid}`).to.deep.equal([]);
    return this;
  }

  press = (digits: string) => this.step(() => this.twilio.press(digits));
  silence = () => this.step(() => this.twilio.silence());
  speak = (words: string) => this.step(() => this.twilio.speak(words));
  hold = (seconds?: number) => this.step(() => this.twilio.hold(seconds));
  queueResult = (result: string) => this.step(() => this.twilio.queueResult(result));
  dialResult = (status: Parameters<TwilioCall['dialResult']>[0], duration?: number) =>
    this.step(() => this.twilio.dialResult(status, duration));
  record = (r: { url?: string; duration: number }) => this.step(() => this.twilio.record(r));
  recordNothing = () => this.step(() => this.twilio.recordNothing());
  hangUp = () => this.step(() => this.twilio.hangUp());

  expectHeard(...texts: string[]): this {
    const heard = this.lastHeard.join(' | ');
    for (const t of texts) expect(heard, 'heard since the last input').to.include(t);
    return this;
  }
}
