import { keywordOf } from '../sms/reading.js';
import { newMessageSid, reportMessageStatus, textSwitchboard, type TextAnswer } from './sms-customer.js';

/** A text Switchboard asked Twilio to send, as the stand-in recorded it. */
export interface SentText {
  sid: string;
  to: string;
  /** The From number, or the Messaging Service SID that sent it. */
  from: string;
  body: string;
  statusCallback?: string;
  /** The statuses reported to the StatusCallback so far (queued → sent → delivered, or undelivered). */
  statuses: string[];
}

/**
 * Twilio's Messaging as the stand-in plays it: Messages.create recorded and answered with an SM…
 * sid, then queued → sent → delivered (or → undelivered with an error code) reported, signed, to
 * the StatusCallback. It keeps its own opt-out list, as Twilio does, from STOP (and START) texts
 * sent through it: a message to a number that opted out is refused with error 21610.
 */
export class MessagingStandIn {
  readonly sent: SentText[] = [];
  private optedOut = new Set<string>();
  /** Numbers whose messages Twilio accepts but the carrier does not deliver (error code). */
  readonly undeliverable = new Map<string, number>();

  constructor(
    private opts: { accountSid: string; authToken: string; baseUrl: string },
    private drive: (work: () => Promise<unknown>) => void,
    private changed: () => void,
  ) {}

  /** POST …/Messages.json: Twilio's answer (status and JSON). */
  create(params: Record<string, string>): { status: number; json: unknown } {
    const to = params.To ?? '';
    const from = params.From ?? params.MessagingServiceSid ?? '';
    if (!to || !params.Body || !from) {
      return {
        status: 400,
        json: { code: 21604, message: "A 'To', a 'From' (or MessagingServiceSid) and a 'Body' are required", status: 400 },
      };
    }
    if (this.optedOut.has(to)) {
      return {
        status: 400,
        json: {
          code: 21610,
          message: 'Attempt to send to unsubscribed recipient',
          more_info: 'https://www.twilio.com/docs/errors/21610',
          status: 400,
        },
      };
    }
    const text: SentText = {
      sid: newMessageSid(),
      to,
      from,
      body: params.Body,
      statuses: [],
      ...(params.StatusCallback ? { statusCallback: params.StatusCallback } : {}),
    };
    this.sent.push(text);
    this.changed();
    const failure = this.undeliverable.get(to);
    this.drive(async () => {
      for (const status of ['queued', 'sent', failure ? 'undelivered' : 'delivered'])
        await this.report(text, status, status === 'undelivered' ? failure : undefined);
    });
    return {
      status: 201,
      json: {
        sid: text.sid,
        account_sid: this.opts.accountSid,
        to,
        from: params.From ?? null,
        messaging_service_sid: params.MessagingServiceSid ?? null,
        body: params.Body,
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        error_code: null,
        uri: `/2010-04-01/Accounts/${this.opts.accountSid}/Messages/${text.sid}.json`,
      },
    };
  }

  /** A customer texts Switchboard through the stand-in (STOP and START update its opt-out list first, as Twilio's do). */
  async reply(from: string, to: string, body: string, messageSid?: string): Promise<TextAnswer> {
    const keyword = keywordOf(body);
    if (keyword && 'optOut' in keyword) this.optedOut.add(from);
    if (keyword && 'optIn' in keyword) this.optedOut.delete(from);
    const answer = await textSwitchboard({
      baseUrl: this.opts.baseUrl,
      authToken: this.opts.authToken,
      accountSid: this.opts.accountSid,
      from,
      to,
      body,
      ...(messageSid ? { messageSid } : {}),
    });
    this.changed();
    return answer;
  }

  private async report(text: SentText, status: string, errorCode?: number): Promise<void> {
    text.statuses.push(status);
    if (!text.statusCallback) return;
    await reportMessageStatus({
      url: text.statusCallback,
      authToken: this.opts.authToken,
      accountSid: this.opts.accountSid,
      messageSid: text.sid,
      to: text.to,
      from: text.from,
      status,
      ...(errorCode ? { errorCode } : {}),
    });
  }
}
