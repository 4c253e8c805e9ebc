import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { connectKeys, databaseKeys, env, kafkaKeys, loadConfig, tracingKeys } from '@order-platform/service-kit';

export const infraDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(infraDir, '..');

export const infraConfigSchema = z.object({
  ...kafkaKeys,
  ...databaseKeys,
  ...connectKeys,
  KAFKA_CONTROLLER_PORT: env.port(9093, 'KRaft controller port of the local broker (kafkajs never talks to it)'),
  TOPIC_PARTITIONS: env.int(3, 'partitions of the orders and example-catalog-topic topics', 2),
  KAFKA_NODES: env.int(
    1,
    'KRaft nodes infra:up runs on this machine (1, or 3: `pnpm infra:up -- --brokers 3`); ' +
      'node i on the broker and controller ports + 2(i-1)',
    1,
  ),
  TOPIC_REPLICATION_FACTOR: env.int(1, 'replication factor of every topic (1 on a one-node cluster)', 1),
  CONNECT_GROUP_ID: env.string('order-platform-connect', 'group.id of the Kafka Connect worker cluster'),
  KAFKA_HEAP_OPTS: env.string('-Xms128m -Xmx768m', 'JVM heap flags of the broker'),
  CONNECT_REBALANCE_DELAY_MS: env.int(
    300_000,
    "how long the Connect group waits for a vanished worker before giving its tasks to another (Kafka's default)",
  ),
  CONNECT_HEAP_OPTS: env.string('-Xms128m -Xmx768m', 'JVM heap flags of the Connect worker'),
  JAVA: env.string('java', 'Java 17+ executable'),
  MVN: env.string('mvn', 'Apache Maven executable (used once, to fill infra/.cache)'),
  INFRA_STATE_DIR: env.string(
    path.join(infraDir, '.state'),
    'data, logs and pid files of the local broker, worker, Zipkin and exporter',
  ),
  INFRA_START_TIMEOUT_S: env.int(180, 'how long infra:up waits for each component to become healthy', 5),
  // One key with the services' (service-kit tracingKeys): they send their spans where infra:up runs Zipkin.
  ZIPKIN_URL: tracingKeys.ZIPKIN_URL,
  ZIPKIN_HEAP_OPTS: env.string('-Xms32m -Xmx512m', 'JVM heap flags of Zipkin (ZIPKIN_MAX_SPANS must fit)'),
  ZIPKIN_MAX_SPANS: env.int(20_000, "spans Zipkin's in-memory storage keeps (the oldest traces go first)", 1),
  INFRA_EXPORTER_PORT: env.port(9464, 'port of the sink metrics exporter (GET /metrics) that infra:up starts'),
  INFRA_EXPORTER_SCRAPE_TIMEOUT_MS: env.int(5000, 'how long one exporter scrape waits for Connect and Kafka', 100),
});

export type InfraConfig = z.infer<typeof infraConfigSchema>;

export function loadInfraConfig(source: Record<string, string | undefined> = process.env): InfraConfig {
  const config = loadConfig(infraConfigSchema, source);
  if (config.KAFKA_NODES > 1) {
    if (config.KAFKA_NODES > 3) throw new Error(`KAFKA_NODES must be 1, 2 or 3, not ${config.KAFKA_NODES}`);
    // Several nodes: clients know every one of them (one down must not cut them off), and
    // topics are replicated on up to three unless TOPIC_REPLICATION_FACTOR says otherwise.
    if (config.KAFKA_BROKERS.length === 1) {
      const { host, port } = brokerAddress(config);
      config.KAFKA_BROKERS = Array.from({ length: config.KAFKA_NODES }, (_, index) => `${host}:${port + 2 * index}`);
    }
    if (source.TOPIC_REPLICATION_FACTOR === undefined)
      config.TOPIC_REPLICATION_FACTOR = Math.min(3, config.KAFKA_NODES);
  }
  return config;
}

/** Where the Java side lives: jars and plugins (from Maven), and our runtime state. */
export function infraPaths(config: InfraConfig) {
  const cache = path.join(infraDir, '.cache');
  const state = config.INFRA_STATE_DIR;
  return {
    pom: path.join(infraDir, 'pom.xml'),
    cache,
    lib: path.join(cache, 'lib'),
    plugins: path.join(cache, 'plugins'),
    stamp: path.join(cache, 'pom.sha256'),
    connectors: path.join(infraDir, 'connectors'),
    templates: path.join(infraDir, 'templates'),
    state,
    broker: path.join(state, 'broker'),
    connect: path.join(state, 'connect'),
    zipkinJar: path.join(cache, 'zipkin', 'zipkin-server-exec.jar'),
    zipkin: path.join(state, 'zipkin'),
    exporter: path.join(state, 'exporter'),
  };
}

export type InfraPaths = ReturnType<typeof infraPaths>;

/** `host:port` of the first bootstrap server: where infra:up starts a broker when none answers. */
export function brokerAddress(config: InfraConfig): { host: string; port: number } {
  const [first = '127.0.0.1:9092'] = config.KAFKA_BROKERS;
  const separator = first.lastIndexOf(':');
  return { host: first.slice(0, separator), port: Number(first.slice(separator + 1)) };
}

export function connectAddress(config: InfraConfig): { host: string; port: number } {
  return urlAddress(config.CONNECT_URL);
}

export function zipkinAddress(config: InfraConfig): { host: string; port: number } {
  return urlAddress(config.ZIPKIN_URL);
}

function urlAddress(address: string): { host: string; port: number } {
  const url = new URL(address);
  return { host: url.hostname, port: Number(url.port || 80) };
}
