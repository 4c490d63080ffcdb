import { parseTransferRules, type TransferRule } from './routing/transfer-policy.js';
import { isIP } from 'node:net';
import { z } from 'zod';
import { flowEnvPolicy, type FlowEnvPolicy } from './flows/flow-env.js';
import { DEFAULT_BLOCKED_PREFIXES, isCountryCode, type CallbackRules } from './flows/callback-policy.js';
import { isTimeZone } from './flows/read-hours.js';
import { DEFAULT_REMOVAL_GRACE_MS } from './flows/registry.js';
import type { LogFormatSetting } from './log.js';
import { ConfigError } from './config-error.js';

export { ConfigError };
import { DEFAULT_ROUTING_POLICY, type RoutingPolicy } from './routing/lifecycle/policy.js';

/** The service-level formulas a centre chooses among (docs/reports.md states each with an example). */
export const SERVICE_LEVEL_FORMULAS = ['offered', 'answered-and-abandoned', 'answered-and-long-abandoned'] as const;
export type ServiceLevelFormula = (typeof SERVICE_LEVEL_FORMULAS)[number];
/** Abandons within this many seconds are short: the reports' default, and the dashboard's. */
export const DEFAULT_SHORT_ABANDON_SECONDS = 5;

/** Everything the server reads from the environment, parsed and checked once at start-up. */
export interface Config {
  port: number;
  /** The address to listen on; unset: every interface (as before, what containers need). */
  host?: string;
  publicBaseUrl: string;
  twilioAccountSid: string;
  twilioAuthToken: string;
  databaseUrl?: string;
  flowsDir: string;
  twilioApiBaseUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** JSON lines, readable lines, or `auto`: readable when stdout is a terminal. */
  logFormat: LogFormatSetting;
  signatureCheck: boolean;
  /** Where a caller goes when something inside Switchboard fails. */
  fallback: { queue: string } | { number: string };
  /** Data folder for the embedded database and the generated local auth token. */
  dataDir: string;
  /** The centre's time zone for "today" and report intervals; default: the default flow's. */
  centreTimezone?: string;
  /** Voice webhooks worked on at once; beyond this, callers get the fallback at once. */
  maxInFlightWebhooks: number;
  /** How long a flow's file may be gone before the flow stops serving (editors and deploys re-create files). */
  flowRemovalGraceMs: number;
  /** Which numbers callbacks may go to (CALLBACK_COUNTRIES, CALLBACK_BLOCKED_PREFIXES). */
  callbacks: CallbackRules;
  /** TRANSFER_NUMBERS: the numbers (and `+1800*` prefixes) agents may transfer callers to; empty: none. */
  transferNumbers: TransferRule[];
  /** For the agents' softphone (Twilio Voice JS): an API key and the TwiML app that places calls. */
  voice?: { apiKeySid: string; apiKeySecret: string; twimlAppSid: string };
  /** Environment variables flow lookups may read besides FLOW_… (FLOW_ENV_ALLOW). */
  flowEnvAllow?: string[];
  /** Express's `trust proxy`: hops (a number) or addresses/subnets of proxies; unset, the socket's address is the client's. */
  trustProxy?: string | number;
  /** Minutes after wrap-up ends during which an agent may still change a call's disposition and notes. */
  wrapUpEditMinutes: number;
  /** SMS_SURVEY_CAP_DAYS: one SMS survey per number per this many days (0: no cap). */
  smsSurveyCapDays: number;
  /** SERVICE_LEVEL_FORMULA: answered within the threshold ÷ what, on the dashboard, in the reports and /metrics. */
  serviceLevelFormula: ServiceLevelFormula;
  /** Routing's tunable policy numbers (ON_CALL_LEASE_MINUTES, CALLBACK_ATTEMPTS, CALLBACK_RETRY_MINUTES, DEFAULT_HANDLE_SECONDS); the rest at their defaults. */
  routingPolicy: RoutingPolicy;
  /** SWITCHBOARD_CLOCK: calls see this moment (advancing in real time from start-up) instead of now, to try other hours. */
  clockOverride?: { startsAt: number; text: string };
}

