import { z } from 'zod';
import { CASE_STATES } from './states.js';

// What the API and the CLI accept for cases, rules and settings: validated here, once, with
// parseInput (src/input-error.ts), so both answer a mistake with the same message.

const groupName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a skill group name');
const agentId = z.number().int().positive();
const note = z.string().trim().min(1, 'must not be empty').max(4000);
const category = z.string().trim().min(1, 'must not be empty').max(64);
const phoneNumber = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 form, e.g. +12125550123');

export const caseCreateInput = z
  .strictObject({
    category,
    summary: z.string().max(4000).default(''),
    customerNumber: phoneNumber.optional(),
    callSid: z
      .string()
      .regex(/^CA[0-9a-f]{32}$/, 'must be a Twilio call SID (CA and 32 hex digits)')
      .optional(),
    ownerGroup: groupName.optional(),
    ownerAgentId: agentId.optional(),
    note: note.optional(),
  })
  .refine((v) => v.ownerGroup !== undefined || v.ownerAgentId !== undefined, {
    message: 'give an owner: ownerGroup, ownerAgentId or both',
    path: ['ownerGroup'],
  });

export const caseStateInput = z.strictObject({ state: z.enum(CASE_STATES), note: note.optional() });

export const caseAssignInput = z
  .strictObject({ ownerGroup: groupName.nullable().optional(), ownerAgentId: agentId.nullable().optional(), note: note.optional() })
  .refine((v) => v.ownerGroup !== undefined || v.ownerAgentId !== undefined, {
    message: 'give the new owner: ownerGroup, ownerAgentId or both',
    path: ['ownerGroup'],
  })
  .refine((v) => v.ownerGroup || v.ownerAgentId, { message: 'a case needs an owner: a group or an agent', path: ['ownerGroup'] });

export const caseNoteInput = z.strictObject({ note });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const instant = z.iso.datetime({ offset: true, message: 'must be a date and time with its offset, e.g. 2026-12-01T09:00:00Z' });

/** The list's filters, from a query string (every value is text). */
export const caseListQuery = z.strictObject({
  state: z
    .string()
    .transform((v) => v.split(','))
    .pipe(z.array(z.enum(CASE_STATES)))
    .optional(),
  open: flag.optional(),
  owner: groupName.optional(),
  ownerAgentId: z.coerce.number().int().positive().optional(),
  breached: flag.optional(),
  overdue: flag.optional(),
  customer: phoneNumber.optional(),
  createdFrom: instant.transform((v) => new Date(v)).optional(),
  createdTo: instant.transform((v) => new Date(v)).optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
});

const MAX_SCORE = { csat: 9, nps: 10, resolved: 0 } as const;

/** A feedback rule: which answers open a case, for whom, and whether a recovery callback is booked. */
export const feedbackRuleInput = z
  .strictObject({
    kind: z.enum(['csat', 'nps', 'resolved']),
    /** Fires on an answer scoring at most this; "not resolved" is 0. */
    maxScore: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(10, 'must be at most 10'),
    category,
    ownerGroup: groupName.nullable().default(null),
    ownerAgentId: agentId.nullable().default(null),
    callbackGroup: groupName.nullable().default(null),
    callbackPriority: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(100, 'must be at most 100').default(50),
    enabled: z.boolean().default(true),
  })
  .refine((v) => v.ownerGroup !== null || v.ownerAgentId !== null, {
    message: 'give an owner: ownerGroup, ownerAgentId or both',
    path: ['ownerGroup'],
  })
  .refine((v) => v.maxScore <= MAX_SCORE[v.kind], {
    message: 'is above the scale: csat at most 9, nps at most 10, resolved 0 (a "no")',
    path: ['maxScore'],
  });

export const ruleName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a rule name (lower-case letters, digits and dashes)');

/** A due time in minutes: up to a year. */
const minutes = z
  .number()
  .int('must be a whole number of minutes')
  .min(1, 'must be at least 1')
  .max(525600, 'must be at most 525600 (a year)');

export const caseSettingsInput = z
  .strictObject({
    acknowledgeMinutes: minutes.optional(),
    resolveMinutes: minutes.optional(),
    acknowledgeBySms: z.boolean().optional(),
    acknowledgeText: z
      .string()
      .trim()
      .min(1)
      .max(480)
      .refine((t) => t.includes('{reference}'), 'must include {reference}, where the case number goes')
      .optional(),
    acknowledgeFrom: z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, 'must be a number in E.164 (+15551230000) or a Messaging Service SID (MG…)')
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give a setting to change');
