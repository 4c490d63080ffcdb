import { z } from 'zod';
import { isTimeZone } from './flows/read-hours.js';
import type { LogFormatSetting } from './log.js';

/** Everything the server reads from the environment, parsed and checked once at start-up. */
export interface Config {
  port: number;
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
  /** For the agents' softphone (Twilio Voice JS): an API key and the TwiML app that places calls. */
  voice?: { apiKeySid: string; apiKeySecret: string; twimlAppSid: string };
}

const e164 = /^\+[1-9]\d{6,14}$/;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://ivr.example.com' })
    .optional(),
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
  TWILIO_API_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
    .default('https://api.twilio.com'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: 'must be "json", "pretty" or "auto" (readable when stdout is a terminal, else JSON)' })
    .default('auto'),
  TWILIO_SIGNATURE_CHECK: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
  FALLBACK_QUEUE: z.string().regex(/^[\w.-]{1,64}$/, 'must be a queue name (letters, digits, - _ .)').optional(),
  FALLBACK_NUMBER: z.string().regex(e164, 'must be an E.164 number such as +15551234567').optional(),
  SWITCHBOARD_DATA_DIR: z.string().min(1).default('./.switchboard'),
  MAX_INFLIGHT_WEBHOOKS: z.coerce.number().int().min(1).max(10_000).default(64),
  CENTRE_TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York').optional(),
  TWILIO_API_KEY_SID: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must look like SK followed by 32 hex digits').optional(),
  TWILIO_API_KEY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TWILIO_TWIML_APP_SID: z.string().regex(/^AP[0-9a-fA-F]{32}$/, 'must look like AP followed by 32 hex digits').optional(),
});

export class ConfigError extends Error {}

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
    throw new ConfigError('Invalid configuration:\n  TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, TWILIO_TWIML_APP_SID: set all three for the softphone, or none');
  }
  const authToken = v.TWILIO_AUTH_TOKEN ?? defaults.localAuthToken;
  if (!authToken) throw new ConfigError('Invalid configuration:\n  TWILIO_AUTH_TOKEN: required');
  return {
    port: v.PORT,
    publicBaseUrl: (v.PUBLIC_BASE_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ''),
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
    ...(v.CENTRE_TIMEZONE ? { centreTimezone: v.CENTRE_TIMEZONE } : {}),
    ...(v.TWILIO_API_KEY_SID ? { voice: { apiKeySid: v.TWILIO_API_KEY_SID, apiKeySecret: v.TWILIO_API_KEY_SECRET!, twimlAppSid: v.TWILIO_TWIML_APP_SID! } } : {}),
  };
}
