import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { traceLogFields } from './trace-context.js';

export type { Logger } from 'pino';

/** The options of every logger of the platform (createLogger, createAsyncLogger): one JSON line format. */
export function loggerOptions(name: string, level: LoggerOptions['level']): LoggerOptions {
  return {
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // trace_id and span_id of the active span, on lines written inside a traced request or message.
    mixin: traceLogFields,
  };
}

/**
 * One pino JSON logger per process, written to stdout (or to `destination`: a spec reading its lines).
 * Modules take a child: `logger.child({ module: 'order-publisher' })`.
 */
export function createLogger(
  name: string,
  level: LoggerOptions['level'] = 'info',
  destination?: DestinationStream,
): Logger {
  return destination ? pino(loggerOptions(name, level), destination) : pino(loggerOptions(name, level));
}
