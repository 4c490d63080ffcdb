import { z } from 'zod';
import { REQUESTABLE_STATES } from '../routing/lifecycle/states.js';
import { CONTACT_KINDS, type ContactKind } from '../db/queries/agents.js';
import { STRATEGIES } from '../db/queries/groups.js';

const NAME_RULE = 'must start with a letter or digit and use only letters, digits, - and _ (at most 64)';
/** Skill and group names (the same rule as the database's CHECK). */
const identifier = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : NAME_RULE) })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, NAME_RULE);

function wholeNumber(min: number, max: number, unit = '') {
  const rule = `must be a whole number${unit} from ${min} to ${max}`;
  return z
    .number({ error: (iss) => (iss.input === undefined ? 'is required' : rule) })
    .int(rule)
    .min(min, rule)
    .max(max, rule);
}
const seconds = (min: number, max: number) => wholeNumber(min, max, ' of seconds');
const level = wholeNumber(1, 5);
const text = (max: number) => z.string().trim().min(1, `must be 1 to ${max} characters`).max(max, `must be 1 to ${max} characters`);

const CONTACT_RULES: Record<ContactKind, [RegExp, string]> = {
  phone: [/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 form (+ and 7 to 15 digits), such as +15551230000'],
  client: [/^[A-Za-z0-9_.@-]{1,121}$/, 'must be a Twilio Client identity: letters, digits, _ - . @ (at most 121 characters)'],
  sip: [/^sip:[^\s@:;<>"]+@[A-Za-z0-9.-]+(:\d{1,5})?(;[^\s<>"]*)?$/i, 'must be a SIP URI such as sip:ana@pbx.example.com'],
};
const contact = z.strictObject({ kind: z.enum(CONTACT_KINDS), value: z.string().trim() }).superRefine((c, ctx) => {
  const [pattern, rule] = CONTACT_RULES[c.kind];
  if (!pattern.test(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: rule });
});

export const skillInput = z.strictObject({ name: identifier });
export const tokenInput = z.strictObject({ name: text(80), agentId: z.number().int().positive().optional() });
export const skillLevels = z.record(z.string(), level);

export const agentInput = z.strictObject({ name: text(120), contact, skills: skillLevels.default({}) });
export const agentPatchInput = z.strictObject({ name: text(120).optional(), contact: contact.optional(), skills: skillLevels.optional() });
export const skillLevelInput = z.strictObject({ level });
export const statusInput = z.strictObject({
  state: z.enum(REQUESTABLE_STATES),
  reason: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .nullish()
    .transform((r) => r || null),
});

const overflow = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('voicemail') }),
  z.strictObject({ action: z.literal('callback') }),
  z.strictObject({ action: z.literal('group'), group: identifier }),
]);
const wideningStep = z
  .strictObject({ afterSeconds: seconds(1, 86400), minLevel: level.optional(), addGroup: identifier.optional() })
  .refine((s) => s.minLevel !== undefined || s.addGroup !== undefined, 'needs minLevel or addGroup');
const groupSettings = z.strictObject({
  requirements: skillLevels,
  strategy: z.enum(STRATEGIES),
  ringTimeoutSeconds: seconds(5, 120),
  wrapUpSeconds: seconds(0, 3600),
  maxMisses: wholeNumber(1, 20),
  missBackoffSeconds: seconds(0, 600),
  maxWaitSeconds: seconds(10, 86400),
  overflow,
  serviceLevelSeconds: seconds(1, 3600),
  announceEverySeconds: seconds(15, 3600),
  widening: z.array(wideningStep).max(20, 'at most 20 steps'),
});
/** Every setting is optional: a new group takes the defaults, a change keeps what it does not name. */
export const groupPatchInput = groupSettings.partial();
export const groupInput = groupPatchInput.extend({ name: identifier });
