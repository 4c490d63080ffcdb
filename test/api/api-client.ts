import { createApiToken } from '../../src/auth/api-tokens.js';
import { testDatabase } from '../support/database.js';
import type { TestServer } from '../support/server.js';

export interface ApiResponse {
  status: number;
  /** Parsed JSON: loosely typed, since the tests compare it with exact expected values. */
  body: any;
}

/** A token made the way `switchboard tokens create` makes one. */
export async function newToken(name = 'tests'): Promise<string> {
  return (await createApiToken(testDatabase().pool, { name })).token;
}

/** Calls the API as a client would; `body` is sent as JSON (a string is sent as it is). */
export async function api(server: TestServer, token: string | null, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Binds the server and a token, so tests read `call('GET', '/api/agents')`. */
export function client(server: () => TestServer, token: () => string) {
  return (method: string, path: string, body?: unknown) => api(server(), token(), method, path, body);
}
