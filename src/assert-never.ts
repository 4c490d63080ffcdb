/**
 * Ends a switch that must handle every member of a union (step kinds, events, effects, waits): once
 * a member is added, `value` is no longer `never` and the compiler names this place.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
