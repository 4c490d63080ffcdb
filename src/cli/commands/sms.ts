import { textSwitchboard } from '../../emulator/sms-customer.js';
import { HOW_TO_POINT, serverUrls, webhookAuthToken } from './call.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * `switchboard sms <from> <text>`: text a running server as a customer would (a signed
 * /sms/incoming, as Twilio delivers it), e.g. the answer to the survey texted after a call. In the
 * local demo, the texts Switchboard sent to that number are shown first.
 */
export async function smsCommand(positionals: string[], opts: { url?: string; to?: string }, out: (l: string) => void): Promise<number> {
  const [from, ...words] = positionals;
  const body = words.join(' ');
  if (!from || !E164.test(from)) {
    out(
      `give the customer's number in E.164 form first, e.g. switchboard sms +15551230000 "9 great help" (found ${from ? `"${from}"` : 'nothing'})`,
    );
    return 2;
  }
  if (words.length === 0) {
    out('give the text to send after the number, e.g. switchboard sms +15551230000 "9 great help"');
    return 2;
  }
  const to = opts.to ?? '+18005550100';
  if (!E164.test(to)) {
    out(`--to must be the centre's number in E.164 form, found "${to}"`);
    return 2;
  }
  const { publicBaseUrl, sendTo } = serverUrls(opts.url, process.env);
  const { token: authToken, tokenFile } = webhookAuthToken();
  if (!authToken) {
    out(`no auth token: set TWILIO_AUTH_TOKEN, or start the server once with npm start so it creates ${tokenFile}`);
    return 2;
  }
  const accountSid = process.env.TWILIO_ACCOUNT_SID || 'AC' + '0'.repeat(32);
  const localAuth = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
  const received = await fetch(`${sendTo}/local-twilio/messages?to=${encodeURIComponent(from)}`, {
    headers: { authorization: localAuth },
  }).then(
    async (r) => (r.ok ? ((await r.json()) as { body: string; statuses: string[] }[]) : undefined),
    () => null,
  );
  if (received === null) {
    out(`could not reach Switchboard at ${sendTo}: ${HOW_TO_POINT}`);
    return 1;
  }
  if (received?.length) {
    out(`Texts Switchboard sent to ${from} (the demo's stand-in for Twilio):`);
    for (const t of received.slice(-5)) out(`  < ${t.body}  [${t.statuses.at(-1) ?? 'queued'}]`);
  }
  out(`> ${from} texts ${to}: ${body}`);
  const answer = await textSwitchboard({
    baseUrl: publicBaseUrl,
    ...(sendTo !== publicBaseUrl ? { transportUrl: sendTo } : {}),
    authToken,
    accountSid,
    from,
    to,
    body,
  }).catch((err: Error) => err);
  if (answer instanceof Error || answer.status === 0) {
    out(`could not reach the server at ${sendTo}: ${answer instanceof Error ? answer.message : 'no answer'}; ${HOW_TO_POINT}`);
    return 1;
  }
  if (answer.status === 403) {
    out(
      `the server refused the signature (403) for ${publicBaseUrl}: are TWILIO_AUTH_TOKEN / TWILIO_ACCOUNT_SID / PUBLIC_BASE_URL the same as the server's?`,
    );
    return 1;
  }
  if (answer.status !== 200) {
    out(`the server answered ${answer.status}: ${answer.twiml.slice(0, 200)}`);
    return 1;
  }
  if (answer.messages.length === 0) out('< (no reply: Switchboard stored the text and sends nothing back)');
  for (const m of answer.messages) out(`< ${m}`);
  return 0;
}
