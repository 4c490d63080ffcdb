import express, { type Express, type Request, type Response } from 'express';
import { MessagingStandIn } from './messaging-stand-in.js';
import { recordingMediaPath, recordingWav, sendMedia } from './recording-audio.js';

interface Command {
  id: number;
  type: 'redirect';
  callSid: string;
  url: string;
}

/**
 * The zero-configuration demo has no Twilio account, so the server answers Twilio's REST calls
 * itself at /local-twilio: a redirect of a queued caller (an agent was found) becomes a command
 * that `switchboard call` picks up and follows, as Twilio would. Outbound calls (callbacks) need
 * a real account and are refused. Text messages are kept (`switchboard sms` shows those sent to a
 * number) and their statuses reported to the server's /sms/status, signed, as Twilio would.
 */
export function mountLocalTwilio(app: Express, opts: { accountSid: string; authToken: string; baseUrl: string }): void {
  const texts = new MessagingStandIn(
    opts,
    (work) => void work().catch(() => undefined),
    () => {
      if (texts.sent.length > 1000) texts.sent.splice(0, texts.sent.length - 1000);
    },
  );
  const commands: Command[] = [];
  let nextId = 1;
  const expected = 'Basic ' + Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64');
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use((req, res, next) =>
    req.headers.authorization === expected ? next() : res.status(401).json({ code: 20003, message: 'Authenticate', status: 401 }),
  );

  router.post('/2010-04-01/Accounts/:account/Calls/:callSid.json', (req: Request, res: Response) => {
    const url = req.body?.Url;
    if (typeof url === 'string') {
      commands.push({ id: nextId++, type: 'redirect', callSid: String(req.params.callSid), url });
      if (commands.length > 1000) commands.splice(0, commands.length - 1000);
    }
    res.json({ sid: req.params.callSid, status: 'in-progress', api_version: '2010-04-01' });
  });
  router.post('/2010-04-01/Accounts/:account/Calls.json', (_req, res) => {
    res
      .status(400)
      .json({ code: 21215, message: 'The local demo cannot place outbound calls (callbacks); configure a Twilio account', status: 400 });
  });
  router.get('/2010-04-01/Accounts/:account/Calls/:callSid.json', (req, res) => {
    res.status(404).json({ code: 20404, message: `The local demo does not track /Calls/${req.params.callSid}`, status: 404 });
  });
  // Recordings are looked for after an outage; the demo's recordings only ever reach us by their webhook.
  router.get('/2010-04-01/Accounts/:account/Recordings.json', (req, res) => {
    const uri = req.originalUrl.replace(/^\/local-twilio/, '');
    res.json({
      recordings: [],
      page: 0,
      page_size: 50,
      start: 0,
      end: 0,
      uri,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
    });
  });
  router.post('/2010-04-01/Accounts/:account/Messages.json', (req, res) => {
    const created = texts.create(req.body ?? {});
    res.status(created.status).json(created.json);
  });
  // The texts sent to one number (newest last), for `switchboard sms`.
  router.get('/messages', (req, res) => {
    res.json(
      texts.sent
        .filter((t) => !req.query.to || t.to === req.query.to)
        .map(({ sid, to, from, body, statuses }) => ({ sid, to, from, body, statuses })),
    );
  });
  // A voicemail's recording, played back in the inbox: the demo's callers record nothing real, so
  // every recording is a short generated tone (Twilio serves WAV without an extension, as here).
  router.get(/^\/2010-04-01\/Accounts\/AC[0-9a-fA-F]{32}\/Recordings\/RE[0-9a-fA-F]{32}(\.wav)?$/, (req, res) => {
    const media = recordingMediaPath(req.path);
    if (!media || media.accountSid !== opts.accountSid)
      return void res.status(404).json({ code: 20404, message: 'Not found', status: 404 });
    sendMedia(req, res, recordingWav(8), 'audio/x-wav');
  });
  // What Twilio was asked to do since command `after`, for one call.
  router.get('/commands', (req, res) => {
    const after = Number(req.query.after ?? 0);
    res.json(commands.filter((c) => c.id > after && (!req.query.callSid || c.callSid === req.query.callSid)));
  });
  app.use('/local-twilio', router);
}
