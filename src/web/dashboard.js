import { $, api, esc, live, signedIn, signOut, tick } from './common.js';
import { timeChart } from './charts.js';
import { initTargetsForm, showTargetEvent, statusBadge } from './targets.js';

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
/** Today's NPS or CSAT with its number of answers; — before the first answer. */
const surveyCell = (x, n, shown) => (x === null || x === undefined ? '—' : `${shown(x)} <span class="muted">(${n})</span>`);
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
  const missing = s.queues.filter((q) => Object.values(q.status).includes('missed')).length;
  $('#tile-sl-detail').textContent =
    `${inThreshold} of ${counted} calls counted so far answered within their group's threshold; ` +
    `${missing ? `${missing} group${missing === 1 ? '' : 's'} missing a target` : 'no group missing a target'}`;
  const c = s.callsInProgress;
  $('#tile-calls').textContent = c.inIvr + c.waiting + c.talking;
  $('#tile-calls-detail').textContent = `${c.inIvr} in the IVR · ${c.waiting} waiting · ${c.talking} talking to an agent`;
  const count = (states) => states.reduce((n, state) => n + (s.agentStates[state] ?? 0), 0);
  $('#tile-agents').textContent =
    `agents: ${count(['available'])} available, ${count(['reserved', 'on-call', 'wrap-up'])} busy, ${count(['break', 'not-ready'])} away`;

  $('#queues tbody').innerHTML = s.queues
    .map(
      (q) => `<tr data-group="${esc(q.group)}">
    <td>${esc(q.group)}</td><td class="num waiting">${q.waiting}</td><td class="num">${q.callbacks}</td>
    <td class="num">${q.waiting ? `${Math.floor(q.longestWaitSeconds / 60)}m ${q.longestWaitSeconds % 60}s` : '—'}</td>
    <td class="num">${q.offeredToday}</td><td class="num">${q.answeredToday}</td>
    <td class="num abandon">${q.abandonedToday}${q.offeredToday ? ` <span class="muted">(${pct(q.abandonRateToday)})</span>` : ''}${statusBadge(q.status.abandonRate, pct(q.targets.abandonRate))}</td>
    <td class="num sl">${pct(q.serviceLevelToday)} <span class="muted">(${q.thresholdSeconds}s)</span>${statusBadge(q.status.serviceLevel, `${pct(q.targets.serviceLevel)} in ${q.targets.serviceLevelSeconds}s`)}</td>
    <td class="num asa">${q.asaToday === null ? '—' : `${Math.round(q.asaToday)}s`}${statusBadge(q.status.asa, `${q.targets.asaSeconds}s`)}</td>
    <td class="num nps">${surveyCell(q.npsToday, q.npsResponsesToday, (x) => (x > 0 ? `+${x}` : `${x}`))}${statusBadge(q.status.nps, q.targets.nps)}</td>
    <td class="num csat">${surveyCell(q.csatToday, q.csatResponsesToday, (x) => x.toFixed(1))}${statusBadge(q.status.csat, q.targets.csat)}</td>
    <td class="can-take">${q.agents.available} available · ${q.agents.busy} busy · ${q.agents.away} away</td></tr>`,
    )
    .join('');

  showAgents(s);
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

