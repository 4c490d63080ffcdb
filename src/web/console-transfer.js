// The call card's blind transfer: while talking, send the caller to another skill group's queue
// (they keep their place in line) or to a number the centre allows, after a confirmation.
import { $, api, esc } from './common.js';

let callFor;
let pending;

/** The target chosen in the form, or a problem in words. */
function chosen() {
  const group = $('#transfer-group').value;
  const number = $('#transfer-number').value.trim();
  if (group && number) return { problem: 'Choose a group or type a number, not both.' };
  if (group) return { body: { group }, words: `the ${group} queue` };
  if (number) return { body: { number }, words: number };
  return { problem: 'Choose a group or type a number to transfer to.' };
}

function reset() {
  pending = undefined;
  $('#transfer-confirm').classList.add('hidden');
  $('#transfer-error').textContent = '';
}

/** Shows the control only while the agent is talking to a caller (an incoming call), for that call. */
export function renderTransfer(call) {
  const talking = call?.state === 'connected' && call.kind === 'inbound';
  $('#transfer').classList.toggle('hidden', !talking);
  if (!talking) return void (callFor = undefined);
  if (callFor !== call.assignmentId) {
    callFor = call.assignmentId;
    $('#transfer-group').value = '';
    $('#transfer-number').value = '';
    $('#transfer-status').textContent = '';
    reset();
  }
  // The caller's own group is not a transfer.
  for (const o of $('#transfer-group').options) o.disabled = o.value !== '' && o.value === call.group;
}

export async function wireTransfer() {
  try {
    const { groups, numbersAllowed } = await api('/api/me/transfer-targets');
    $('#transfer-group').innerHTML =
      `<option value="">Choose a group…</option>` + groups.map((g) => `<option value="${esc(g.name)}">${esc(g.name)}</option>`).join('');
    $('#transfer-number-note').textContent = numbersAllowed
      ? 'Only numbers the centre allows can be dialled.'
      : 'Transfers to numbers are not allowed in this centre.';
    $('#transfer-number').disabled = !numbersAllowed;
  } catch (err) {
    $('#transfer-error').textContent = `Transfer targets could not be loaded: ${err.message}`;
  }
  $('#transfer').onsubmit = (e) => {
    e.preventDefault();
    reset();
    const c = chosen();
    if (c.problem) return void ($('#transfer-error').textContent = c.problem);
    pending = c;
    $('#transfer-question').textContent = `Transfer the caller to ${c.words}? Your part of the call ends.`;
    $('#transfer-confirm').classList.remove('hidden');
    $('#transfer-yes').focus();
  };
  $('#transfer-no').onclick = () => (reset(), $('#transfer-go').focus());
  $('#transfer-yes').onclick = async () => {
    const c = pending;
    if (!c) return;
    $('#transfer-yes').disabled = true;
    try {
      await api('/api/me/transfer', { method: 'POST', body: c.body });
      reset();
      $('#transfer-status').textContent = `Transferring the caller to ${c.words}…`;
    } catch (err) {
      $('#transfer-confirm').classList.add('hidden');
      $('#transfer-error').textContent = `Not transferred: ${err.message}`;
    } finally {
      $('#transfer-yes').disabled = false;
    }
  };
}
