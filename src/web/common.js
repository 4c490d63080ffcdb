// Shared by the console and the dashboard: sign-in, JSON calls, live streams, time formatting.
export const $ = (sel, root = document) => root.querySelector(sel);
export const esc = (s) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export async function api(path, opts = {}) {
  let res;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      ...opts,
      body: opts.body ? JSON.stringify(opts.body) : undefined,
    });
  } catch {
    // fetch rejects only when no answer came at all (server down, network gone).
    throw Object.assign(new Error('Cannot reach Switchboard; try again when the connection is back'), { status: 0 });
  }
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(body?.error ?? `HTTP ${res.status}`), { status: res.status });
  return body;
}

/** Shows the sign-in form until someone of `role` signs in; resolves with who they are. */
export async function signedIn(role) {
  const me = await api('/auth/me').catch(() => null);
  if (me?.role === role) return me;
  const form = $('#login');
  form.classList.remove('hidden');
  return new Promise((resolve) => {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      $('#login-error').textContent = '';
      try {
        const who = await api('/auth/login', {
          method: 'POST',
          body: { username: $('#username').value.trim(), password: $('#password').value, role },
        });
        form.classList.add('hidden');
        resolve(who);
      } catch (err) {
        $('#login-error').textContent = err.message;
      }
    });
  });
}

export async function signOut() {
  await api('/auth/logout', { method: 'POST' }).catch(() => {});
  location.reload();
}

const RETRY_MS = [1000, 2000, 5000, 10_000, 15_000]; // back-off while the server stays unreachable

/**
 * A server-sent event stream of snapshots. While it is down the page says so in words, the
 * actions that need the server are disabled, and it retries; the first snapshot after it is back
 * re-renders the page (no reload). `events`: handlers of the stream's other event types, by type.
 */
export function live(path, onSnapshot, events = {}) {
  let source;
  let failures = 0;
  const open = () => {
    source = new EventSource(path);
    source.addEventListener('snapshot', (e) => {
      failures = 0;
      connected(true);
      onSnapshot(JSON.parse(e.data));
    });
    for (const [type, handle] of Object.entries(events)) source.addEventListener(type, (e) => handle(JSON.parse(e.data)));
    // The session ended (signed out elsewhere, expired, password changed): back to the sign-in form.
    source.addEventListener('signed-out', () => (source.close(), location.reload()));
    source.onerror = () => {
      connected(false);
      // EventSource retries by itself after a dropped connection, but gives up for good on an
      // error answer (a proxy's 502 while the instances restart): then we open a new one.
      if (source.readyState === EventSource.CLOSED) setTimeout(open, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
    };
  };
  open();
}

let isConnected = true;
function connected(yes) {
  $('#live')?.classList.toggle('off', !yes);
  // The dot's colour is said in words too (WCAG 1.4.1).
  if ($('#live-word')) $('#live-word').textContent = yes ? 'live' : 'not connected';
  if (yes === isConnected) return;
  isConnected = yes;
  let banner = $('#connection');
  if (!banner) {
    banner = Object.assign(document.createElement('p'), { id: 'connection', className: 'connection-lost hidden' });
    banner.setAttribute('role', 'alert');
    document.body.prepend(banner);
  }
  banner.textContent = yes ? '' : 'Cannot reach Switchboard. Retrying… Actions are paused until the connection is back.';
  banner.classList.toggle('hidden', yes);
  for (const el of document.querySelectorAll('main button, main select, main input, main textarea')) {
    if (!yes) {
      el.dataset.pausedOffline = String(el.disabled);
      el.disabled = true;
    } else if (el.dataset.pausedOffline !== undefined) {
      el.disabled = el.dataset.pausedOffline === 'true';
      delete el.dataset.pausedOffline;
    }
  }
}

export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

export const since = (iso) => duration((Date.now() - new Date(iso).getTime()) / 1000);

/** Elements with data-since="ISO time" show a ticking duration. */
export function tick() {
  for (const el of document.querySelectorAll('[data-since]')) el.textContent = since(el.dataset.since);
  for (const el of document.querySelectorAll('[data-until]'))
    el.textContent = duration((new Date(el.dataset.until).getTime() - Date.now()) / 1000);
}
setInterval(tick, 1000);
