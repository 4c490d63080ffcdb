import { expect } from 'chai';
import { ConfigError, parseConfig } from '../src/config.js';
import { DEFAULT_ROUTING_POLICY } from '../src/routing/lifecycle/policy.js';

describe('configuration from the environment', () => {
  it('defaults for the local demo', () => {
    const c = parseConfig({}, { localAuthToken: 'generated-token-1234' });
    expect(c).to.deep.equal({
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      twilioAccountSid: 'AC00000000000000000000000000000000',
      twilioAuthToken: 'generated-token-1234',
      databaseUrl: undefined,
      flowsDir: './flows',
      twilioApiBaseUrl: 'https://api.twilio.com',
      logLevel: 'info',
      logFormat: 'auto',
      signatureCheck: true,
      fallback: { queue: 'general' },
      dataDir: './.switchboard',
      maxInFlightWebhooks: 64,
      flowRemovalGraceMs: 30_000,
      callbacks: { blockedPrefixes: ['+1900', '+1976', '+979', '+808', '+870', '+881', '+882', '+883', '+878', '+888'] },
      transferNumbers: [],
      wrapUpEditMinutes: 15,
      smsSurveyCapDays: 7,
      serviceLevelFormula: 'offered',
      routingPolicy: DEFAULT_ROUTING_POLICY,
    });
  });

  it("reads routing's tunable policy numbers, leaving the others at their defaults", () => {
    const c = parseConfig({
      TWILIO_AUTH_TOKEN: 'token-123456',
      ON_CALL_LEASE_MINUTES: '480',
      CALLBACK_ATTEMPTS: '5',
      CALLBACK_RETRY_MINUTES: '2.5',
      DEFAULT_HANDLE_SECONDS: '240',
    });
    expect(c.routingPolicy).to.deep.equal({
      ...DEFAULT_ROUTING_POLICY,
      onCallLeaseSeconds: 480 * 60,
      callbackAttempts: 5,
      callbackRetrySeconds: 150,
      defaultHandleSeconds: 240,
    });
  });

  it('reads every documented variable', () => {
    const c = parseConfig({
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://ivr.example.com/',
      TWILIO_ACCOUNT_SID: 'AC' + 'b'.repeat(32),
      TWILIO_AUTH_TOKEN: 'real-token-abcdef',
      DATABASE_URL: 'postgres://u@db/x',
      FLOWS_DIR: '/srv/flows',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9999/',
      LOG_LEVEL: 'debug',
      TWILIO_SIGNATURE_CHECK: 'off',
      FALLBACK_NUMBER: '+15550001111',
      SERVICE_LEVEL_FORMULA: 'answered-and-long-abandoned',
    });
    expect(c).to.deep.include({
      port: 8080,
      publicBaseUrl: 'https://ivr.example.com',
      twilioAuthToken: 'real-token-abcdef',
      databaseUrl: 'postgres://u@db/x',
      flowsDir: '/srv/flows',
      twilioApiBaseUrl: 'http://127.0.0.1:9999',
      logLevel: 'debug',
      signatureCheck: false,
      fallback: { number: '+15550001111' },
      serviceLevelFormula: 'answered-and-long-abandoned',
    });
  });

  const bad: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT: '],
    [{ PORT: '70000' }, 'PORT: '],
    [{ PUBLIC_BASE_URL: 'ivr.example.com' }, 'PUBLIC_BASE_URL: must be an absolute http(s) URL such as https://ivr.example.com'],
    [{ TWILIO_ACCOUNT_SID: 'ACxyz' }, 'TWILIO_ACCOUNT_SID: must look like AC followed by 32 hex digits'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// connection URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: '],
    [{ TWILIO_SIGNATURE_CHECK: 'no' }, 'TWILIO_SIGNATURE_CHECK: must be "on" or "off"'],
    [{ FLOW_REMOVAL_GRACE_SECONDS: '-1' }, 'FLOW_REMOVAL_GRACE_SECONDS: '],
    [{ FALLBACK_NUMBER: '555-1234' }, 'FALLBACK_NUMBER: must be an E.164 number such as +15551234567'],
    [{ FALLBACK_NUMBER: '+15550001111', FALLBACK_QUEUE: 'general' }, 'FALLBACK_QUEUE and FALLBACK_NUMBER: set one, not both'],
    [{ ON_CALL_LEASE_MINUTES: '10' }, 'ON_CALL_LEASE_MINUTES: '],
    [{ CALLBACK_ATTEMPTS: '0' }, 'CALLBACK_ATTEMPTS: '],
    [{ CALLBACK_RETRY_MINUTES: 'soon' }, 'CALLBACK_RETRY_MINUTES: '],
    [{ DEFAULT_HANDLE_SECONDS: '1.5' }, 'DEFAULT_HANDLE_SECONDS: '],
    [
      { SERVICE_LEVEL_FORMULA: 'answered' },
      'SERVICE_LEVEL_FORMULA: must be one of offered, answered-and-abandoned, answered-and-long-abandoned',
    ],
  ];
  for (const [env, message] of bad) {
    it(`stops with a message naming the variable: ${Object.keys(env).join(', ')}`, () => {
      expect(() => parseConfig({ TWILIO_AUTH_TOKEN: 'token-123456', ...env })).to.throw(ConfigError, message);
    });
  }

  it('requires an auth token when none was generated', () => {
    expect(() => parseConfig({})).to.throw(ConfigError, 'TWILIO_AUTH_TOKEN: required');
  });

  it('treats empty values as unset, as .env files often have them', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: ' ', TWILIO_AUTH_TOKEN: 'token-123456' })).to.deep.include({
      port: 3000,
      databaseUrl: undefined,
    });
  });
});