const e164 = /^\+[1-9]\d{6,14}$/;

const hostname = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
// Express's `trust proxy` values we accept: hops, or proxies by address, subnet or proxy-addr's names.
// Never "true" (trust everyone): then any client could choose its own address.
const isTrustProxy = (v: string) =>
  /^\d{1,2}$/.test(v) ||
  v.split(',').every((part) => {
    const [address, bits, ...rest] = part.trim().split('/');
    return (
      !rest.length &&
      (['loopback', 'linklocal', 'uniquelocal'].includes(address)
        ? bits === undefined
        : isIP(address) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits)))
    );
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z
    .string()
    .refine((h) => isIP(h) !== 0 || hostname.test(h), 'must be an IP address such as 127.0.0.1 or ::, or a host name')
    .optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://ivr.example.com' }).optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  FLOWS_DIR: z.string().min(1).default('./flows'),
  TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).default('https://api.twilio.com'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SERVICE_LEVEL_FORMULA: z
    .enum(SERVICE_LEVEL_FORMULAS, { error: `must be one of ${SERVICE_LEVEL_FORMULAS.join(', ')}` })
    .default('offered'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: 'must be "json", "pretty" or "auto" (readable when stdout is a terminal, else JSON)' })
    .default('auto'),
  TWILIO_SIGNATURE_CHECK: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
  FALLBACK_QUEUE: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be a queue name (letters, digits, - _ .)')
    .optional(),
  FALLBACK_NUMBER: z.string().regex(e164, 'must be an E.164 number such as +15551234567').optional(),
  SWITCHBOARD_DATA_DIR: z.string().min(1).default('./.switchboard'),
  MAX_INFLIGHT_WEBHOOKS: z.coerce.number().int().min(1).max(10_000).default(64),
  FLOW_REMOVAL_GRACE_SECONDS: z.coerce
    .number()
    .min(0)
    .max(86_400)
    .default(DEFAULT_REMOVAL_GRACE_MS / 1000),
  CENTRE_TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York').optional(),
  TWILIO_API_KEY_SID: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/, 'must look like SK followed by 32 hex digits')
    .optional(),
  TWILIO_API_KEY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TWILIO_TWIML_APP_SID: z
    .string()
    .regex(/^AP[0-9a-fA-F]{32}$/, 'must look like AP followed by 32 hex digits')
    .optional(),
  FLOW_ENV_ALLOW: z.string().optional(),
  CALLBACK_COUNTRIES: z.string().optional(),
  CALLBACK_BLOCKED_PREFIXES: z.string().optional(),
  TRANSFER_NUMBERS: z.string().optional(),
  TRUST_PROXY: z
    .string()
    .refine(isTrustProxy, 'must be a number of proxy hops or a comma-separated list of proxy addresses/subnets (e.g. loopback, 10.0.0.0/8)')
    .optional(),
  WRAP_UP_EDIT_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(15),
  SMS_SURVEY_CAP_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  ON_CALL_LEASE_MINUTES: z.coerce
    .number()
    .int()
    .min(30)
    .max(24 * 60)
    .default(DEFAULT_ROUTING_POLICY.onCallLeaseSeconds / 60),
  CALLBACK_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(DEFAULT_ROUTING_POLICY.callbackAttempts),
  CALLBACK_RETRY_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(DEFAULT_ROUTING_POLICY.callbackRetrySeconds / 60),
  DEFAULT_HANDLE_SECONDS: z.coerce.number().int().min(10).max(3600).optional(),
  SWITCHBOARD_CLOCK: z
    .string()
    .refine(
      (t) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(t) && !Number.isNaN(Date.parse(t)),
      'must be a date and time with its UTC offset, such as 2026-12-25T22:00:00-05:00',
    )
    .optional(),
});