// A big centre's snapshot carries only the agents whose state changed last (and counts of all);
// a search by name or state asks the server for the others, again at each live update while it is set.
let searchRun = 0;
const agentSearch = () => {
  const name = $('#agent-search').value.trim();
  const state = $('#agent-state-filter').value;
  return name || state ? { ...(name ? { name } : {}), ...(state ? { state } : {}) } : undefined;
};
async function showAgents(s) {
  const search = agentSearch();
  const run = ++searchRun; // a search still on its way is stale now
  if (!search) {
    renderAgents(s.agents);
    $('#agents-note').textContent =
      s.agentsTotal > s.agents.length
        ? `The ${s.agents.length} agents whose state changed last, of ${s.agentsTotal}: find the others by name or state.`
        : '';
    return;
  }
  try {
    const found = await api(`/api/dashboard/agents?${new URLSearchParams(search)}`);
    if (run !== searchRun) return;
    renderAgents(found.agents);
    $('#agents-note').textContent =
      found.total > found.agents.length
        ? `The first ${found.agents.length} of ${found.total} matching agents, by name.`
        : `${found.total} matching agent${found.total === 1 ? '' : 's'}.`;
  } catch (err) {
    if (run === searchRun) $('#agents-note').textContent = `Search failed: ${err.message}`;
  }
}
$('#agent-search').addEventListener('input', () => latest && showAgents(latest));
$('#agent-state-filter').addEventListener('change', () => latest && showAgents(latest));

