// Structured logs on stderr (results go to stdout), with the same keys everywhere:
// run, account, region, collector/check, durationMs.
import { pino, type Logger } from 'pino';

export type { Logger };

export function makeLogger(level?: string): Logger {
  const chosen = level ?? process.env.LOG_LEVEL ?? (process.stderr.isTTY ? 'warn' : 'info');
  return pino({ level: chosen, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
