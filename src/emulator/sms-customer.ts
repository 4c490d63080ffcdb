import { randomBytes } from 'node:crypto';
import { sendWebhook } from './twilio-webhook.js';

export const newMessageSid = (): string => 'SM' + randomBytes(16).toString('hex');

/** What Switchboard answered an incoming text with: the HTTP status, the TwiML, and the <Message> texts in it. */
export interface TextAnswer {
  status: number;
  twiml: string;
  messages: string[];
  messageSid: string;
}

/** The <Message> bodies of a messaging TwiML answer (entities decoded). */
export function messagesOf(twiml: string): string[] {
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...twiml.matchAll(/<Message(?:\s[^>]*)?>([\s\S]*?)<\/Message>/g)].map((m) => decode(m[1]));
}

/**
 * A customer's text to Switchboard as Twilio delivers it: a signed POST to /sms/incoming with
 * Twilio's parameters. `messageSid` given again is Twilio's retry of the same message.
 */
export async function textSwitchboard(o: {
  baseUrl: string;
  transportUrl?: string;
  authToken: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  messageSid?: string;
}): Promise<TextAnswer> {
  const messageSid = o.messageSid ?? newMessageSid();
  const url = `${o.baseUrl}/sms/incoming`;
  const params = {
    MessageSid: messageSid,
    SmsMessageSid: messageSid,
    SmsSid: messageSid,
    AccountSid: o.accountSid,
    MessagingServiceSid: '',
    From: o.from,
    To: o.to,
    Body: o.body,
    NumMedia: '0',
    NumSegments: String(Math.max(1, Math.ceil(o.body.length / 153))),
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
  };
  const { sent } = await sendWebhook({
    url,
    target: o.transportUrl ? `${o.transportUrl}/sms/incoming` : url,
    params,
    authToken: o.authToken,
    idempotencyToken: `${messageSid}-incoming`,
  });
  return { status: sent.status, twiml: sent.body, messages: messagesOf(sent.body), messageSid };
}

/** A MessageStatus callback for a message Twilio sent, signed. */
export async function reportMessageStatus(o: {
  url: string;
  authToken: string;
  accountSid: string;
  messageSid: string;
  to: string;
  from: string;
  status: string;
  errorCode?: number;
}): Promise<number> {
  const params: Record<string, string> = {
    MessageSid: o.messageSid,
    SmsSid: o.messageSid,
    AccountSid: o.accountSid,
    MessageStatus: o.status,
    SmsStatus: o.status,
    To: o.to,
    From: o.from,
    ApiVersion: '2010-04-01',
    ...(o.errorCode ? { ErrorCode: String(o.errorCode) } : {}),
  };
  const { sent } = await sendWebhook({
    url: o.url,
    target: o.url,
    params,
    authToken: o.authToken,
    idempotencyToken: `${o.messageSid}-${o.status}`,
  });
  return sent.status;
}
