import { n, type Row } from './support.js';
import type { EstimateErrors, WaitEstimateFigures } from './wait-estimates.js';

const errors = (e: EstimateErrors) => `${n(e.meanAbsolute, 1)} / ${n(e.p90Absolute, 1)} / ${e.bias >= 0 ? '+' : ''}${n(e.bias, 1)} s`;
const smaller = (ours: number, theirs: number) => `${n(100 * (1 - ours / theirs), 0)}% smaller`;

/** The bench table's rows for the wait-estimate section: ours must have the smaller error, by how much. */
export function waitEstimateRows(e: WaitEstimateFigures): Row[] {
  const s = '6 wait estimates';
  return [
    [
      s,
      `as spoken, MAE / P90 / bias (${n(e.announcements)} announcements, ${n(e.calls)} calls, ${e.agents} agents at ${n((100 * e.load) / e.agents)}%, ${e.hours} h): ours`,
      errors(e.spoken.ours),
      `MAE ${smaller(e.spoken.ours.meanAbsolute, e.spoken.asterisk.meanAbsolute)}, P90 ${smaller(e.spoken.ours.p90Absolute, e.spoken.asterisk.p90Absolute)} (goal: smaller)`,
      e.spoken.ours.meanAbsolute < e.spoken.asterisk.meanAbsolute,
    ],
    [s, "Asterisk app_queue's (hold-time EWMA − waited, in minutes)", errors(e.spoken.asterisk), '', null],
    [
      s,
      'unrounded: ours (seconds)',
      errors(e.raw.ours),
      `MAE ${smaller(e.raw.ours.meanAbsolute, e.raw.asterisk.meanAbsolute)} (goal: smaller)`,
      e.raw.ours.meanAbsolute < e.raw.asterisk.meanAbsolute,
    ],
    [s, "Asterisk's hold time − waited, at least 0", errors(e.raw.asterisk), '', null],
  ];
}
