import { $, api, esc, live, signedIn, signOut, tick } from './common.js';

// What a supervisor may ask for, by the agent's state now. Ringing or on a call, a change waits
// for the call to end (the agent becomes available by itself then); in wrap-up it applies at once.
const AFTER_CALL = ['break', 'not-ready', 'offline'];
const ALLOWED_CHANGES = {
  available: ['break', 'not-ready', 'offline'],
  break: ['available', 'not-ready', 'offline'],
  'not-ready': ['available', 'break', 'offline'],
  offline: ['available', 'break', 'not-ready'],
  'wrap-up': ['available', 'break', 'not-ready', 'offline'],
  reserved: AFTER_CALL,
  'on-call': AFTER_CALL,
};
const STATE_WORDS = {
  available: 'Available',
  break: 'Break',
  'not-ready': 'Not ready',
  offline: 'Offline',
  'wrap-up': 'Wrap-up',
  reserved: 'Ringing',
  'on-call': 'On a call',
};
// A change chosen but not yet applied survives the live re-renders.
const chosen = new Map();
const byWhom = (who) => (who ? ` <span class="muted">by ${esc(who.replace(/^(supervisor|agent|cli):/, ''))}</span>` : '');
const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

function render(s) {
  const waiting = s.queues.reduce((n, q) => n + q.waiting, 0);
  const longest = Math.max(0, ...s.queues.map((q) => q.longestWaitSeconds));
  // The centre's service level over every group: the groups' own numerator and denominator summed
  // (callers still waiting within their threshold are in neither yet).
  const counted = s.queues.reduce((n, q) => n + q.serviceLevelBaseToday, 0);
  const inThreshold = s.queues.reduce((n, q) => n + q.answeredInThresholdToday, 0);
  $('#tile-waiting').textContent = waiting;
  $('#tile-longest').textContent = waiting ? `${Math.floor(longest / 60)}m ${longest % 60}s` : '—';
  $('#tile-sl').textContent = counted ? pct(inThreshold / counted) : '—';
  $('#tile-sl-detail').textContent = `${inThreshold} of ${counted} calls counted so far answered within their group's threshold`;
  const c = s.callsInProgress;
  $('#tile-calls').textContent = c.inIvr + c.waiting + c.talking;
  $('#tile-calls-detail').textContent = `${c.inIvr} in the IVR · ${c.waiting} waiting · ${c.talking} talking to an agent`;
  const count = (states) => s.agents.filter((a) => states.includes(a.state)).length;
  $('#tile-agents').textContent =
    `agents: ${count(['available'])} available, ${count(['reserved', 'on-call', 'wrap-up'])} busy, ${count(['break', 'not-ready'])} away`;

  $('#queues tbody').innerHTML = s.queues
    .map(
      (q) => `<tr data-group="${esc(q.group)}">
    <td>${esc(q.group)}</td><td class="num waiting">${q.waiting}</td><td class="num">${q.callbacks}</td>
    <td class="num">${q.waiting ? `${Math.floor(q.longestWaitSeconds / 60)}m ${q.longestWaitSeconds % 60}s` : '—'}</td>
    <td class="num">${q.offeredToday}</td><td class="num">${q.answeredToday}</td><td class="num">${q.abandonedToday}</td>
    <td class="num sl">${pct(q.serviceLevelToday)} <span class="muted">(${q.thresholdSeconds}s)</span></td>
    <td class="can-take">${q.agents.available} available · ${q.agents.busy} busy · ${q.agents.away} away</td></tr>`,
    )
    .join('');

  $('#agents tbody').innerHTML = s.agents
    .map(
      (a) => `<tr data-agent="${a.id}">
    <td>${esc(a.name)}</td>
    <td><span class="badge ${esc(a.state)}">${esc(STATE_WORDS[a.state] ?? a.state)}</span>${byWhom(a.stateChangedBy)} ${a.stateReason ? `<span class="muted">${esc(a.stateReason)}</span>` : ''}${a.pendingState ? ` <span class="muted">→ ${esc(STATE_WORDS[a.pendingState] ?? a.pendingState)} after the call</span>${byWhom(a.pendingBy)}` : ''}</td>
    <td class="num" data-since="${esc(a.stateSince)}"></td>
    <td>${a.call ? `${esc(a.call.group)} · ${esc(a.call.caller)}` : '<span class="muted">—</span>'}</td>
    <td>${
      Object.entries(a.skills)
        .map(([k, v]) => `<span class="chip">${esc(k)} ${v}</span>`)
        .join(' ') || '<span class="muted">none</span>'
    }</td>
    <td class="row">
      <select class="set-state" aria-label="New state for ${esc(a.name)}"><option value="">Change state…</option>${(
        ALLOWED_CHANGES[a.state] ?? []
      )
        .map((x) => `<option value="${x}">${STATE_WORDS[x]}${AFTER_CALL === ALLOWED_CHANGES[a.state] ? ' after the call' : ''}</option>`)
        .join('')}</select><button class="apply-state" disabled>Apply</button>
      <input class="skill" placeholder="skill=level" size="10" aria-label="Skill for ${esc(a.name)}"><button class="set-skill">Set skill</button>
    </td></tr>`,
    )
    .join('');
  for (const [id, state] of chosen) {
    const row = $(`#agents tr[data-agent="${id}"]`);
    const select = row?.querySelector('.set-state');
    if (!select || ![...select.options].some((o) => o.value === state)) {
      chosen.delete(id); // no longer allowed from the agent's new state
      continue;
    }
    select.value = state;
    row.querySelector('.apply-state').disabled = false;
  }
  const groups = s.queues.map((q) => q.group);
  const select = $('#chart-group');
  if (select.options.length !== groups.length + 1)
    select.innerHTML = `<option value="">All groups</option>${groups.map((g) => `<option>${esc(g)}</option>`).join('')}`;
  const forecastGroup = $('#forecast-group');
  if (forecastGroup.options.length !== groups.length) {
    forecastGroup.innerHTML = groups.map((g) => `<option>${esc(g)}</option>`).join('');
    forecast();
  }
  tick();
}

