import type { Request, Response } from 'express';
import { principalKey, type Principal } from '../db/queries/people.js';
import type { LiveStream } from '../live/live-hub.js';

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Ends the stream from our side (`onClose` runs once, as when the client goes away). */
  end(): void;
}

/** Opens a server-sent event stream. Comments keep proxies from closing it. */
export function eventStream(req: Request, res: Response, onClose: () => void): EventStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
  };
  req.on('close', close);
  const send = (event: string, data: unknown) => void res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  return {
    send,
    end: () => {
      close();
      res.end();
    },
  };
}

/**
 * A live page's stream of snapshots for the request's principal (behind requireApiToken). When its
 * credential ends, the page is told (`signed-out`) and the stream closes, so it shows the sign-in.
 */
export function openLiveStream<T>(req: Request, res: Response, subscribe: (stream: LiveStream<T>) => () => void): void {
  let unsubscribe = () => {};
  const events = eventStream(req, res, () => unsubscribe());
  unsubscribe = subscribe({
    credential: res.locals.credential,
    principal: principalKey(res.locals.principal as Principal),
    send: (snapshot) => events.send('snapshot', snapshot),
    notify: (event, data) => events.send(event, data),
    end: () => {
      events.send('signed-out', { error: 'your session has ended; sign in again' });
      events.end();
    },
  });
}
