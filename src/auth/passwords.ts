import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

const PARAMS = { N: 16384, r: 8, p: 1 };

/** scrypt with a random salt, stored as `scrypt$N$r$p$salt$hash` so the cost can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

// What an unknown user's password is checked against: same parameters and key length as a real
// hash, so a sign-in costs one scrypt whether or not the username exists (no timing oracle).
const NO_ONE = ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, randomBytes(16).toString('base64'), randomBytes(32).toString('base64')].join('$');

/** Checks a password against a stored hash; with none (unknown user) it still costs one scrypt and fails. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  let parts = stored?.split('$');
  const usable = !!parts && parts.length === 6 && parts[0] === 'scrypt';
  if (!usable) parts = NO_ONE.split('$');
  const [, N, r, p, salt, hash] = parts!;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected) && usable;
}

export const PASSWORD_RULE = 'at least 8 characters';
export const isAcceptablePassword = (p: string) => typeof p === 'string' && p.length >= 8 && p.length <= 200;
