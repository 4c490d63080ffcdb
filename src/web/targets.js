// KPI targets on the dashboard: the state of a figure against its target (a sign and a word as
// well as a colour), the form supervisors set targets with, and the live `target` events.
import { $, api, esc } from './common.js';

const STATES = {
  met: { sign: '✓', word: 'met' },
  close: { sign: '≈', word: 'close' },
  missed: { sign: '✗', word: 'missed' },
};
const KPI_NAMES = { serviceLevel: 'service level', asa: 'ASA', abandonRate: 'abandonment', nps: 'NPS', csat: 'CSAT' };

/** `met`/`close`/`missed` as a badge; nothing when there is nothing to judge (no calls or no target). */
export function statusBadge(status, target) {
  const s = STATES[status];
  if (!s) return '';
  return ` <span class="kpi-status ${status}" title="target ${esc(target)}">${s.sign} ${s.word}</span>`;
}

const percent = (share) => (share === null || share === undefined ? '' : String(Math.round(share * 1000) / 10));
const share = (text) => (text === '' ? null : Number(text) / 100);
const number = (text) => (text === '' ? null : Number(text));

let view;

/** Fills the form with the chosen scope's own targets (the effective ones shown as placeholders). */
function fill() {
  const scope = $('#target-scope').value;
  const g = scope ? view.groups.find((x) => x.group === scope) : null;
  const own = g ? g.own : view.centre.targets;
  const shown = g ? g.targets : view.centre.targets;
  const set = (sel, value, placeholder) => {
    $(sel).value = value ?? '';
    $(sel).placeholder = placeholder ?? '';
  };
  set('#target-sl', percent(own.serviceLevel), percent(shown.serviceLevel));
  set('#target-within', own.serviceLevelSeconds, shown.serviceLevelSeconds);
  $('#target-formula').value = own.serviceLevelFormula ?? '';
  $('#target-formula option[value=""]').textContent = `(${shown.serviceLevelFormula ?? 'the centre setting'})`;
  set('#target-asa', own.asaSeconds, shown.asaSeconds);
  set('#target-abandon', percent(own.abandonRate), percent(shown.abandonRate));
  set('#target-nps', own.nps, shown.nps);
  set('#target-csat', percent(own.csat), percent(shown.csat));
}

async function load() {
  view = await api('/api/targets');
  const scope = $('#target-scope');
  const chosen = scope.value;
  scope.innerHTML = `<option value="">Centre default</option>${view.groups.map((g) => `<option>${esc(g.group)}</option>`).join('')}`;
  scope.value = chosen;
  fill();
}

/** The targets form: the centre's defaults or one group's own; empty fields inherit (group) or clear (centre). */
export function initTargetsForm() {
  $('#target-scope').onchange = fill;
  $('#targets-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('#targets-error').textContent = '';
    const scope = $('#target-scope').value;
    const body = {
      serviceLevel: share($('#target-sl').value),
      serviceLevelSeconds: number($('#target-within').value),
      serviceLevelFormula: $('#target-formula').value || null,
      asaSeconds: number($('#target-asa').value),
      abandonRate: share($('#target-abandon').value),
      nps: number($('#target-nps').value),
      csat: share($('#target-csat').value),
    };
    // The centre always has a service level target and threshold: an empty field keeps it.
    if (!scope) for (const k of ['serviceLevel', 'serviceLevelSeconds']) if (body[k] === null) delete body[k];
    try {
      await api(scope ? `/api/groups/${encodeURIComponent(scope)}/targets` : '/api/targets', { method: 'PUT', body });
      await load();
      $('#targets-note').textContent = `Saved the targets of ${scope || 'the centre'}.`;
    } catch (err) {
      $('#targets-error').textContent = err.message;
    }
  });
  return load().catch((err) => ($('#targets-error').textContent = `Targets unavailable: ${err.message}`));
}

/** A live `target` event: a group started or stopped missing one of its targets (the time in the centre's zone). */
export function showTargetEvent(e, timezone) {
  const li = document.createElement('li');
  const at = new Date(e.at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: timezone });
  li.className = e.missing ? 'error' : 'muted';
  li.textContent = `${at} ${e.group} ${e.missing ? 'started missing' : 'no longer misses'} its ${KPI_NAMES[e.kpi] ?? e.kpi} target`;
  $('#target-events').prepend(li);
  while ($('#target-events').children.length > 5) $('#target-events').lastElementChild.remove();
}
