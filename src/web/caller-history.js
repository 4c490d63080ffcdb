// The screen pop's "why" and "who": a recovery callback's case and score, and what the centre knows
// of the caller (recent contacts, last scores, an open case).
import { $, esc } from './common.js';

const day = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

const why = (r) =>
  r
    ? `<p class="recovery" id="pop-recovery"><b>Recovery callback for case ${r.caseId}</b> (${esc(r.category)}, ${esc(r.state)})${
        r.survey
          ? `: ${esc(r.survey.kind)} score <b>${esc(r.survey.score)}</b>${r.survey.comment ? ` — “${esc(r.survey.comment)}”` : ''}`
          : ''
      }</p>`
    : '';

export function renderCallerHistory(call) {
  const box = $('#caller-history');
  if (!box) return;
  if (!call) return void (box.innerHTML = '');
  const r = call.recovery;
  // No history for a withheld number (it is no one in particular).
  const h = call.history;
  if (!h) return void (box.innerHTML = why(r));
  const open = h.openCase
    ? `<p id="pop-open-case">Open case <b>${h.openCase.id}</b>: ${esc(h.openCase.category)}, ${esc(h.openCase.state)}${h.openCase.overdue ? ' <span class="badge overdue-flag">overdue</span>' : ''}${h.openCase.ownerGroup ? ` · ${esc(h.openCase.ownerGroup)}` : ''}</p>`
    : '';
  const scores = h.lastScores.length
    ? `<p id="pop-scores">Last scores: ${h.lastScores.map((s) => `${esc(s.kind)} <b>${esc(s.score)}</b> (${esc(day(s.at))})`).join(', ')}</p>`
    : '';
  const contacts = h.recentContacts.length
    ? `<table id="pop-contacts"><thead><tr><th>Date</th><th>Group</th><th>Agent</th><th>Outcome</th></tr></thead><tbody>${h.recentContacts
        .map(
          (c) =>
            `<tr><td>${esc(day(c.at))}</td><td>${esc(c.group ?? '—')}</td><td>${esc(c.agent ?? '—')}</td><td>${esc(c.outcome)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted" id="pop-contacts">First contact from this number.</p>';
  box.innerHTML = `${why(r)}${open}${scores}<h3>Recent contacts</h3>${contacts}`;
}
