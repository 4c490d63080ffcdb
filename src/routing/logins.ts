import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, isAcceptablePassword, PASSWORD_RULE, verifyPassword } from '../auth/passwords.js';
import type { Queryable } from '../db/pool.js';
import * as people from '../db/queries/people.js';
import { DirectoryError, parseInput } from './directory-input.js';

const username = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2–64 lower-case letters, digits, . _ or -');
const password = z.string().refine(isAcceptablePassword, `must be ${PASSWORD_RULE}`);
const loginInput = z.strictObject({ username, password: z.string().min(1).max(200), role: z.enum(['agent', 'supervisor']) });

const SESSION_HOURS = 12;

/** Wrong credentials (401, unlike a malformed request). */
export class SignInRefused extends Error {}
export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Gives an agent a console login (username + password). */
export async function setAgentLogin(db: Queryable, agentId: number, input: { username: unknown; password: unknown }): Promise<void> {
  const v = parseInput(z.strictObject({ username, password }), input);
  const ok = await people.setAgentLogin(db, agentId, v.username, await hashPassword(v.password)).catch((err) => {
    if ((err as { code?: string }).code === '23505') throw new DirectoryError('conflict', `username '${v.username}' is taken`);
    throw err;
  });
  if (!ok) throw new DirectoryError('not-found', `no agent with id ${agentId}`);
}

export async function addSupervisor(db: Queryable, input: { username: unknown; name: unknown; password: unknown }): Promise<number> {
  const v = parseInput(z.strictObject({ username, name: z.string().trim().min(1).max(120), password }), input);
  return people.addSupervisor(db, { username: v.username, name: v.name, passwordHash: await hashPassword(v.password) });
}

/**
 * Signs someone in and opens a session; returns the cookie token (only its hash is stored).
 * A wrong username and a wrong password get the same answer.
 */
export async function signIn(db: Queryable, input: unknown): Promise<{ token: string; principal: people.Principal }> {
  const v = parseInput(loginInput, input);
  const found = v.role === 'agent' ? await people.findAgentLogin(db, v.username) : await people.findSupervisorLogin(db, v.username);
  if (!found || !(await verifyPassword(v.password, found.passwordHash))) throw new SignInRefused('wrong username or password');
  const principal: people.Principal = v.role === 'agent' ? { role: 'agent', agentId: found.id, name: found.name } : { role: 'supervisor', supervisorId: found.id, name: found.name };
  const token = randomBytes(32).toString('base64url');
  await people.createSession(db, hashSessionToken(token), principal, SESSION_HOURS);
  return { token, principal };
}

export const sessionPrincipal = (db: Queryable, token: string) => people.findSession(db, hashSessionToken(token));
export const signOut = (db: Queryable, token: string) => people.deleteSession(db, hashSessionToken(token));
