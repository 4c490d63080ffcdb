import { ENDED, RINGING } from './compile.js';
import { HANGUP, type Flow } from './model.js';
import { stepTargets } from './targets.js';

/**
 * Every path a call can take between two steps: each step's targets, plus a step to itself where a
 * menu or survey asks again (retry or repeat key). Scenario coverage is measured against these.
 */
export function flowPaths(flow: Flow): [string, string][] {
  const out = new Map<string, [string, string]>();
  const add = (from: string, to: string) => out.set(`${from}\u0000${to}`, [from, to]);
  add(RINGING, flow.start);
  for (const [name, step] of Object.entries(flow.steps)) {
    for (const { target } of stepTargets(step)) add(name, target.goto === HANGUP ? ENDED : target.goto);
    if (
      (step.kind === 'menu' || step.kind === 'survey') &&
      (step.noInput.attempts > 1 || step.invalid.attempts > 1 || (step.kind === 'menu' && step.repeatKey))
    )
      add(name, name);
  }
  return [...out.values()];
}

export const pathLabel = ([from, to]: [string, string]): string =>
  `${from === RINGING ? '(call starts)' : from} → ${to === ENDED ? 'hangup' : to}`;