// Agent actions: status (the same API an agent uses, as a supervisor; recorded with who asked) and
// skills. Choosing a state only arms Apply: no single key or click changes an agent's state.
$('#agents').addEventListener('change', (e) => {
  if (!e.target.matches('.set-state')) return;
  const row = e.target.closest('tr');
  if (e.target.value) chosen.set(row.dataset.agent, e.target.value);
  else chosen.delete(row.dataset.agent);
  row.querySelector('.apply-state').disabled = !e.target.value;
});
$('#agents').addEventListener('click', async (e) => {
  if (!e.target.matches('.apply-state')) return;
  const id = e.target.closest('tr').dataset.agent;
  const state = chosen.get(id);
  if (!state) return;
  chosen.delete(id);
  await act(() => api(`/api/agents/${id}/status`, { method: 'POST', body: { state } }));
});
$('#agents').addEventListener('click', async (e) => {
  if (!e.target.matches('.set-skill')) return;
  const row = e.target.closest('tr');
  const [skill, level] = row
    .querySelector('.skill')
    .value.split('=')
    .map((x) => x.trim());
  await act(() =>
    api(`/api/agents/${row.dataset.agent}/skills/${encodeURIComponent(skill ?? '')}`, { method: 'PUT', body: { level: Number(level) } }),
  );
});
async function act(fn) {
  $('#agents-error').textContent = '';
  try {
    await fn();
  } catch (err) {
    $('#agents-error').textContent = err.message;
  }
}

/** A small bar chart in SVG: one bar per hour. */
function bars(svg, points, { max, format = (v) => v, second } = {}) {
  const w = 600,
    h = 150,
    pad = 18;
  const top = max ?? Math.max(1, ...points.map((p) => Math.max(p.value ?? 0, p.second ?? 0)));
  const bw = (w - pad) / Math.max(points.length, 1);
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.innerHTML =
    points
      .map((p, i) => {
        const x = pad + i * bw;
        const bar = (v, color, off) =>
          v === null || v === undefined
            ? ''
            : `<rect x="${x + off}" y="${h - pad - ((h - 2 * pad) * v) / top}" width="${second ? bw / 2 - 2 : bw - 3}" height="${((h - 2 * pad) * v) / top}" fill="${color}"><title>${esc(p.label)}: ${format(v)}</title></rect>`;
        return (
          bar(p.value, '#2f6fed', 0) +
          (second ? bar(p.second, '#1f9d55', bw / 2) : '') +
          (i % 3 === 0 ? `<text x="${x}" y="${h - 4}">${esc(p.label)}</text>` : '')
        );
      })
      .join('') + `<text x="0" y="12">${format(top)}</text>`;
}

// The flows and the centre's time zone, read once after sign-in (building every diagram is not free).
let flowsLoaded;

async function charts() {
  const group = $('#chart-group').value;
  try {
    const flows = await flowsLoaded;
    const today = new Date().toLocaleDateString('en-CA', { timeZone: flows.timezone });
    const q = new URLSearchParams({ from: today, to: today, interval: 'hour', timezone: flows.timezone, ...(group ? { group } : {}) });
    const report = await api(`/api/reports/groups?${q}`);
    const byStart = new Map();
    for (const r of report.rows) {
      const e = byStart.get(r.start) ?? { offered: 0, answered: 0, inThreshold: 0, asaSum: 0 };
      e.offered += r.offered;
      e.answered += r.answered;
      e.inThreshold += Math.round((r.serviceLevel ?? 0) * r.offered);
      e.asaSum += (r.asa ?? 0) * r.answered;
      byStart.set(r.start, e);
    }
    const points = [...byStart].map(([start, e]) => ({
      label: new Date(start).toLocaleTimeString('en-US', { hour: 'numeric', timeZone: flows.timezone }),
      ...e,
    }));
    bars(
      $('#chart-sl'),
      points.map((p) => ({ label: p.label, value: p.offered ? (100 * p.inThreshold) / p.offered : null })),
      { max: 100, format: (v) => `${Math.round(v)}%` },
    );
    bars(
      $('#chart-asa'),
      points.map((p) => ({ label: p.label, value: p.answered ? p.asaSum / p.answered : null })),
      { format: (v) => `${Math.round(v)}s` },
    );
    bars(
      $('#chart-volume'),
      points.map((p) => ({ label: p.label, value: p.offered, second: p.answered })),
      { second: true },
    );
    $('#chart-note').textContent = `Hours in ${flows.timezone}. Service level = answered within the group's threshold ÷ offered.`;
  } catch (err) {
    $('#chart-note').textContent = `Charts unavailable: ${err.message}`;
  }
}

