import { z } from 'zod';
import { env, tracingKeys } from '@order-platform/service-kit/skeleton';

/**
 * The gateway's configuration: one key per environment variable, each with a default. Its own
 * keys say GATEWAY_ (one `.env` configures every process, and each service has a port of its own).
 */
export const gatewayConfigSchema = z.object({
  GATEWAY_PORT: env.port(8000, 'public port of the gateway (the only public entry of the platform)'),
  GATEWAY_HOST: env.string('127.0.0.1', 'interface the public port binds to'),
  REGISTRY_PORT: env.port(8001, 'internal port of the service registry (never served on the public port)'),
  REGISTRY_HOST: env.string('127.0.0.1', 'interface the registry port binds to (keep it internal)'),
  REGISTRY_TTL_MS: env.int(3000, 'an instance whose heartbeats stop is dropped after this many ms', 100),
  REGISTRY_ALLOWED_HOSTS: env.list(
    '127.0.0.1,localhost,::1',
    'hosts an instance may register a URL on, comma-separated',
  ),
  CONSOLE_URL: env.url(
    'http://127.0.0.1:8002',
    'the console (services/console) that the internal port forwards / and /console/** to; none: no console',
    { orNone: true },
  ),
  UPSTREAM_TIMEOUT_MS: env.int(30_000, 'an upstream idle this long answers 504', 1),
  MAX_BODY_BYTES: env.int(
    1_048_576,
    'largest request body the gateway keeps for a safe retry (larger bodies are streamed, never retried)',
    0,
  ),
  GATEWAY_SHUTDOWN_GRACE_MS: env.int(
    15_000,
    'how long shutdown waits for in-flight requests before closing their connections',
    0,
  ),
  GATEWAY_TRUST_TRACEPARENT: env.flag(
    true,
    "continue a client's valid W3C traceparent; false starts a new trace for every request",
  ),
  ...tracingKeys,
  LOG_LEVEL: env.logLevel(),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