function renderAgents(agents) {
  $('#agents tbody').innerHTML = agents
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

// The flows and the centre's time zone, read once after sign-in (building every diagram is not free).
let flowsLoaded;
/** The last live snapshot: each group's targets, and today's totals that tell the charts to redraw. */
let latest;

const chartSl = timeChart($('#chart-sl'), { title: 'Service level by hour', yLabel: 'Service level (%)', unit: '%', max: 100 });
const chartAsa = timeChart($('#chart-asa'), { title: 'Average speed of answer by hour', yLabel: 'ASA (seconds)', unit: 's' });
const chartVolume = timeChart($('#chart-volume'), {
  title: 'Calls by hour',
  yLabel: 'Calls',
  kind: 'bars',
  whole: true,
  empty: '0',
});
const chartForecast = timeChart($('#chart-forecast'), {
  title: 'Agents needed per interval',
  yLabel: 'Agents',
  kind: 'bars',
  whole: true,
  empty: '—',
});

/** Today's hourly figures of one group or of every group (one line per group), with the targets. */
let chartsRun = 0;
async function charts() {
  const group = $('#chart-group').value;
  // A slower answer for the group shown before must not overwrite the one chosen since.
  const run = ++chartsRun;
  try {
    const flows = await flowsLoaded;
    for (const c of [chartSl, chartAsa, chartVolume]) c.timezone = flows.timezone;
    const today = new Date().toLocaleDateString('en-CA', { timeZone: flows.timezone });
    const q = new URLSearchParams({ from: today, to: today, interval: 'hour', timezone: flows.timezone, ...(group ? { group } : {}) });
    const report = await api(`/api/reports/groups?${q}`);
    const rows = report.rows.filter((r) => r.start !== null && !r.group.startsWith('('));
    const times = [...new Set(rows.map((r) => Date.parse(r.start) / 1000))].sort((a, b) => a - b);
    const groups = [...new Set(rows.map((r) => r.group))];
    const at = new Map(rows.map((r) => [`${r.group} ${Date.parse(r.start) / 1000}`, r]));
    const line = (g, value) => ({ label: g, values: times.map((t) => value(at.get(`${g} ${t}`))) });
    // A group's own target when one group is shown; the centre's (from its targets) for all of them.
    const targetsOf = group ? latest?.queues.find((x) => x.group === group)?.targets : (await api('/api/targets')).centre.targets;
    if (run !== chartsRun) return;
    const who = group ? group : 'centre';
    chartSl.update(
      times,
      groups.map((g) => line(g, (r) => (r && r.serviceLevel !== null ? r.serviceLevel * 100 : null))),
      [
        {
          label: `Target (${who}) ${pct(targetsOf?.serviceLevel)} in ${targetsOf?.serviceLevelSeconds ?? '—'}s`,
          value: targetsOf ? targetsOf.serviceLevel * 100 : null,
        },
      ],
    );
    chartAsa.update(
      times,
      groups.map((g) => line(g, (r) => r?.asa ?? null)),
      [{ label: `Target (${who}) ${targetsOf?.asaSeconds ?? '—'}s`, value: targetsOf?.asaSeconds ?? null }],
    );
    const sum = (key) => times.map((t) => groups.reduce((n, g) => n + (at.get(`${g} ${t}`)?.[key] ?? 0), 0));
    chartVolume.update(times, [
      { label: 'Offered', values: sum('offered') },
      { label: 'Answered', values: sum('answered') },
    ]);
    $('#chart-note').textContent =
      `Hours in ${flows.timezone}. Service level = answered within the group's threshold ÷ the calls its formula counts. ` +
      'A gap is an hour with no calls to count; 0 % is drawn at the bottom. Redrawn as calls change (live).';
  } catch (err) {
    if (run === chartsRun) $('#chart-note').textContent = `Charts unavailable: ${err.message}`;
  }
}

/** Staffed (logged in during a begun interval, else logged in now, marked "now") and the gap to the need. */
const staffedCells = (r) =>
  `<td class="num staffed">${r.staffed.agents}${r.staffed.from === 'now' ? ' (now)' : ''}</td>` +
  `<td class="num gap${r.gap.agents < 0 ? ' short' : ''}">${r.gap.agents > 0 ? '+' : ''}${r.gap.agents}</td>`;

let chartsDue;
/** Redraws the charts when a live snapshot shows today's calls changed (at most every 2 s). */
function chartsFromSnapshot(s) {
  const key = (x) =>
    JSON.stringify(
      x?.queues.map((q) => [
        q.offeredToday,
        q.answeredToday,
        q.abandonedToday,
        q.answeredInThresholdToday,
        q.serviceLevelBaseToday,
        q.targets,
      ]),
    );
  const changed = key(s) !== key(latest);
  latest = s;
  if (!changed || chartsDue) return;
  chartsDue = setTimeout(() => {
    chartsDue = undefined;
    charts();
  }, 2000);
}

/** The staffing forecast of the chosen group and day (default: tomorrow in the centre's zone). */
async function forecast() {
  const group = $('#forecast-group').value;
  const date = $('#forecast-date').value;
  if (!group || !date) return;
  try {
    const f = await api(`/api/forecast?${new URLSearchParams({ group, date })}`);
    const label = (r) => r.start.slice(11, 16);
    chartForecast.timezone = f.timezone;
    chartForecast.update(
      f.rows.map((r) => Date.parse(r.start) / 1000),
      [
        { label: 'Erlang C', values: f.rows.map((r) => r.erlangC.agents) },
        { label: 'Erlang A (with abandonment)', values: f.rows.map((r) => r.erlangA?.agents ?? null) },
        { label: 'Staffed (logged in; later intervals: now)', values: f.rows.map((r) => r.staffed.agents) },
      ],
    );
    // Only the intervals with calls, or with agents logged in so far (staffed with nothing forecast):
    // a day has up to 96, most of them empty at night.
    $('#forecast tbody').innerHTML =
      f.rows
        .filter((r) => r.calls > 0 || (r.staffed.from === 'logged-in' && r.staffed.agents > 0))
        .map(
          (
            r,
          ) => `<tr data-start="${esc(label(r))}"><td>${esc(label(r))}</td><td class="num">${r.calls}</td><td class="num">${Math.round(r.ahtSeconds)}s</td>
    <td class="num erlang-c">${r.erlangC.agents}</td><td class="num erlang-a">${r.erlangA ? r.erlangA.agents : '—'}</td>
    <td class="num">${pct(r.erlangA?.abandonment)}</td>${staffedCells(r)}</tr>`,
        )
        .join('') || '<tr><td colspan="8" class="muted">No calls forecast</td></tr>';
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
// The stream's first event is the current snapshot; `target` events say when a group starts or stops missing.
live('/api/dashboard/events', (snapshot) => (render(snapshot), chartsFromSnapshot(snapshot)), {
  target: (event) => flowsLoaded.then(({ timezone }) => showTargetEvent(event, timezone)),
});
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
initTargetsForm();
flows().catch((err) => ($('#flow-info').textContent = `Flows unavailable: ${err.message}`));
