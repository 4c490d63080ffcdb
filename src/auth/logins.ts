import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, isAcceptablePassword, PASSWORD_RULE, verifyPassword } from './passwords.js';
import type { Queryable } from '../db/pool.js';
import { hashSecretToken } from './secret-token.js';
import * as people from '../db/queries/people.js';
import { signInFailed, signInSucceeded, signInWait } from './throttle.js';
import { InputError, parseInput } from '../input-error.js';

const username = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2–64 lower-case letters, digits, . _ or -');
const password = z.string().refine(isAcceptablePassword, `must be ${PASSWORD_RULE}`);
const loginInput = z.strictObject({ username, password: z.string().min(1).max(200), role: z.enum(['agent', 'supervisor']) });

const SESSION_HOURS = 12;

/** Wrong credentials (401, unlike a malformed request); `retryAfterSeconds` when this failure started a back-off. */
export class SignInRefused extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}

/** Gives an agent a console login (username + password). */
export async function setAgentLogin(db: Queryable, agentId: number, input: { username: unknown; password: unknown }): Promise<void> {
  const v = parseInput(z.strictObject({ username, password }), input);
  const ok = await people.setAgentLogin(db, agentId, v.username, await hashPassword(v.password)).catch((err) => {
    if ((err as { code?: string }).code === '23505') throw new InputError('conflict', `username '${v.username}' is taken`);
    throw err;
  });
  if (!ok) throw new InputError('not-found', `no agent with id ${agentId}`);
}

export async function addSupervisor(db: Queryable, input: { username: unknown; name: unknown; password: unknown }): Promise<number> {
  const v = parseInput(z.strictObject({ username, name: z.string().trim().min(1).max(120), password }), input);
  return people.addSupervisor(db, { username: v.username, name: v.name, passwordHash: await hashPassword(v.password) });
}

/** Too many failed sign-ins: wait `retryAfterSeconds` (429). */
export class SignInThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed sign-ins; try again in ${retryAfterSeconds} s`);
  }
}

/**
 * Signs someone in from `address` and opens a session; returns the cookie token (only its hash
 * is stored). A wrong username and a wrong password get the same answer and cost the same (one
 * scrypt either way); repeated failures are held back (src/auth/throttle.ts).
 */
export async function signIn(db: Queryable, input: unknown, address: string): Promise<{ token: string; principal: people.Principal }> {
  const v = parseInput(loginInput, input);
  const attempt = { role: v.role, username: v.username, address };
  const wait = await signInWait(db, attempt);
  if (wait > 0) throw new SignInThrottled(wait);
  const found = v.role === 'agent' ? await people.findAgentLogin(db, v.username) : await people.findSupervisorLogin(db, v.username);
  const matches = await verifyPassword(v.password, found?.passwordHash);
  if (!found || !matches) {
    const nowWaiting = await signInFailed(db, attempt);
    throw new SignInRefused('wrong username or password', nowWaiting);
  }
  await signInSucceeded(db, attempt);
  const principal: people.Principal =
    v.role === 'agent'
      ? { role: 'agent', agentId: found.id, name: found.name }
      : { role: 'supervisor', supervisorId: found.id, name: found.name };
  return { token: await openSession(db, principal), principal };
}

async function openSession(db: Queryable, principal: people.Principal): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await people.createSession(db, hashSecretToken(token), principal, SESSION_HOURS);
  return token;
}

const passwordChange = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password });

/**
 * A signed-in person changes their own password (the current one is asked for again). Every
 * session of theirs ends (a trigger does it, whatever changes the hash); this one gets a new
 * session, whose token is returned.
 */
export async function changeOwnPassword(db: Queryable, who: people.Principal, input: unknown): Promise<string> {
  const v = parseInput(passwordChange, input);
  const id = who.role === 'agent' ? who.agentId : who.supervisorId;
  if (id === null) throw new InputError('invalid', 'an API token has no password; sign in with a username to change one');
  const stored = await people.passwordHashOf(db, who.role, id);
  if (!(await verifyPassword(v.currentPassword, stored))) throw new SignInRefused('currentPassword: is not your current password');
  await people.setPasswordHash(db, who.role, id, await hashPassword(v.newPassword));
  return openSession(db, who);
}

export const sessionPrincipal = (db: Queryable, token: string) => people.findSession(db, hashSecretToken(token));
export const signOut = (db: Queryable, token: string) => people.deleteSession(db, hashSecretToken(token));
