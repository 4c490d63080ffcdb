// The wallboard: a read-only view of the queues for a TV, opened with a wallboard token. The link
// a supervisor makes carries it in the fragment (/wallboard#token=sbw_…), which the page trades
// once for a cookie scoped to /wallboard and then drops from the address bar.
const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);
const mmss = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s) % 60).padStart(2, '0')}`;
// The longest wait runs on between snapshots: seconds at the snapshot, plus the time since it came.
let receivedAt = Date.now();
function tickWaits() {
  for (const el of document.querySelectorAll('[data-wait]'))
    el.textContent = mmss(Number(el.dataset.wait) + (Date.now() - receivedAt) / 1000);
}
const STATUS = { met: 'on target', close: 'close to target', missed: 'below target' };

/** The live dot, its colour said in words too (WCAG 1.4.1). */
function showLive(yes) {
  $('#live').classList.toggle('off', !yes);
  $('#live-word').textContent = yes ? 'live' : 'not connected';
}

function refused(message) {
  $('#refused').textContent = message;
  $('#refused').classList.remove('hidden');
  $('#queues').innerHTML = '';
  showLive(false);
}

function render(s) {
  receivedAt = Date.now();
  $('#refused').classList.add('hidden');
  $('#queues').innerHTML = s.queues
    .map(
      (q) => `<section class="queue ${q.status ?? ''}" data-group="${esc(q.group)}">
      <h2>${esc(q.group)}</h2>
      <div class="figures">
        <div class="figure waiting"><div class="value">${q.waiting}</div><div class="label">waiting${q.callbacks ? ` · ${q.callbacks} callbacks` : ''}</div></div>
        <div class="figure longest"><div class="value" ${q.waiting ? `data-wait="${q.longestWaitSeconds}"` : ''}>${q.waiting ? mmss(q.longestWaitSeconds) : '—'}</div><div class="label">longest wait</div></div>
        <div class="figure sl"><div class="value">${pct(q.serviceLevel)}</div><div class="label">service level · target ${pct(q.target.serviceLevel)} in ${q.target.serviceLevelSeconds}s${q.status ? ` · ${STATUS[q.status]}` : ''}</div></div>
        <div class="figure available"><div class="value">${q.agents.available}</div><div class="label">agents available · ${q.agents.busy} busy</div></div>
      </div></section>`,
    )
    .join('');
  $('#updated').textContent = `Updated ${new Date(s.at).toLocaleTimeString()}`;
  document.body.dataset.updated = s.at;
}

/** The stream ended or was refused: ask why (a revoked token, an ended session) and say it, or try again. */
async function explain() {
  const res = await fetch('/wallboard/data').catch(() => null);
  if (res && !res.ok)
    refused(`${(await res.json().catch(() => null))?.error ?? `HTTP ${res.status}`}. Ask a supervisor for a new wallboard link.`);
  else setTimeout(start, 5000);
}

async function start() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) {
    const res = await fetch('/wallboard/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    history.replaceState(null, '', location.pathname);
    if (!res.ok)
      return refused(`${(await res.json().catch(() => null))?.error ?? `HTTP ${res.status}`}. Ask a supervisor for a new wallboard link.`);
  }
  const first = await fetch('/wallboard/data', { credentials: 'same-origin' });
  if (!first.ok) return refused(`${(await first.json().catch(() => null))?.error ?? `HTTP ${first.status}`}.`);
  render(await first.json());
  const source = new EventSource('/wallboard/events');
  source.addEventListener('snapshot', (e) => render(JSON.parse(e.data)));
  source.addEventListener('signed-out', () => {
    source.close();
    void explain();
  });
  source.onopen = () => showLive(true);
  source.onerror = async () => {
    showLive(false);
    // Refused on reconnecting (a revoked token, a restart that outlived it): say why.
    if (source.readyState === EventSource.CLOSED) await explain();
  };
}

const clock = () => {
  $('#clock').textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  tickWaits();
};
clock();
setInterval(clock, 1000);
start().catch((err) => refused(`The wallboard could not start: ${err.message}`));
