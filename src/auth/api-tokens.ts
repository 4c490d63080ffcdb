import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/pool.js';
import * as tokens from '../db/queries/tokens.js';
import { getAgent } from '../admin/directory.js';
import { tokenInput } from '../admin/directory-input.js';
import { InputError, parseInput } from '../input-error.js';
import { hashSecretToken } from './secret-token.js';

export const TOKEN_PATTERN = /^sb_[0-9a-f]{64}$/;
/** A wallboard's token looks different, so whoever finds one on a TV knows what it can (only) open. */
export const WALLBOARD_TOKEN_PATTERN = /^sbw_[0-9a-f]{64}$/;

/** A supervisor's token, or with `agentId` one that acts only as that agent (their console's API). */
export async function createApiToken(db: Queryable, input: unknown): Promise<{ token: string; info: tokens.ApiTokenInfo }> {
  const { name, agentId } = parseInput(tokenInput, input);
  if (agentId !== undefined) await getAgent(db, agentId);
  const token = `sb_${randomBytes(32).toString('hex')}`;
  return { token, info: await tokens.insertApiToken(db, name, hashSecretToken(token), agentId ?? null) };
}

/** A token for a wallboard (a TV on the floor): it opens the wallboard page and its read-only data, nothing else. */
export async function createWallboardToken(db: Queryable, input: unknown): Promise<{ token: string; info: tokens.ApiTokenInfo }> {
  const { name } = parseInput(tokenInput.pick({ name: true }), input);
  const token = `sbw_${randomBytes(32).toString('hex')}`;
  return { token, info: await tokens.insertApiToken(db, name, hashSecretToken(token), null, 'wallboard') };
}

export const listApiTokens = (db: Queryable) => tokens.listApiTokens(db);

export async function revokeApiToken(db: Queryable, raw: string): Promise<{ token: tokens.ApiTokenInfo; alreadyRevoked: boolean }> {
  const found = /^\d{1,15}$/.test(raw) ? await tokens.revokeApiToken(db, Number(raw)) : undefined;
  if (!found) throw new InputError('not-found', `no API token with id ${raw}`);
  return found;
}

/** Checks a token a client presented (by its hash, so timing says nothing about the token itself). */
export async function authenticateApiToken(db: Queryable, token: string): ReturnType<typeof tokens.useApiToken> {
  return TOKEN_PATTERN.test(token) || WALLBOARD_TOKEN_PATTERN.test(token)
    ? tokens.useApiToken(db, hashSecretToken(token))
    : { status: 'unknown' };
}
