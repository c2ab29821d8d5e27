// Structured logs on stderr (results go to stdout), with the same keys everywhere:
// run, account, region, collector/check, durationMs. On a terminal they are pretty-printed
// (coloured unless NO_COLOR); anywhere else, one JSON object a line for log collectors.
import { createRequire } from 'node:module';
import { format } from 'node:util';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

/** Whether a stream gets ANSI colours: a terminal, NO_COLOR unset or empty, TERM not "dumb". */
export function colorsFor(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

/** Human lines on a terminal; LOG_FORMAT=json (or pretty) overrides the guess. */
function prettyWanted(): boolean {
  const f = process.env.LOG_FORMAT?.toLowerCase();
  if (f === 'json') return false;
  if (f === 'pretty') return true;
  return process.stderr.isTTY === true;
}

function destination(): DestinationStream {
  if (!prettyWanted()) return pino.destination(2);
  // Loaded only for a terminal: JSON output (ECS, cron, CI) does not pay for it at start.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({ destination: 2, sync: true, colorize: colorsFor(process.stderr), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true });
}

let current: Logger | undefined;

export function makeLogger(level?: string): Logger {
  const chosen = level ?? process.env.LOG_LEVEL ?? (process.stderr.isTTY ? 'warn' : 'info');
  current = pino({ level: chosen, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination());
  return current;
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * Process warnings (the AWS SDK's notices among them) and console.warn go through the logger,
 * so stderr stays one format: JSON lines for a log collector, or the pretty lines on a terminal.
 */
export function routeWarningsToLog(): void {
  const log = (): Logger => current ?? makeLogger();
  // Node prints warnings through a listener of its own; it is replaced, not doubled.
  process.removeAllListeners('warning');
  process.on('warning', (w: Error & { code?: string }) => log().warn({ warning: w.name, ...(w.code ? { code: w.code } : {}) }, w.message));
  console.warn = (...args: unknown[]): void => log().warn({ source: 'console.warn' }, format(...args));
}
