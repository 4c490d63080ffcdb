// Shared by the console and the dashboard: sign-in, JSON calls, live streams, time formatting.
export const $ = (sel, root = document) => root.querySelector(sel);
export const esc = (s) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export async function api(path, opts = {}) {
  const res = await fetch(path, {
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    ...opts,
    body: opts.body ? JSON.stringify(opts.body) : undefined,
  });
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

/** A server-sent event stream of snapshots; the dot shows whether it is connected. */
export function live(path, onSnapshot) {
  const source = new EventSource(path);
  source.addEventListener('snapshot', (e) => onSnapshot(JSON.parse(e.data)));
  // The session ended (signed out elsewhere, expired, password changed): back to the sign-in form.
  source.addEventListener('signed-out', () => (source.close(), location.reload()));
  source.onopen = () => $('#live')?.classList.remove('off');
  source.onerror = () => $('#live')?.classList.add('off');
  return source;
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
