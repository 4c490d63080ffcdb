import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { TwilioRestStandIn } from '../../src/emulator/twilio-rest-stand-in.js';
import { testDatabase } from './database.js';
import { ACCOUNT_SID, AUTH_TOKEN, freePort, startTestServer, type TestServer } from './server.js';

export interface RoutingCentre {
  server: TestServer;
  twilio: TwilioRestStandIn;
  close(): Promise<void>;
}

/** A server whose REST calls go to a Twilio stand-in, which then drives the emulated calls. */
export async function startCentre(
  opts: { now?: () => number; publicBaseUrl?: string; databaseUrl?: string; flowsDir?: string; env?: Record<string, string> } = {},
): Promise<RoutingCentre> {
  const port = await freePort();
  const publicBaseUrl = opts.publicBaseUrl ?? `http://127.0.0.1:${port}`;
  const twilio = await new TwilioRestStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: publicBaseUrl }).start();
  const server = await startTestServer({
    env: { PORT: String(port), PUBLIC_BASE_URL: publicBaseUrl, TWILIO_API_BASE_URL: twilio.url, ...opts.env },
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.flowsDir ? { flowsDir: opts.flowsDir } : {}),
    routing: true,
    routingPollMs: 200,
    reconcileEveryMs: 500,
  });
  return {
    server,
    twilio,
    close: async () => {
      await twilio.close();
      await server.close();
    },
  };
}

/** Places a call Twilio-style and lets the stand-in reach it (redirects from routing). */
export async function dialCentre(
  c: RoutingCentre,
  opts: { from?: string; to?: string; transportUrl?: (url: string) => string } = {},
): Promise<TwilioCall> {
  const call = c.twilio.register(
    new TwilioCall({
      baseUrl: c.server.config.publicBaseUrl,
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      from: opts.from ?? '+15551230000',
      to: opts.to ?? '+18005550100',
      ...(opts.transportUrl ? { transportUrl: opts.transportUrl } : {}),
    }),
  );
  await call.start();
  return call;
}

/** Waits until the stand-in has run routing's redirect and the caller is ringing an agent. */
export async function untilRinging(c: RoutingCentre, call: TwilioCall): Promise<void> {
  await c.twilio.until(() => call.waiting === 'dial');
}

/** Ends every miss back-off now (in the database, instead of waiting it out). */
export async function endMissBackoffs(): Promise<void> {
  await testDatabase().pool.query(`UPDATE agent_entry_backoffs SET until = now() - interval '1 second'`);
}

/** A caller in the general queue (English, then 0 at the main menu) whose agent is ringing. */
export async function callerRinging(c: RoutingCentre): Promise<TwilioCall> {
  const call = await dialCentre(c);
  await call.press('1');
  await call.press('0');
  await untilRinging(c, call);
  return call;
}
