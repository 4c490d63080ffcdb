import type { RequestHandler, Response } from 'express';
import type { Queryable } from '../db/pool.js';
import { authenticateApiToken } from '../routing/directory.js';

function refuse(res: Response, error: string): void {
  res.status(401).set('WWW-Authenticate', 'Bearer').json({ error });
}

/** /api needs `Authorization: Bearer <token>` with a token made by `switchboard tokens create`. */
export function requireApiToken(db: Queryable): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '');
    if (!match) return refuse(res, 'missing API token: send Authorization: Bearer <token> (create one with switchboard tokens create)');
    const found = await authenticateApiToken(db, match[1]);
    if (found === 'unknown') return refuse(res, 'unknown API token');
    if (found === 'revoked') return refuse(res, 'this API token has been revoked');
    next();
  };
}
