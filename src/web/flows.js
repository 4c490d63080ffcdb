// The flows page: each flow's version history, the problems of files that failed to load (as
// `switchboard check` prints them), and a version's diagram with what callers did over a range:
// the count on each arrow and a colour on the steps where callers gave up or failed.
import { $, api, esc, signedIn, signOut } from './common.js';

let timezone = 'UTC';
const when = (iso) => new Date(iso).toLocaleString('en-GB', { timeZone: timezone, dateStyle: 'medium', timeStyle: 'short' });

async function problems() {
  const { problems } = await api('/api/flows/problems');
  $('#problems-card').classList.toggle('hidden', !problems.length);
  $('#problems').innerHTML = problems
    .map((p) => `<li class="${esc(p.severity)}">${esc(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`)}</li>`)
    .join('');
}

async function versions() {
  const flow = $('#flow').value;
  const { current, versions } = await api(`/api/flows/${encodeURIComponent(flow)}/versions`);
  $('#version').innerHTML = versions
    .map(
      (v) =>
        `<option value="${esc(v.hash)}" ${v.hash === current ? 'selected' : ''}>${esc(v.hash.slice(0, 12))}${v.hash === current ? ' (serving)' : ''}</option>`,
    )
    .join('');
  $('#versions tbody').innerHTML = versions
    .map(
      (v) => `<tr data-version="${esc(v.hash)}">
      <td data-label="Version"><code>${esc(v.hash.slice(0, 12))}</code></td>
      <td data-label="First loaded">${esc(when(v.firstLoadedAt))}</td>
      <td data-label="Files">${v.files.map((f) => `<span class="chip">${esc(f)}</span>`).join(' ')}</td>
      <td data-label="">${v.hash === current ? '<span class="badge available">serving</span>' : '<button type="button" class="show-version">Show</button>'}</td></tr>`,
    )
    .join('');
}

async function diagram() {
  $('#flow-error').textContent = '';
  const flow = $('#flow').value;
  const q = new URLSearchParams({ from: $('#from').value, to: $('#to').value, timezone, version: $('#version').value });
  try {
    const d = await api(`/api/flows/${encodeURIComponent(flow)}/diagram?${q}`);
    $('#diagram-note').textContent =
      `Version ${d.version.slice(0, 12)}, calls that started from ${d.from.slice(0, 10)} to ${d.to.slice(0, 10)} (${d.timezone}, the end day excluded when it is midnight).`;
    $('#steps tbody').innerHTML = d.steps
      .map(
        (s) => `<tr data-step="${esc(s.step)}" class="${s.trouble ? `step-${s.trouble}` : ''}">
        <td data-label="Step">${esc(s.step)}</td><td data-label="Kind">${esc(s.kind)}</td>
        <td data-label="Entered" class="num">${s.entered}</td><td data-label="Hung up" class="num">${s.hungUp}</td>
        <td data-label="Failed input" class="num">${s.failed}</td></tr>`,
      )
      .join('');
    $('#edges tbody').innerHTML =
      d.edges
        .map(
          (
            e,
          ) => `<tr data-from="${esc(e.from)}" data-to="${esc(e.to)}"><td data-label="From">${esc(e.from === '$start' ? '(call starts)' : e.from)}</td>
          <td data-label="To">${esc(e.to)}</td><td data-label="Times" class="num">${e.times}</td></tr>`,
        )
        .join('') || '<tr><td colspan="3" class="muted">No calls took this version in the range.</td></tr>';
    if (window.mermaid) {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const { svg } = await window.mermaid.render(`flow-${Date.now()}`, d.mermaid);
      $('#diagram').innerHTML = svg;
    } else $('#diagram').textContent = d.mermaid;
    $('#diagram').dataset.version = d.version;
  } catch (err) {
    $('#flow-error').textContent = err.message;
  }
}

const me = await signedIn('supervisor');
$('#who').textContent = me.name;
$('#logout').classList.remove('hidden');
$('#logout').onclick = signOut;
$('#flows').classList.remove('hidden');
const loaded = await api('/api/flows');
timezone = loaded.timezone;
$('#flow').innerHTML = loaded.flows.map((f) => `<option value="${esc(f.id)}">${esc(f.name)} (${esc(f.id)})</option>`).join('');
// A link may name the flow and range (/flows?flow=acme-support&from=2026-11-01&to=2026-11-30).
const params = new URLSearchParams(location.search);
if (loaded.flows.some((f) => f.id === params.get('flow'))) $('#flow').value = params.get('flow');
const today = new Date().toLocaleDateString('en-CA', { timeZone: timezone });
$('#from').value = params.get('from') ?? new Date(Date.parse(`${today}T12:00:00Z`) - 6 * 86400_000).toISOString().slice(0, 10);
$('#to').value = params.get('to') ?? today;
$('#flow').onchange = async () => (await versions(), await diagram());
$('#version').onchange = diagram;
$('#flow-form').onsubmit = (e) => (e.preventDefault(), diagram());
$('#versions').addEventListener('click', (e) => {
  if (!e.target.matches('.show-version')) return;
  $('#version').value = e.target.closest('tr').dataset.version;
  void diagram();
});
await problems();
if (loaded.flows.length) {
  await versions();
  await diagram();
} else $('#flow-error').textContent = 'No flow is loaded: see the problems above.';
