import { assertNever } from '../assert-never.js';
import type { Step, StepKind, Target } from './model.js';

/** Every target a step can lead to, with the name of the field it is in. */
export function stepTargets(step: Step): { field: string; target: Target }[] {
  switch (step.kind) {
    case 'say':
    case 'set':
      return [{ field: 'next', target: step.next }];
    case 'menu':
    case 'survey':
      return [
        ...(step.kind === 'menu' ? step.options.map((o) => ({ field: `key ${o.key}`, target: o.target })) : []),
        ...(step.kind === 'survey' ? [{ field: 'then', target: step.then }] : []),
        { field: 'no input', target: step.noInput.then },
        { field: 'invalid', target: step.invalid.then },
      ];
    case 'branch':
      return [...step.cases.map((c, i) => ({ field: `case ${i + 1}`, target: c.target })), { field: 'else', target: step.otherwise }];
    case 'lookup':
      return [
        { field: 'next', target: step.next },
        { field: 'failure', target: step.onFailure },
      ];
    case 'queue':
    case 'transfer':
      return [
        { field: 'then', target: step.then },
        { field: 'failure', target: step.onFailure },
      ];
    case 'voicemail':
      return [{ field: 'then', target: step.then }];
    case 'text':
      return [{ field: 'then', target: step.then }, ...(step.unavailable ? [{ field: 'unavailable', target: step.unavailable }] : [])];
    default:
      return assertNever(step, 'step');
  }
}

/** Steps that pass straight through without waiting for Twilio (they run inside one webhook). */
const PASS_THROUGH: Readonly<Record<StepKind, boolean>> = {
  say: true,
  set: true,
  branch: true,
  lookup: true,
  menu: false,
  survey: false,
  queue: false,
  transfer: false,
  voicemail: false,
  // It waits for our own edge (can the caller be texted?), answered within the same webhook, like a lookup.
  text: true,
};
export const isPassThrough = (step: Step): boolean => PASS_THROUGH[step.kind];

/** Returns the step with every target rewritten by `map`. */
export function mapTargets(step: Step, map: (t: Target) => Target): Step {
  switch (step.kind) {
    case 'say':
    case 'set':
      return { ...step, next: map(step.next) };
    case 'menu':
      return {
        ...step,
        options: step.options.map((o) => ({ ...o, target: map(o.target) })),
        noInput: { ...step.noInput, then: map(step.noInput.then) },
        invalid: { ...step.invalid, then: map(step.invalid.then) },
      };
    case 'survey':
      return {
        ...step,
        then: map(step.then),
        noInput: { ...step.noInput, then: map(step.noInput.then) },
        invalid: { ...step.invalid, then: map(step.invalid.then) },
      };
    case 'branch':
      return { ...step, cases: step.cases.map((c) => ({ ...c, target: map(c.target) })), otherwise: map(step.otherwise) };
    case 'lookup':
      return { ...step, next: map(step.next), onFailure: map(step.onFailure) };
    case 'queue':
    case 'transfer':
      return { ...step, then: map(step.then), onFailure: map(step.onFailure) };
    case 'voicemail':
      return { ...step, then: map(step.then) };
    case 'text':
      return { ...step, then: map(step.then), ...(step.unavailable ? { unavailable: map(step.unavailable) } : {}) };
    default:
      return assertNever(step, 'step');
  }
}
