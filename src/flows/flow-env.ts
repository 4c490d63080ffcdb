/**
 * Which environment variables a flow file may read as `${NAME}` in a lookup's URL or headers.
 * Flows are data that supervisors edit; the server's environment holds its own secrets (the Twilio
 * auth token, the database URL). So a flow reads only variables meant for flows: those named
 * FLOW_…, and those an operator lists in FLOW_ENV_ALLOW (e.g. an existing CRM_TOKEN).
 */
export const FLOW_ENV_PREFIX = 'FLOW_';

export interface FlowEnvPolicy {
  /** Names allowed besides the FLOW_ prefix (FLOW_ENV_ALLOW). */
  allowed: ReadonlySet<string>;
}

export const DEFAULT_FLOW_ENV: FlowEnvPolicy = { allowed: new Set() };

export const flowEnvPolicy = (names: readonly string[] = []): FlowEnvPolicy => ({ allowed: new Set(names) });

/** Only upper-case names are references; anything else in `${…}` stays as written. */
const REFERENCE = /\$\{([A-Z0-9_]+)\}/g;

export const mayRead = (name: string, policy: FlowEnvPolicy): boolean => name.startsWith(FLOW_ENV_PREFIX) || policy.allowed.has(name);

/** The variables `text` names, each once, in order. */
export function envReferences(text: string): string[] {
  return [...new Set([...text.matchAll(REFERENCE)].map((m) => m[1]))];
}

/** What `check` says about a variable a flow may not read. */
export function refusedMessage(name: string, where: string): string {
  return `${where} reads environment variable ${name}, which flows may not read: only variables named ${FLOW_ENV_PREFIX}… and those listed in FLOW_ENV_ALLOW are expanded`;
}

export class FlowEnvError extends Error {}

/**
 * `${NAME}` replaced by the variable's value (empty when unset). A name the policy refuses throws:
 * `check` and the flow loader reject such files, but a version stored before the policy (or before
 * FLOW_ENV_ALLOW changed) can still be running calls, and it must not read a secret either.
 */
export function expandEnv(text: string, policy: FlowEnvPolicy, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(REFERENCE, (_, name: string) => {
    if (!mayRead(name, policy))
      throw new FlowEnvError(`environment variable ${name} may not be read by flows (not FLOW_… nor in FLOW_ENV_ALLOW)`);
    return env[name] ?? '';
  });
}
