import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;

/** LOG_FORMAT: `json` for log collectors, `pretty` for people, `auto` picks by where stdout goes. */
export type LogFormatSetting = 'auto' | 'json' | 'pretty';

/** A person at a terminal reads lines; anything else (a pipe, a container's log driver) gets JSON. */
export function logFormat(setting: LogFormatSetting, stdoutIsTerminal: boolean): 'json' | 'pretty' {
  if (setting !== 'auto') return setting;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

/**
 * Logs on stdout: one JSON object a line, or readable lines in development; call-scoped loggers
 * add `callSid` to every line either way.
 */
export function createLogger(
  level: pino.LevelWithSilent = 'info',
  setting: LogFormatSetting = 'json',
  stdoutIsTerminal = process.stdout.isTTY === true,
): Logger {
  const options = { level, base: { service: 'switchboard' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (logFormat(setting, stdoutIsTerminal) === 'json') return pino(options);
  // In-process and synchronous (no worker thread): nothing is lost when the process exits at once.
  const readable = pretty({ sync: true, singleLine: true, ignore: 'service', translateTime: 'SYS:HH:MM:ss.l', colorize: stdoutIsTerminal });
  return pino(options, readable);
}
