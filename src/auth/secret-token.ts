import { createHash } from 'node:crypto';

/**
 * Web sessions and API tokens are random secrets of which only a hash is stored: a database leak
 * gives no usable credential, and a lookup by hash says nothing about the secret through timing.
 * 32 random bytes make a brute-forced or guessed token impossible, so an unsalted SHA-256 is enough
 * (a password needs scrypt because people choose them; nobody chooses these).
 */
export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('hex');
