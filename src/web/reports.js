// The reports page: what GET /api/reports/{groups,agents,flows} computes, as a table, two charts
// (uPlot) and the same report's CSV, for a range, an interval and one group, agent or flow.
import { timeChart } from './charts.js';
import { $, api, duration, esc, signedIn, signOut } from './common.js';

const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const secs = (x) => (x === null || x === undefined ? '—' : duration(x));
const num = (x) => (x === null || x === undefined ? '—' : String(x));

/** Per report: its columns (key, heading, format) and its two charts (a rate, a volume). */
const KINDS = {
  groups: {
    who: (r) => r.group,
    columns: [
      ['offered', 'Offered', num],
      ['answered', 'Answered', num],
      ['abandoned', 'Abandoned', num],
      ['serviceLevel', 'Service level', pct],
      ['asa', 'ASA', secs],
      ['longestWait', 'Longest wait', secs],
      ['abandonmentRate', 'Abandon rate', pct],
      ['aht', 'AHT', secs],
      ['callbacksRequested', 'Callbacks', num],
      ['voicemails', 'Voicemails', num],
      ['surveyAverage', 'Survey avg', (x) => (x === null ? '—' : x.toFixed(2))],
    ],
    charts: [
      ['serviceLevel', 'Service level (%)', 100],
      ['offered', 'Calls offered', 1],
    ],
  },
  agents: {
    who: (r) => r.agent,
    columns: [
      ['loggedInSeconds', 'Logged in', secs],
      ['busySeconds', 'Busy', secs],
      ['occupancy', 'Occupancy', pct],
      ['handled', 'Handled', num],
      ['aht', 'AHT', secs],
    ],
    charts: [
      ['occupancy', 'Occupancy (%)', 100],
      ['handled', 'Calls handled', 1],
    ],
  },
  flows: {
    who: (r) => r.flowId,
    columns: [
      ['calls', 'Calls', num],
      ['contained', 'Contained', num],
      ['routed', 'Routed', num],
      ['abandoned', 'Abandoned in IVR', num],
      ['containment', 'Containment', pct],
      ['zeroOuts', 'Zero-outs', num],
      ['zeroOutRate', 'Zero-out rate', pct],
      ['ivrAbandonmentRate', 'IVR abandon rate', pct],
      ['timeToQueue', 'Time to queue', secs],
    ],
    charts: [
      ['containment', 'Containment (%)', 100],
      ['calls', 'Calls', 1],
    ],
  },
};
let timezone = 'UTC';
const charts = [];

function query() {
  const kind = $('#kind').value;
  const q = new URLSearchParams({ from: $('#from').value, to: $('#to').value, interval: $('#interval').value, timezone });
  if (kind === 'groups' && $('#group').value) q.set('group', $('#group').value);
  if (kind === 'flows' && $('#flow').value) q.set('flow', $('#flow').value);
  return { kind, q };
}

function table(el, kind, rows, withStart) {
  const { who, columns } = KINDS[kind];
  const head = [
    kind === 'groups' ? 'Group' : kind === 'agents' ? 'Agent' : 'Flow',
    ...(withStart ? ['Start'] : []),
    ...columns.map((c) => c[1]),
  ];
  el.innerHTML = `<thead><tr>${head.map((h, i) => `<th class="${i > (withStart ? 1 : 0) ? 'num' : ''}">${esc(h)}</th>`).join('')}</tr></thead>
    <tbody>${
      rows
        .map(
          (r) =>
            `<tr><td data-label="${esc(head[0])}">${esc(who(r))}</td>${withStart ? `<td data-label="Start">${esc(r.start.slice(0, 16).replace('T', ' '))}</td>` : ''}${columns
              .map(([key, label, f]) => `<td class="num" data-label="${esc(label)}" data-kpi="${key}">${esc(f(r[key]))}</td>`)
              .join('')}</tr>`,
        )
        .join('') || `<tr><td colspan="${head.length}" class="muted">Nothing in this range.</td></tr>`
    }</tbody>`;
}

