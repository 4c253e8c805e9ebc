export {
  loadConfig,
  loadConfigOrExit,
  exitOnConfigError,
  describeConfig,
  env,
  ConfigError,
  type ConfigSchema,
} from './config.js';
export { kafkaKeys, databaseKeys, connectKeys, registryAuthKeys } from './config-keys.js';
export { createLogger, loggerOptions, type Logger } from './logger.js';
export { AppError, defineErrors, type ErrorTable, type FieldProblem } from './errors.js';
export { createKafka } from './kafka-client.js';
export { createSerialSender, type SerialSender, type TopicRecords } from './serial-sender.js';
export {
  problemMiddleware,
  notFoundHandler,
  problemOf,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
} from './http-problem.js';
export { sendProblem } from './send-problem.js';
export { startRegistration, type Registration } from './registry-client.js';
export { createMysql, type MysqlOptions } from './mysql.js';
export { createAsyncLogger } from './async-logger.js';
export { advertisedKeys, advertisedUrl, isWildcardHost } from './advertised-url.js';
export { pinnedNodeVersion, nodeVersionWarning, warnIfNotPinnedNode, runtimeInfo } from './node-version.js';
export { loadDotEnv, REPOSITORY_ENV_FILE } from './dot-env.js';
export { listen, beginGracefulClose, closeGracefully, finishesWithin, type GracefulClose } from './graceful-close.js';
export { assignRequestId, requestIdOf, requestIdMiddleware, REQUEST_ID_FORMAT } from './request-id.js';
export { logAccess, accessLogMiddleware, type AccessFields } from './access-log.js';
export { runService, SPAN_FLUSH_TIMEOUT_MS, type ServiceDefinition } from './run-service.js';
export { registeredInstance, type InstanceConfig } from './registered-instance.js';
export { superviseProcess, HARD_DEADLINE_GRACE_MS, type ProcessSupervisor } from './process-supervisor.js';
export type { RunningService, StopResult } from './running-service.js';
export { createServiceMetrics, LATENCY_BUCKETS, UNMATCHED_ROUTE, type ServiceMetrics } from './metrics.js';
export { httpMetricsMiddleware } from './http-metrics.js';
export { tracingKeys, NO_TRACING, type Tracing, type TracingConfig } from './tracing-config.js';
export {
  traceLogFields,
  serverSpan,
  recordRequestId,
  markSpanError,
  markRequestFailed,
  traceResponseOf,
  setTraceResponse,
  nameRoute,
  contextOfRecord,
  injectIntoRecord,
  outsideAnyTrace,
  type KafkaHeaders,
} from './trace-context.js';
export { createServiceApp } from './service-app.js';
