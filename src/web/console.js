import { $, api, duration, esc, live, signedIn, signOut, tick } from './common.js';
import { alertFor, unlockAlerts } from './incoming-alert.js';
import { renderCallerHistory } from './caller-history.js';
import { renderVoicemails, wireVoicemails } from './voicemail-list.js';
import { renderTransfer, wireTransfer } from './console-transfer.js';

const BANNER = {
  ringing: (c) => `Incoming ${c.group} call — answer your phone and press 1`,
  connected: (c) => `On a ${c.group} call`,
  ended: (c) => `Call ended — ${c.group}`,
};
let snapshot;
let wrapUpFor;
let notesFor;
const draftKey = (assignmentId) => `switchboard.notes.${assignmentId}`;

/** The talking time ticks during the call and stops at its end. */
function talked(call) {
  if (!call.answeredAt) return '';
  if (call.endedAt)
    return `<dt>Talked</dt><dd id="pop-talked">${duration((Date.parse(call.endedAt) - Date.parse(call.answeredAt)) / 1000)}</dd>`;
  return `<dt>Talking</dt><dd id="pop-talked"><span data-since="${esc(call.answeredAt)}"></span></dd>`;
}

function render(s) {
  snapshot = s;
  const { agent, call } = s;
  const state = $('#state');
  state.textContent = agent.state + (agent.stateReason ? ` (${agent.stateReason})` : '');
  state.className = `badge ${agent.state}`;
  $('#state-timer').dataset.since = agent.stateSince;
  $('#state-note').textContent = agent.pendingState ? `You asked for ${agent.pendingState}; it starts after this call.` : '';
  $('#go-available').disabled = agent.state === 'available';

  $('#no-call').classList.toggle('hidden', !!call);
  $('#call').classList.toggle('hidden', !call);
  if (call) {
    $('#call-banner').textContent = BANNER[call.state](call);
    $('#call-banner').className = `call-banner ${call.state}`;
    // In words from the flow's titles, each with the entry it stands for (`main-menu:1`) on hover.
    const words = call.menuPathWords ?? call.menuPath;
    const path = words.map((w, i) => `<span class="chip" title="${esc(call.menuPath[i])}">${esc(w)}</span>`).join(' → ');
    const fields = (call.fields ?? []).map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('');
    $('#screen-pop').innerHTML = `
      <dt>Caller</dt><dd id="pop-caller">${esc(call.caller)}</dd>
      <dt>Group</dt><dd>${esc(call.group)}${call.kind === 'callback' ? ' (callback)' : ''}</dd>
      <dt>Language</dt><dd id="pop-language">${esc(call.language ?? '—')}</dd>
      <dt>Menu path</dt><dd><span class="path" id="pop-path">${path || '—'}</span></dd>
      <dt>Priority</dt><dd>${esc(call.priority)}</dd>
      <dt>Waited</dt><dd>${Math.floor(call.waitedSeconds / 60)}m ${call.waitedSeconds % 60}s</dd>
      ${talked(call)}
      <dt>Lookup data</dt><dd>${fields ? `<dl class="fields" id="pop-fields">${fields}</dl>` : '—'}</dd>`;
  }
  alertFor(call);
  renderCallerHistory(call);
  renderTransfer(call);
  // Notes typed during the call are kept (also across a reload) and carried into the wrap-up.
  const talking = call?.state === 'connected';
  $('#call-notes-row').classList.toggle('hidden', !talking);
  if (talking && notesFor !== call.assignmentId) {
    notesFor = call.assignmentId;
    $('#call-notes').value = sessionStorage.getItem(draftKey(call.assignmentId)) ?? '';
  }
  const inWrapUp = agent.state === 'wrap-up' && call?.state === 'ended';
  $('#wrap-up').classList.toggle('hidden', !inWrapUp);
  if (inWrapUp && wrapUpFor !== call.assignmentId) {
    wrapUpFor = call.assignmentId;
    $('#disposition').value = call.disposition ?? '';
    $('#notes').value = call.notes || (sessionStorage.getItem(draftKey(call.assignmentId)) ?? '');
  }
  $('#wrap-up-timer').innerHTML = inWrapUp && call.wrapUpUntil ? `· <span data-until="${esc(call.wrapUpUntil)}"></span> left` : '';
  tick();
}

async function setStatus(state, reason) {
  $('#status-error').textContent = '';
  try {
    const changed = await api('/api/me/status', { method: 'POST', body: { state, ...(reason ? { reason } : {}) } });
    render({ ...snapshot, agent: { ...snapshot.agent, ...changed } });
  } catch (err) {
    $('#status-error').textContent = err.message;
  }
}

async function saveWrapUp(done) {
  $('#wrap-up-error').textContent = '';
  try {
    const { assignmentId } = snapshot.call;
    render(
      await api('/api/me/wrap-up', {
        method: 'POST',
        body: { assignmentId, disposition: $('#disposition').value, notes: $('#notes').value, done },
      }),
    );
    if (done) sessionStorage.removeItem(draftKey(assignmentId));
  } catch (err) {
    $('#wrap-up-error').textContent = err.message;
  }
}

/** The centre's break reasons and dispositions (configured with the API or CLI), in its order. */
async function loadChoices() {
  const options = (list) => list.map((c) => `<option value="${esc(c.name)}">${esc(c.label)}</option>`).join('');
  try {
    const { breakReasons, dispositions } = await api('/api/me/choices');
    $('#break-reason').innerHTML = options(breakReasons);
    $('#disposition').innerHTML = `<option value="">Choose…</option>${options(dispositions)}`;
  } catch (err) {
    $('#status-error').textContent = `Break reasons and dispositions could not be loaded: ${err.message}`;
  }
}

const me = await signedIn('agent');
$('#who').textContent = me.name;
$('#logout').classList.remove('hidden');
$('#logout').onclick = signOut;
$('#console').classList.remove('hidden');
document.addEventListener('click', unlockAlerts, { once: true });
$('#go-available').onclick = () => setStatus('available');
$('#go-break').onclick = () => setStatus('break', $('#break-reason').value);
$('#go-offline').onclick = () => setStatus('offline');
$('#save-wrap-up').onclick = () => saveWrapUp(false);
$('#wrap-up').onsubmit = (e) => (e.preventDefault(), saveWrapUp(true));
$('#call-notes').oninput = (e) => snapshot?.call && sessionStorage.setItem(draftKey(snapshot.call.assignmentId), e.target.value);
await loadChoices();
await wireTransfer();
// The stream's first event is the current snapshot.
live('/api/me/events', render);

api('/api/me/voice-token')
  .then(
    (t) =>
      ($('#softphone-status').textContent =
        `Ready to receive calls in the browser as “${t.identity}” (token valid ${t.expiresInSeconds / 60} min).`),
  )
  .catch(
    (err) =>
      ($('#softphone-status').textContent =
        err.status === 503 ? 'Not set up on this server: calls ring your phone.' : `Unavailable: ${err.message}`),
  );

// Voicemails a supervisor assigned to me: listen, then mark them handled.
async function myVoicemails() {
  const { voicemails } = await api('/api/voicemails?status=all');
  renderVoicemails($('#voicemails tbody'), voicemails, {});
}
wireVoicemails($('#voicemails'), { changed: myVoicemails, error: (m) => ($('#my-voicemails-error').textContent = m) });
myVoicemails().catch((err) => ($('#my-voicemails-error').textContent = err.message));
document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void myVoicemails().catch(() => {}));
