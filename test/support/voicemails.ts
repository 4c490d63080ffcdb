import path from 'node:path';
import { dialCentre, type RoutingCentre } from './routing.js';

/** A line whose callers choose a language and leave a message (test/fixtures/flows/inbox). */
export const INBOX_FLOWS = path.resolve(import.meta.dirname, '../fixtures/flows/inbox');

/** A caller leaves a message of `seconds` through signed webhooks; the stand-in keeps the recording. */
export async function leaveVoicemail(c: RoutingCentre, opts: { from: string; key?: '1' | '2'; seconds: number }): Promise<string> {
  const call = await dialCentre(c, { from: opts.from });
  await call.press(opts.key ?? '1');
  await call.record({ duration: opts.seconds });
  return call.callSid;
}
