export { up, down, reset, status, type UpResult, type UpOptions } from './infra.js';
export { exporterUrl } from './exporter-process.js';
export { probeZipkin } from './zipkin.js';
export { loadInfraConfig, infraConfigSchema, infraPaths, type InfraConfig } from './infra-config.js';
export { connectDatabase, createDatabase, dropDatabases } from './databases.js';
export { silentProgress, createProgress, waitFor } from './progress.js';
export { applyConnector, resolvePlaceholders, type ConnectorDefinition } from './connectors.js';
export { isPortOpen, runningPid, stopProcess, tail, type ManagedProcess } from './processes.js';
export { kafkaNodes, type KafkaNode } from './kafka-cluster.js';
export { pipelineEnv, dropPipeline } from './pipeline.js';
export { startPrivateInfra, type PrivateInfra } from './private-infra.js';
export {
  ConnectClient,
  ConnectError,
  shortenTrace,
  type ConnectorStatus,
  type ConnectState,
} from './connect-client.js';
export {
  waitForWorkerReady,
  waitForConnectorState,
  failedPart,
  reached,
  ConnectWaitError,
  STALE_FAILURE_MS,
  type StateWaitOptions,
} from './connect-waits.js';
