// The supervisors' voicemail inbox: every message, played through Switchboard, assigned and marked.
import { $, api, esc, signedIn, signOut } from './common.js';
import { renderVoicemails, wireVoicemails } from './voicemail-list.js';

let agents = [];
let timezone;

async function load() {
  const q = new URLSearchParams({ status: $('#status').value, ...($('#group').value ? { group: $('#group').value } : {}) });
  const { voicemails } = await api(`/api/voicemails?${q}`);
  renderVoicemails($('#voicemails tbody'), voicemails, { agents, timezone });
  $('#inbox-note').textContent = `${voicemails.length} message${voicemails.length === 1 ? '' : 's'} · times in ${timezone}`;
}

const me = await signedIn('supervisor');
$('#who').textContent = me.name;
$('#logout').classList.remove('hidden');
$('#logout').onclick = signOut;
$('#inbox').classList.remove('hidden');
const [groups, flows] = await Promise.all([api('/api/groups'), api('/api/flows')]);
agents = await api('/api/agents');
timezone = flows.timezone;
$('#group').innerHTML += groups.map((g) => `<option>${esc(g.name)}</option>`).join('');
wireVoicemails($('#voicemails'), { changed: load, error: (m) => ($('#inbox-error').textContent = m) });
$('#status').onchange = load;
$('#group').onchange = load;
$('#refresh').onclick = load;
// New messages arrive while the page sits in a background tab: look again when it comes back.
document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void load());
await load();
