export { loadConfig, loadConfigOrExit, describeConfig, env, ConfigError, type ConfigSchema } from './config.js';
export { kafkaKeys, databaseKeys, connectKeys } from './config-keys.js';
export { createLogger, type Logger } from './logger.js';
export { AppError, defineErrors, type ErrorTable, type FieldProblem } from './errors.js';
export { createKafka } from './kafka-client.js';
export {
  problemMiddleware,
  notFoundHandler,
  problemOf,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
} from './http-problem.js';
export { startRegistration, type Registration } from './registry-client.js';
export { createMysql, type MysqlOptions } from './mysql.js';
export { createAsyncLogger } from './async-logger.js';
export { advertisedKeys, advertisedUrl, isWildcardHost } from './advertised-url.js';
export { pinnedNodeVersion, nodeVersionWarning, warnIfNotPinnedNode, runtimeInfo } from './node-version.js';