/** One report chart: `key` per interval, a line per group, agent or flow (the first eight). */
function chart(el, title, rows, kind, key, scale, per) {
  const who = KINDS[kind].who;
  const names = [...new Set(rows.map(who))].slice(0, 8);
  const starts = [...new Set(rows.map((r) => r.start))];
  const series = names.map((label) => ({
    label,
    values: starts.map((s) => {
      const r = rows.find((x) => x.start === s && who(x) === label);
      return r && r[key] !== null && r[key] !== undefined ? r[key] * scale : null;
    }),
  }));
  $(`#${el.id}-title`).textContent = title;
  if (!window.uPlot) return void (el.textContent = 'Charts unavailable (uPlot did not load).');
  const c = timeChart(el, {
    yLabel: title,
    unit: scale === 100 ? '%' : '',
    max: scale === 100 ? 100 : undefined,
    whole: scale !== 100,
    timezone,
    per,
    height: 200,
  });
  c.update(
    starts.map((s) => Date.parse(s) / 1000),
    series,
  );
  charts.push(c);
}

async function show() {
  $('#report-error').textContent = '';
  const { kind, q } = query();
  $('#csv').href = `/api/reports/${kind}?${q}&format=csv`;
  try {
    const report = await api(`/api/reports/${kind}?${q}`);
    const agent = kind === 'agents' ? $('#agent').value : '';
    const keep = (r) => !agent || String(r.agentId) === agent;
    const rows = report.rows.filter(keep);
    const totals = report.totals.filter(keep);
    table($('#totals'), kind, totals, false);
    table($('#rows'), kind, rows, true);
    charts.splice(0).forEach((c) => c.destroy());
    const [[ka, ta, sa], [kb, tb, sb]] = KINDS[kind].charts;
    const per = report.interval === 'day' ? 'day' : 'hour';
    chart($('#chart-a'), ta, rows, kind, ka, sa, per);
    chart($('#chart-b'), tb, rows, kind, kb, sb, per);
    $('#chart-title').textContent = `${$('#kind').selectedOptions[0].textContent} · ${report.interval}`;
    $('#report-note').textContent =
      `Times in ${report.timezone}; from ${report.from.slice(0, 16).replace('T', ' ')} to ${report.to.slice(0, 16).replace('T', ' ')}.` +
      (agent ? ' The CSV holds every agent.' : '') +
      (kind === 'groups' ? ` Service level: ${report.serviceLevelFormula}.` : '');
  } catch (err) {
    $('#report-error').textContent = err.message;
  }
}

function kindChanged() {
  const kind = $('#kind').value;
  $('#group-field').classList.toggle('hidden', kind !== 'groups');
  $('#agent-field').classList.toggle('hidden', kind !== 'agents');
  $('#flow-field').classList.toggle('hidden', kind !== 'flows');
}

const me = await signedIn('supervisor');
$('#who').textContent = me.name;
$('#logout').classList.remove('hidden');
$('#logout').onclick = signOut;
$('#reports').classList.remove('hidden');
const [groups, agents, flows] = await Promise.all([api('/api/groups'), api('/api/agents'), api('/api/flows')]);
timezone = flows.timezone;
$('#group').innerHTML += groups.map((g) => `<option>${esc(g.name)}</option>`).join('');
$('#agent').innerHTML += agents.map((a) => `<option value="${a.id}">${esc(a.name)}</option>`).join('');
$('#flow').innerHTML += flows.flows.map((f) => `<option value="${esc(f.id)}">${esc(f.name)}</option>`).join('');
// The last 7 days in the centre's zone, today included.
const today = new Date().toLocaleDateString('en-CA', { timeZone: timezone });
const weekAgo = new Date(Date.parse(`${today}T12:00:00Z`) - 6 * 86400_000).toISOString().slice(0, 10);
const params = new URLSearchParams(location.search);
$('#from').value = params.get('from') ?? weekAgo;
$('#to').value = params.get('to') ?? today;
if (params.get('kind') in KINDS) $('#kind').value = params.get('kind');
$('#kind').onchange = () => (kindChanged(), show());
$('#report-form').onsubmit = (e) => (e.preventDefault(), show());
for (const id of ['#interval', '#group', '#agent', '#flow']) $(id).onchange = show;
kindChanged();
await show();
