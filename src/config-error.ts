/** A setting that cannot work (or a machine that cannot run what it asks for): start-up stops and names it. */
export class ConfigError extends Error {}
