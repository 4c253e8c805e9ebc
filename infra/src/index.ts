export { up, down, reset, status, type UpResult, type UpOptions } from './infra.js';
export { exporterUrl } from './exporter-process.js';
export { probeZipkin } from './zipkin.js';
export { loadInfraConfig, infraConfigSchema, infraPaths, type InfraConfig } from './infra-config.js';
export { connectDatabase, createDatabase, dropDatabases } from './databases.js';
export { silentProgress, createProgress, waitFor } from './progress.js';
export { applyConnector, resolvePlaceholders, type ConnectorDefinition } from './connectors.js';
export { isPortOpen, runningPid, stopProcess, tail, type ManagedProcess } from './processes.js';
export { kafkaNodes, kraftNodeProperties, type KafkaNode, type KraftNodeSpec } from './kafka-cluster.js';
// The parts infra:up assembles, for a drill that places each process on a host of its own.
export { describeCluster, kafkaUuid, runStorageFormat } from './broker.js';
export { workerProperties } from './connect-worker.js';
export { checkJava, ensureJars, javaArgs } from './java-toolchain.js';
export { ensureDatabases } from './databases.js';
export { ensureTopics } from './topics.js';
export { loadConnectorDefinitions, waitUntilRunning } from './connectors.js';
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
