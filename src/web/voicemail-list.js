// A list of voicemails with a player, shared by the inbox (/voicemails, supervisors) and the agent
// console (the ones assigned to that agent). The audio comes through /api/voicemails/:id/audio,
// Switchboard's authenticated proxy of the Twilio recording.
import { api, duration, esc } from './common.js';

const when = (iso, timeZone) => new Date(iso).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });

/**
 * Fills `tbody` with `list`; `opts.agents` (supervisors) adds the assign menu. `opts.changed` runs
 * after a change, with the message as it now is.
 */
export function renderVoicemails(tbody, list, opts) {
  const agents = opts.agents;
  tbody.innerHTML =
    list
      .map(
        (v) => `<tr data-voicemail="${v.id}" class="${v.handledAt ? 'handled' : ''}">
      <td data-label="Caller">${esc(v.caller)}</td>
      <td data-label="Group">${esc(v.group ?? '(none)')}</td>
      <td data-label="Flow">${esc(v.flow)}</td>
      <td data-label="Language">${esc(v.language ?? '—')}</td>
      <td data-label="When">${esc(when(v.createdAt, opts.timezone))}</td>
      <td data-label="Length" class="num">${duration(v.durationSeconds)}</td>
      <td data-label="Listen">${v.recordingSid ? `<button class="play" type="button">Play</button>` : '<span class="muted">no recording</span>'}</td>
      <td data-label="Assigned">${
        agents
          ? `<select class="assign" aria-label="Assign voicemail ${v.id}"><option value="">nobody</option>${agents
              .map((a) => `<option value="${a.id}" ${v.assignedTo?.agentId === a.id ? 'selected' : ''}>${esc(a.name)}</option>`)
              .join('')}</select>`
          : esc(v.assignedBy ? `by ${v.assignedBy}` : '—')
      }</td>
      <td data-label="Handled" class="handled-by">${
        v.handledAt
          ? `${esc(v.handledBy)}, ${esc(when(v.handledAt, opts.timezone))} <button class="reopen link" type="button">reopen</button>`
          : `<button class="mark-handled primary" type="button">Mark handled</button>`
      }</td></tr>`,
      )
      .join('') || `<tr><td colspan="9" class="muted">No voicemails here.</td></tr>`;
}

/** Handles the list's buttons (play, mark handled, reopen, assign) once per table. */
export function wireVoicemails(table, opts) {
  const rowOf = (el) => el.closest('tr[data-voicemail]');
  const act = async (fn) => {
    opts.error('');
    try {
      await fn();
      await opts.changed();
    } catch (err) {
      opts.error(err.message);
    }
  };
  table.addEventListener('click', (e) => {
    const row = rowOf(e.target);
    if (!row) return;
    const id = row.dataset.voicemail;
    if (e.target.matches('.play')) {
      const cell = e.target.parentElement;
      cell.innerHTML = `<audio controls preload="auto" src="/api/voicemails/${id}/audio"></audio>`;
      const audio = cell.querySelector('audio');
      audio.onerror = () => opts.error(`Voicemail ${id} could not be played (the recording could not be fetched from Twilio).`);
      void audio.play().catch(() => {});
    } else if (e.target.matches('.mark-handled'))
      void act(() => api(`/api/voicemails/${id}/handled`, { method: 'POST', body: { handled: true } }));
    else if (e.target.matches('.reopen'))
      void act(() => api(`/api/voicemails/${id}/handled`, { method: 'POST', body: { handled: false } }));
  });
  table.addEventListener('change', (e) => {
    if (!e.target.matches('.assign')) return;
    const id = rowOf(e.target).dataset.voicemail;
    const agentId = e.target.value ? Number(e.target.value) : null;
    void act(() => api(`/api/voicemails/${id}/assignee`, { method: 'PUT', body: { agentId } }));
  });
}
