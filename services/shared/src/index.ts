export { loadConfig, loadConfigOrExit, describeConfig, env, ConfigError, type ConfigSchema } from './config.js';
export { kafkaKeys, databaseKeys, connectKeys } from './config-keys.js';
export { createLogger, type Logger } from './logger.js';
export { AppError, defineErrors, type ErrorTable, type FieldProblem } from './errors.js';
export { createKafka } from './kafka-client.js';
export { ConnectClient, ConnectError, shortenTrace, type ConnectorStatus, type ConnectState } from './connect-client.js';
export {
  waitForWorkerReady,
  waitForConnectorState,
  failedPart,
  reached,
  ConnectWaitError,
  STALE_FAILURE_MS,
  type StateWaitOptions,
} from './connect-waits.js';
export {
  buildKafkaOrderDto,
  buildCatalogOrderMessage,
  orderRecords,
  SEED_ORDER_FIELDS,
  type Order,
  type KafkaOrderDto,
  type CatalogOrderMessage,
} from './order-message.js';
export { problemMiddleware, notFoundHandler, problemOf, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './http-problem.js';
export { startRegistration, type Registration } from './registry-client.js';
export { createMysql, type MysqlOptions } from './mysql.js';
export { formatCreatedAt } from './created-at.js';
export { createAsyncLogger } from './async-logger.js';
export { advertisedKeys, advertisedUrl, isWildcardHost } from './advertised-url.js';
export { pinnedNodeVersion, nodeVersionWarning, warnIfNotPinnedNode, runtimeInfo } from './node-version.js';
