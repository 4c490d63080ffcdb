import { Readable } from 'node:stream';
import { Router, type RequestHandler } from 'express';
import type { Pool } from '../../db/pool.js';
import type { Principal } from '../../db/queries/people.js';
import { assignTo, Forbidden, listInbox, markHandled, openVoicemail, voicemailRecordingFor } from '../../admin/voicemail-inbox.js';
import type { Logger } from '../../log.js';
import type { RecordingMediaSource } from '../../twilio/recording-media.js';
import { requireSupervisor } from '../api-auth.js';

/** Headers of Twilio's media answer that the browser needs to play and seek (nothing else is passed on). */
const PASSED = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified'];

/**
 * The voicemail inbox (under /api, behind the token check, before the supervisors-only part):
 * supervisors list, play, mark and assign every message; an agent, the ones assigned to them
 * (403 on others). `…/audio` plays the recording through Switchboard: the server fetches it from
 * Twilio with the account's credentials and streams it on, byte ranges included, so the page
 * never holds a public link.
 */
export function voicemailRoutes(pool: Pool, media: RecordingMediaSource, log: Logger): Router {
  const router = Router();
  const who = (res: { locals: Record<string, unknown> }) => res.locals.principal as Principal;
  const forbidden: (fn: RequestHandler) => RequestHandler = (fn) => async (req, res, next) => {
    try {
      await fn(req, res, next);
    } catch (err) {
      if (err instanceof Forbidden) res.status(403).json({ error: err.message });
      else next(err);
    }
  };
  router.get(
    '/voicemails',
    forbidden(async (req, res) => {
      res.json({ voicemails: await listInbox(pool, who(res), req.query) });
    }),
  );
  router.get(
    '/voicemails/:id',
    forbidden(async (req, res) => {
      res.json(await openVoicemail(pool, who(res), String(req.params.id)));
    }),
  );
  router.post(
    '/voicemails/:id/handled',
    forbidden(async (req, res) => {
      res.json(await markHandled(pool, who(res), String(req.params.id), req.body));
    }),
  );
  router.put(
    '/voicemails/:id/assignee',
    requireSupervisor,
    forbidden(async (req, res) => {
      res.json(await assignTo(pool, who(res), String(req.params.id), req.body));
    }),
  );
  router.get(
    '/voicemails/:id/audio',
    forbidden(async (req, res) => {
      const { recordingSid } = await voicemailRecordingFor(pool, who(res), String(req.params.id));
      const aborted = new AbortController();
      res.on('close', () => aborted.abort());
      let upstream: Response;
      try {
        upstream = await media.fetch(recordingSid, { range: req.get('range'), signal: aborted.signal });
      } catch (err) {
        log.warn({ err: (err as Error).message, recordingSid }, 'recording could not be fetched from Twilio');
        res.status(502).json({ error: 'Twilio could not be reached for this recording; try again' });
        return;
      }
      const type = upstream.headers.get('content-type') ?? '';
      if (upstream.status === 404) {
        res.status(404).json({ error: `Twilio no longer has recording ${recordingSid} (it may have been deleted)` });
      } else if (upstream.status === 416) {
        res
          .status(416)
          .set('content-range', upstream.headers.get('content-range') ?? '')
          .end();
      } else if ((upstream.status !== 200 && upstream.status !== 206) || !/^audio\//.test(type)) {
        log.warn({ status: upstream.status, type, recordingSid }, 'Twilio answered a recording request unexpectedly');
        res.status(502).json({ error: `Twilio answered ${upstream.status} for recording ${recordingSid}` });
      } else {
        res.status(upstream.status);
        for (const h of PASSED) {
          const v = upstream.headers.get(h);
          if (v) res.set(h, v);
        }
        // Someone's voice: kept out of shared caches, and never guessed as anything but audio.
        res.set('cache-control', 'private, max-age=300');
        if (!upstream.body) return void res.end();
        Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream)
          .on('error', () => res.destroy())
          .pipe(res);
        return;
      }
      await upstream.body?.cancel().catch(() => {});
    }),
  );
  return router;
}
