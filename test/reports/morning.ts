import { addAgent, configureGroup } from '../support/agents.js';
import { agentHistory, assignment, entry, entryChange, newCall, survey, voicemail } from './fixtures.js';

export const t = (hms: string) => `2024-03-05T${hms}Z`;

/**
 * A morning of one centre, 09:00–12:00 UTC (every KPI below is worked out by hand from these rows).
 * billing needs billing ≥ 3 and answers within 30 s; support needs support ≥ 3; general and sales
 * need nothing. Ana (billing 4) fits billing, general, sales; Ben (support 5, billing 2) fits
 * support, general, sales. Their state histories are written on their own: each KPI reads its records.
 */
export async function morning(): Promise<{ ana: number; ben: number }> {
  await configureGroup('billing', { service_level_seconds: 30 }, { billing: 3 });
  await configureGroup('support', {}, { support: 3 });
  const ana = (await addAgent({ name: 'Ana "AJ" Ruiz, Jr.', skills: { billing: 4 } })).id;
  const ben = (await addAgent({ name: 'Ben', skills: { support: 5, billing: 2 } })).id;

  // E1: waits 10 s; talk 300 s, wrap-up ended early at 20 s (planned 30): handle 320.
  const e1 = await entry({ group: 'billing', created: t('09:00:00'), state: 'completed', endedAt: t('09:05:10') });
  await assignment({
    entry: e1.id,
    agent: ana,
    created: t('09:00:05'),
    answered: t('09:00:10'),
    ended: t('09:05:10'),
    outcome: 'completed',
    wrapUpUntil: t('09:05:40'),
    wrapUpEnded: t('09:05:30'),
  });
  // E2: Ben misses it; Ana answers after 40 s (outside billing's 30 s); talk 120 + planned wrap-up 30: handle 150.
  const e2 = await entry({ group: 'billing', created: t('09:10:00'), state: 'completed', endedAt: t('09:12:40') });
  await assignment({ entry: e2.id, agent: ben, created: t('09:10:05'), ended: t('09:10:25'), outcome: 'no-answer' });
  await assignment({
    entry: e2.id,
    agent: ana,
    created: t('09:10:30'),
    answered: t('09:10:40'),
    ended: t('09:12:40'),
    outcome: 'completed',
    wrapUpUntil: t('09:13:10'),
  });
  // E3: abandoned after 3 s (short); E4: abandoned after 60 s.
  await entry({ group: 'billing', created: t('09:20:00'), state: 'abandoned', endedAt: t('09:20:03') });
  const e4 = await entry({ group: 'billing', created: t('09:30:00'), state: 'abandoned', endedAt: t('09:31:00') });
  // E5: books a callback at 09:41 (and goes back to 'callback' once more after a failed try: one request);
  // Ben's callback is answered at 10:15 and completed at 10:20: talk 300 + wrap-up 30 = handle 330.
  const e5 = await entry({ group: 'billing', created: t('09:40:00'), state: 'completed', endedAt: t('10:20:00') });
  await entryChange(e5.id, 'waiting', 'callback', t('09:41:00'));
  await entryChange(e5.id, 'offered', 'callback', t('10:10:00'));
  await assignment({
    entry: e5.id,
    agent: ben,
    kind: 'callback',
    created: t('10:14:50'),
    answered: t('10:15:00'),
    ended: t('10:20:00'),
    outcome: 'completed',
    wrapUpUntil: t('10:20:30'),
    wrapUpEnded: t('10:20:30'),
  });
  // E6: waits exactly 30 s (within); talk 120, no wrap-up recorded: handle 120.
  const e6 = await entry({ group: 'billing', created: t('09:50:00'), state: 'completed', endedAt: t('09:52:30') });
  await assignment({
    entry: e6.id,
    agent: ana,
    created: t('09:50:20'),
    answered: t('09:50:30'),
    ended: t('09:52:30'),
    outcome: 'completed',
  });
  // E7: answered after 5 s and still on the call (answered, but no handle time yet).
  const e7 = await entry({ group: 'billing', created: t('10:05:00'), state: 'connected' });
  await assignment({ entry: e7.id, agent: ana, created: t('10:05:02'), answered: t('10:05:05') });
  // E8 overflows from billing at 10:40 to general (E9, same call): answered after 20 s; talk 240 + wrap-up 20 = 260.
  const e8 = await entry({ group: 'billing', created: t('10:30:00'), state: 'overflowed', endedAt: t('10:40:00') });
  const e9 = await entry({
    call: e8.call,
    group: 'general',
    created: t('10:40:00'),
    firstEntered: t('10:30:00'),
    state: 'completed',
    endedAt: t('10:44:20'),
  });
  await assignment({
    entry: e9.id,
    agent: ben,
    created: t('10:40:10'),
    answered: t('10:40:20'),
    ended: t('10:44:20'),
    outcome: 'completed',
    wrapUpUntil: t('10:44:50'),
    wrapUpEnded: t('10:44:40'),
  });
  // Outside the range: just before `from`, and at `to` (the range excludes its end).
  await entry({ group: 'billing', created: t('08:59:59'), state: 'abandoned', endedAt: t('09:00:30') });
  await entry({ group: 'billing', created: t('12:00:00'), state: 'abandoned', endedAt: t('12:00:10') });

  await voicemail(await newCall(t('10:09:00')), 'sales', t('10:10:00'));
  await voicemail(await newCall(t('11:29:00')), null, t('11:30:00')); // left in the flow, outside any queue
  await voicemail(await newCall(t('11:59:00')), null, t('12:00:00')); // outside the range

  await survey(e1.call, 5, t('09:06:00'));
  await survey(e6.call, 3, t('09:53:00'));
  await survey(e4.call, 2, t('09:32:00')); // abandoned: no agent
  await survey(e9.call, 4, t('10:45:00')); // the call's completed entry is general's (E9), not billing's E8

  // Ana 09:00–10:00: available 15 min + 10 min, on-call 30, wrap-up 5: logged in 3600 s, busy 2100 s.
  // 10:00–11:00: available 30 + 15 (the break does not count): 2700 s, busy 0. Offline from 11:00.
  await agentHistory(ana, [
    [t('08:30:00'), 'available'],
    [t('09:15:00'), 'on-call'],
    [t('09:45:00'), 'wrap-up'],
    [t('09:50:00'), 'available'],
    [t('10:30:00'), 'break'],
    [t('10:45:00'), 'available'],
    [t('11:00:00'), 'offline'],
  ]);
  // Ben 09:30–10:00 available: 1800 s. 10:00–11:00: reserved 20, on-call 1200, wrap-up 600, available
  // 1780: 3600 s, busy 1800. Still available at `to`: 3600 s in 11:00–12:00.
  await agentHistory(ben, [
    [t('09:30:00'), 'available'],
    [t('10:00:00'), 'reserved'],
    [t('10:00:20'), 'on-call'],
    [t('10:20:20'), 'wrap-up'],
    [t('10:30:20'), 'available'],
  ]);
  return { ana, ben };
}
