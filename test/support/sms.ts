import path from 'node:path';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { TwilioRestStandIn } from '../../src/emulator/twilio-rest-stand-in.js';
import type { TextAnswer } from '../../src/emulator/sms-customer.js';
import type { Logger } from '../../src/log.js';
import { testDatabase } from './database.js';
import { ACCOUNT_SID, AUTH_TOKEN, freePort, startTestServer, type TestServer } from './server.js';

export const SMS_FLOWS = path.resolve(import.meta.dirname, '../fixtures/flows/sms');
export const CENTRE_NUMBER = '+18005550100';

/**
 * A server on a fake clock whose Twilio REST calls (Messages.create included) go to the stand-in.
 * The outbox's own timer is slow: a test drives it with `sendDue()` after moving the clock.
 */
export interface SmsCentre {
  server: TestServer;
  twilio: TwilioRestStandIn;
  clock: { now: number };
  /** Moves the fake clock on. */
  advance(seconds: number): void;
  /** Sends what is due now and waits for the stand-in's status callbacks. */
  sendDue(): Promise<void>;
  call(from: string, to?: string): Promise<TwilioCall>;
  reply(from: string, body: string, messageSid?: string): Promise<TextAnswer>;
  /** The texts the stand-in was asked to send to one number. */
  textsTo(number: string): string[];
  close(): Promise<void>;
}

export async function startSmsCentre(
  opts: { env?: Record<string, string>; databaseUrl?: string; clock?: { now: number }; log?: Logger } = {},
): Promise<SmsCentre> {
  const port = await freePort();
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const twilio = await new TwilioRestStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: publicBaseUrl }).start();
  const clock = opts.clock ?? { now: Date.parse('2026-11-23T15:00:00Z') };
  const server = await startTestServer({
    flowsDir: SMS_FLOWS,
    env: { PORT: String(port), PUBLIC_BASE_URL: publicBaseUrl, TWILIO_API_BASE_URL: twilio.url, ...opts.env },
    now: () => clock.now,
    smsOutbox: true,
    smsEveryMs: 3_600_000,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  return {
    server,
    twilio,
    clock,
    advance: (seconds) => void (clock.now += seconds * 1000),
    sendDue: async () => {
      await server.smsOutbox.kick();
      await server.smsOutbox.idle();
      await twilio.settled();
    },
    call: async (from, to = CENTRE_NUMBER) => {
      const call = twilio.register(new TwilioCall({ baseUrl: publicBaseUrl, authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, from, to }));
      await call.start();
      return call;
    },
    reply: (from, body, messageSid) => twilio.messages.reply(from, CENTRE_NUMBER, body, messageSid),
    textsTo: (number) => twilio.messages.sent.filter((t) => t.to === number).map((t) => t.body),
    close: async () => {
      await twilio.close();
      await server.close();
    },
  };
}

/** A fresh caller number per test (the frequency cap and opt-outs are per number). */
let serial = 0;
export function freshMobile(): string {
  serial++;
  return `+1555${String(Date.now() % 1000).padStart(3, '0')}${String(serial).padStart(4, '0')}`;
}

export async function rows<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  return (await testDatabase().pool.query(sql, values)).rows as T[];
}