/** The staffing forecast of the chosen group and day (default: tomorrow in the centre's zone). */
async function forecast() {
  const group = $('#forecast-group').value;
  const date = $('#forecast-date').value;
  if (!group || !date) return;
  try {
    const f = await api(`/api/forecast?${new URLSearchParams({ group, date })}`);
    const label = (r) => r.start.slice(11, 16);
    bars(
      $('#chart-forecast'),
      f.rows.map((r) => ({ label: label(r), value: r.erlangC.agents, second: r.erlangA?.agents })),
      { second: true },
    );
    // Only the intervals with calls: a day has up to 96, most of them empty at night.
    $('#forecast tbody').innerHTML =
      f.rows
        .filter((r) => r.calls > 0)
        .map(
          (
            r,
          ) => `<tr data-start="${esc(label(r))}"><td>${esc(label(r))}</td><td class="num">${r.calls}</td><td class="num">${Math.round(r.ahtSeconds)}s</td>
    <td class="num erlang-c">${r.erlangC.agents}</td><td class="num erlang-a">${r.erlangA ? r.erlangA.agents : '—'}</td>
    <td class="num">${pct(r.erlangA?.abandonment)}</td></tr>`,
        )
        .join('') || '<tr><td colspan="6" class="muted">No calls forecast</td></tr>';
    const h = f.history;
    $('#forecast-note').textContent =
      `From ${h.daysWithData.length} of the ${h.weeks} same weekdays before (${h.intervalsWithData} intervals with calls), ` +
      `${f.interval}-minute intervals in ${f.timezone}; target ${pct(f.target)} in ${f.serviceLevelSeconds}s; AHT ${Math.round(h.ahtSeconds)}s ` +
      `(${h.ahtFrom})${h.patienceSeconds === null ? '' : `; patience ${Math.round(h.patienceSeconds)}s`}.` +
      f.notes.map((n) => ` Note: ${n}.`).join('');
  } catch (err) {
    $('#forecast-note').textContent = `Forecast unavailable: ${err.message}`;
  }
}

async function flows() {
  const { flows } = await flowsLoaded;
  const select = $('#flow');
  select.innerHTML = flows.map((f) => `<option value="${esc(f.id)}">${esc(f.name)} (${esc(f.id)})</option>`).join('');
  const show = async () => {
    const f = flows.find((x) => x.id === select.value);
    if (!f) return;
    $('#flow-info').textContent =
      `version ${f.version} · ${f.steps} steps · numbers ${f.numbers.join(', ') || '—'}${f.isDefault ? ' · default flow' : ''} · ${f.languages.join(', ')}`;
    if (window.mermaid) {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const { svg } = await window.mermaid.render(`flow-${Date.now()}`, f.mermaid);
      $('#flow-diagram').innerHTML = svg;
    } else $('#flow-diagram').textContent = f.mermaid;
  };
  select.onchange = show;
  await show();
}

/** Problems of the last flow reload (a file that failed its checks, an empty save, broken YAML). */
function showProblems(problems) {
  $('#flow-problems').classList.toggle('hidden', problems.length === 0);
  $('#flow-problems ul').innerHTML = problems
    .map(
      (p) =>
        `<li class="${p.severity === 'error' ? 'error' : 'muted'}"><code>${esc(p.file)}:${p.line}:${p.column}</code> ${esc(p.severity)}: ${esc(p.message)}</li>`,
    )
    .join('');
}
const refreshProblems = () =>
  api('/api/flows/problems')
    .then((r) => showProblems(r.problems))
    .catch(() => {});

const me = await signedIn('supervisor');
$('#who').textContent = me.name;
$('#logout').classList.remove('hidden');
$('#logout').onclick = signOut;
$('#dashboard').classList.remove('hidden');
flowsLoaded = api('/api/flows');
flowsLoaded.then((f) => showProblems(f.problems)).catch(() => {});
// Flows reload when their files change; their problems are cheap to read again.
setInterval(refreshProblems, 30_000);
// The stream's first event is the current snapshot.
live('/api/dashboard/events', render);
$('#chart-group').onchange = charts;
$('#forecast-group').onchange = forecast;
$('#forecast-date').onchange = forecast;
flowsLoaded
  .then(({ timezone }) => {
    $('#forecast-date').value = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: timezone });
    return forecast();
  })
  .catch(() => {});
charts();
setInterval(charts, 60_000);
flows().catch((err) => ($('#flow-info').textContent = `Flows unavailable: ${err.message}`));
