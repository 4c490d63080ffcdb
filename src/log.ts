import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; call-scoped loggers add `callSid` to every line. */
export function createLogger(level: pino.LevelWithSilent = 'info'): Logger {
  return pino({ level, base: { service: 'switchboard' }, timestamp: pino.stdTimeFunctions.isoTime });
}
