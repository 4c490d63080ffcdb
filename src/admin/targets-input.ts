import { z } from 'zod';
import { SERVICE_LEVEL_FORMULAS } from '../config.js';

// The KPI targets as the API and the CLI give them (the CLI turns its percentages into shares
// first). Shares are 0..1, as /api/queues and the reports speak them.

const share = (example: string) => {
  const rule = `must be a share from 0 to 1 (${example})`;
  return z
    .number({ error: (iss) => (iss.input === undefined ? 'is required' : rule) })
    .min(0, rule)
    .max(1, rule);
};
function wholeSeconds(min: number, max: number) {
  const rule = `must be a whole number of seconds from ${min} to ${max}`;
  return z.number({ error: rule }).int(rule).min(min, rule).max(max, rule);
}
const nps = z
  .number({ error: 'must be a net promoter score from -100 to 100' })
  .min(-100, 'must be a net promoter score from -100 to 100')
  .max(100, 'must be a net promoter score from -100 to 100');

const fields = {
  serviceLevel: share('0.8 is 80 % answered within serviceLevelSeconds'),
  serviceLevelSeconds: wholeSeconds(1, 3600),
  serviceLevelFormula: z.enum(SERVICE_LEVEL_FORMULAS),
  asaSeconds: wholeSeconds(1, 3600),
  abandonRate: share('0.05 is 5 % of offered calls abandoned'),
  nps,
  csat: share('0.85 is 85 % of answers satisfied'),
};
const namesOne = (t: object) => Object.values(t).some((v) => v !== undefined);
const NAME_ONE = 'name at least one target: serviceLevel, serviceLevelSeconds, serviceLevelFormula, asaSeconds, abandonRate, nps, csat';

/** A group's targets: each optional; null returns it to the centre's. */
export const groupTargetsInput = z
  .strictObject(
    Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.nullable().optional()])) as {
      [K in keyof typeof fields]: z.ZodOptional<z.ZodNullable<(typeof fields)[K]>>;
    },
  )
  .refine(namesOne, NAME_ONE);

/** The centre's defaults: the service level and its threshold always have one; the others may be cleared (null: no target). */
export const centreTargetsInput = z
  .strictObject({
    serviceLevel: fields.serviceLevel.optional(),
    serviceLevelSeconds: fields.serviceLevelSeconds.optional(),
    serviceLevelFormula: fields.serviceLevelFormula.nullable().optional(),
    asaSeconds: fields.asaSeconds.nullable().optional(),
    abandonRate: fields.abandonRate.nullable().optional(),
    nps: fields.nps.nullable().optional(),
    csat: fields.csat.nullable().optional(),
  })
  .refine(namesOne, NAME_ONE);
