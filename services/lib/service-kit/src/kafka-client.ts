import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from './logger.js';

const toPino: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs logs every error response of a request at ERROR (Connection) and every failed attempt
 * (Producer), even when its retry then succeeds: CONCURRENT_TRANSACTIONS right after each commit
 * is routine. Whether a request finally failed is for our code to log; these are warnings.
 */
function levelOf(level: number, namespace: string): 'error' | 'warn' | 'info' | 'debug' {
  const mapped = toPino[level] ?? 'info';
  return mapped === 'error' && (namespace === 'Connection' || namespace === 'Producer') ? 'warn' : mapped;
}

/**
 * kafkajs logs into the caller's pino logger (child `module: kafkajs`), so one process writes one
 * JSON stream. kafkajs is chatty at INFO about routine rebalances; we keep its WARN and above
 * unless the pino level asks for debug.
 */
export function createKafka(options: {
  clientId: string;
  brokers: string[];
  logger: Logger;
  connectionTimeout?: number;
  requestTimeout?: number;
  retry?: KafkaConfig['retry'];
}): Kafka {
  const log = options.logger.child({ module: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeout ?? 3000,
    requestTimeout: options.requestTimeout ?? 30000,
    retry: options.retry,
    logLevel: log.isLevelEnabled('debug') ? logLevel.DEBUG : logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry;
        log[levelOf(level, namespace)]({ namespace, ...extra }, message);
      },
  });
}
