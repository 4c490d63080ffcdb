import { testDatabase } from './database.js';
import { addSupervisor, setAgentLogin } from '../../src/auth/logins.js';

export const PASSWORD = 'correct horse battery';

export async function giveLogin(agentId: number, username: string): Promise<void> {
  await setAgentLogin(testDatabase().pool, agentId, { username, password: PASSWORD });
}

export async function addSupervisorLogin(username = 'sam'): Promise<void> {
  await addSupervisor(testDatabase().pool, { username, name: 'Sam Lee', password: PASSWORD });
}

/** Signs in through /auth/login and returns the session cookie to send. */
export async function signIn(
  baseUrl: string,
  username: string,
  role: 'agent' | 'supervisor',
  password = PASSWORD,
): Promise<{ status: number; cookie?: string; body: unknown }> {
  const res = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, role }),
  });
  const setCookie = res.headers.get('set-cookie') ?? undefined;
  return { status: res.status, cookie: setCookie?.split(';')[0], body: await res.json().catch(() => null) };
}

export async function getJson(url: string, cookie?: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) },
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json().catch(() => null) };
}

/** Reads server-sent `snapshot` events from a stream until `until` accepts one (or times out). */
export async function nextSnapshot<T>(
  url: string,
  cookie: string,
  until: (s: T) => boolean,
  action?: () => Promise<unknown>,
  timeoutMs = 5000,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let first = true;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (!block.includes('event: snapshot') || !data) continue;
        const snapshot = JSON.parse(data.slice(6)) as T;
        if (first && action) {
          first = false;
          await action();
          continue;
        }
        if (until(snapshot)) return snapshot;
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
