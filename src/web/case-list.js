// Shared by the dashboard's open cases and the console's "My cases": a table of cases, overdue
// first (the API's order), each with the state changes it allows and a note.
import { api, esc } from './common.js';

const when = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : '—');
const owner = (c) => [c.owner.agentName, c.owner.group].filter(Boolean).join(' · ') || '—';
const due = (c) => (c.state === 'received' ? c.acknowledgeDueAt : c.resolveDueAt);
/** What each button does, by the state it moves the case to. */
const VERB = { acknowledged: 'Acknowledge', resolved: 'Resolve', closed: 'Close', reopened: 'Reopen' };

/** Renders `cases` into `table` (a <table> with a <tbody>); `onChange` runs after an action succeeds. */
export function renderCases(table, cases, onChange) {
  table.querySelector('tbody').innerHTML =
    cases
      .map(
        (c) => `<tr data-case="${c.id}" class="${c.overdue ? 'overdue' : ''}">
      <td>${c.id}</td>
      <td><span class="badge case-${esc(c.state)}">${esc(c.state)}</span>${c.overdue ? ' <span class="badge overdue-flag">overdue</span>' : c.breached ? ' <span class="muted">breached</span>' : ''}</td>
      <td>${esc(c.category)}<div class="muted">${esc(c.summary)}</div></td>
      <td>${esc(c.customerNumber ?? '—')}</td>
      <td>${esc(owner(c))}</td>
      <td class="num">${esc(when(due(c)))}</td>
      <td class="row">${c.next.map((s) => `<button class="case-to" data-to="${esc(s)}">${esc(VERB[s] ?? s)}</button>`).join('')}
        <input class="case-note" placeholder="note" size="12" aria-label="Note for case ${c.id}"><button class="case-add-note">Add note</button></td>
    </tr>`,
      )
      .join('') || '<tr><td colspan="7" class="muted">No open cases.</td></tr>';
  for (const row of table.querySelectorAll('tr[data-case]')) {
    const id = row.dataset.case;
    const note = () => row.querySelector('.case-note').value.trim();
    const act = async (path, body) => {
      try {
        await api(`/api/cases/${id}/${path}`, { method: 'POST', body });
        await onChange();
      } catch (err) {
        row.querySelector('.case-note').value = '';
        row.querySelector('.case-note').placeholder = err.message;
      }
    };
    for (const b of row.querySelectorAll('.case-to'))
      b.onclick = () => act('state', { state: b.dataset.to, ...(note() ? { note: note() } : {}) });
    row.querySelector('.case-add-note').onclick = () => note() && act('notes', { note: note() });
  }
}

/** Loads the open cases into `table` now, when the page's main part is shown, and every 15 s. */
export function keepCasesShown(table, whenShown) {
  const load = async () => {
    try {
      renderCases(table, await api('/api/cases?open=true'), load);
      table.dataset.loaded = 'true';
    } catch {
      // Not signed in yet, or the server is away: the next round tries again.
    }
  };
  new MutationObserver(() => !whenShown.classList.contains('hidden') && load()).observe(whenShown, { attributes: true });
  if (!whenShown.classList.contains('hidden')) load();
  setInterval(() => !whenShown.classList.contains('hidden') && load(), 15000);
}