/** Switchboard's own settings (its secrets among them) are never for flows, even when listed. */
const OWN_SETTINGS = new Set(Object.keys(schema.shape));

/** FLOW_ENV_ALLOW: comma-separated variable names flow lookups may read as well as FLOW_…. */
function flowEnvNames(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const problems = names.flatMap((n) =>
    !/^[A-Z][A-Z0-9_]*$/.test(n)
      ? [`"${n}" is not a variable name (upper-case letters, digits and _, as flows write \${NAME})`]
      : OWN_SETTINGS.has(n)
        ? [`${n} is one of Switchboard's own settings; flows may not read it`]
        : [],
  );
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  FLOW_ENV_ALLOW: ${p}`).join('\n')}`);
  return names;
}

/** The flow environment policy alone, for the CLI (check, simulate), which needs no other setting. */
export function flowEnvFromEnv(env: NodeJS.ProcessEnv): FlowEnvPolicy {
  return flowEnvPolicy(flowEnvNames(env.FLOW_ENV_ALLOW?.trim()));
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The callback policy from CALLBACK_COUNTRIES (comma-separated ISO 3166 codes; default: the country
 * of the number each caller dialled) and CALLBACK_BLOCKED_PREFIXES (E.164 prefixes refused on top
 * of the built-in premium-rate and satellite ranges). Returns the problems instead when any.
 */
function callbackRules(v: { CALLBACK_COUNTRIES?: string; CALLBACK_BLOCKED_PREFIXES?: string }): CallbackRules | string[] {
  const countries = list(v.CALLBACK_COUNTRIES).map((c) => c.toUpperCase());
  const prefixes = list(v.CALLBACK_BLOCKED_PREFIXES);
  const problems = [
    ...countries.filter((c) => !isCountryCode(c)).map((c) => `CALLBACK_COUNTRIES: '${c}' is not a country code such as US, CA or MX`),
    ...prefixes
      .filter((p) => !/^\+[1-9]\d{0,14}$/.test(p))
      .map((p) => `CALLBACK_BLOCKED_PREFIXES: '${p}' is not an E.164 prefix such as +1900 or +44871`),
  ];
  if (v.CALLBACK_COUNTRIES !== undefined && countries.length === 0)
    problems.push('CALLBACK_COUNTRIES: give at least one country code, or leave it unset');
  if (problems.length) return problems;
  return {
    ...(countries.length ? { countries: [...new Set(countries)] as CallbackRules['countries'] } : {}),
    blockedPrefixes: [...new Set([...DEFAULT_BLOCKED_PREFIXES, ...prefixes])],
  };
}

/** The callback policy alone (for the CLI's simulator, which needs no other setting). */
export function parseCallbackRules(env: NodeJS.ProcessEnv): CallbackRules {
  const rules = callbackRules(withoutEmpty(env));
  if (Array.isArray(rules)) throw new ConfigError(`Invalid configuration:\n${rules.map((l) => `  ${l}`).join('\n')}`);
  return rules;
}

/** How this machine reaches a server listening on `host`: that address, or `fallback` when it listens on all of them. */
export function hostForUrl(host: string | undefined, fallback: string): string {
  const h = !host || host === '0.0.0.0' || host === '::' ? fallback : host;
  return isIP(h) === 6 ? `[${h}]` : h;
}

/** Empty strings count as "not set", as they do in most .env files. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out;
}

/**
 * Parse the environment. The auth token may be left out for the local demo: the caller passes
 * `localAuthToken` (generated and kept in the data folder) to use instead.
 */
export function parseConfig(env: NodeJS.ProcessEnv, defaults: { localAuthToken?: string } = {}): Config {
  const parsed = schema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const v = parsed.data;
  if (v.FALLBACK_QUEUE && v.FALLBACK_NUMBER) {
    throw new ConfigError('Invalid configuration:\n  FALLBACK_QUEUE and FALLBACK_NUMBER: set one, not both');
  }
  const voiceKeys = [v.TWILIO_API_KEY_SID, v.TWILIO_API_KEY_SECRET, v.TWILIO_TWIML_APP_SID];
  if (voiceKeys.some(Boolean) && !voiceKeys.every(Boolean)) {
    throw new ConfigError(
      'Invalid configuration:\n  TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, TWILIO_TWIML_APP_SID: set all three for the softphone, or none',
    );
  }
  const flowEnvAllow = flowEnvNames(v.FLOW_ENV_ALLOW);
  const callbacks = parseCallbackRules(env);
  const transfers = parseTransferRules(list(v.TRANSFER_NUMBERS));
  if (transfers.problems.length) throw new ConfigError(`Invalid configuration:\n${transfers.problems.map((l) => `  ${l}`).join('\n')}`);
  const authToken = v.TWILIO_AUTH_TOKEN ?? defaults.localAuthToken;
  if (!authToken) throw new ConfigError('Invalid configuration:\n  TWILIO_AUTH_TOKEN: required');
  return {
    port: v.PORT,
    ...(v.HOST ? { host: v.HOST } : {}),
    publicBaseUrl: (v.PUBLIC_BASE_URL ?? `http://${hostForUrl(v.HOST, 'localhost')}:${v.PORT}`).replace(/\/+$/, ''),
    twilioAccountSid: v.TWILIO_ACCOUNT_SID ?? 'AC00000000000000000000000000000000',
    twilioAuthToken: authToken,
    databaseUrl: v.DATABASE_URL,
    flowsDir: v.FLOWS_DIR,
    twilioApiBaseUrl: v.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    signatureCheck: v.TWILIO_SIGNATURE_CHECK === 'on',
    fallback: v.FALLBACK_NUMBER ? { number: v.FALLBACK_NUMBER } : { queue: v.FALLBACK_QUEUE ?? 'general' },
    dataDir: v.SWITCHBOARD_DATA_DIR,
    maxInFlightWebhooks: v.MAX_INFLIGHT_WEBHOOKS,
    flowRemovalGraceMs: Math.round(v.FLOW_REMOVAL_GRACE_SECONDS * 1000),
    callbacks,
    transferNumbers: transfers.rules,
    ...(v.CENTRE_TIMEZONE ? { centreTimezone: v.CENTRE_TIMEZONE } : {}),
    ...(v.TRUST_PROXY ? { trustProxy: /^\d+$/.test(v.TRUST_PROXY) ? Number(v.TRUST_PROXY) : v.TRUST_PROXY } : {}),
    wrapUpEditMinutes: v.WRAP_UP_EDIT_MINUTES,
    smsSurveyCapDays: v.SMS_SURVEY_CAP_DAYS,
    serviceLevelFormula: v.SERVICE_LEVEL_FORMULA,
    routingPolicy: {
      ...DEFAULT_ROUTING_POLICY,
      onCallLeaseSeconds: v.ON_CALL_LEASE_MINUTES * 60,
      callbackAttempts: v.CALLBACK_ATTEMPTS,
      callbackRetrySeconds: Math.round(v.CALLBACK_RETRY_MINUTES * 60),
      ...(v.DEFAULT_HANDLE_SECONDS !== undefined ? { defaultHandleSeconds: v.DEFAULT_HANDLE_SECONDS } : {}),
    },
    ...(v.SWITCHBOARD_CLOCK ? { clockOverride: { startsAt: Date.parse(v.SWITCHBOARD_CLOCK), text: v.SWITCHBOARD_CLOCK } } : {}),
    ...(v.TWILIO_API_KEY_SID
      ? { voice: { apiKeySid: v.TWILIO_API_KEY_SID, apiKeySecret: v.TWILIO_API_KEY_SECRET!, twimlAppSid: v.TWILIO_TWIML_APP_SID! } }
      : {}),
    ...(flowEnvAllow.length ? { flowEnvAllow } : {}),
  };
}
