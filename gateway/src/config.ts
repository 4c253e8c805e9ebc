import { z } from 'zod';
import { ConfigError, env, registryAuthKeys, tracingKeys } from '@order-platform/service-kit/skeleton';
import { isLoopbackHost } from './domain/registry-credential.js';

/**
 * The gateway's configuration: one key per environment variable, each with a default. Its own
 * keys say GATEWAY_ (one `.env` configures every process, and each service has a port of its own).
 */
export const gatewayConfigSchema = z.object({
  GATEWAY_PORT: env.port(8000, 'public port of the gateway (the only public entry of the platform)'),
  GATEWAY_HOST: env.string('127.0.0.1', 'interface the public port binds to'),
  REGISTRY_PORT: env.port(8001, 'internal port of the service registry (never served on the public port)'),
  REGISTRY_HOST: env.string('127.0.0.1', 'interface the registry port binds to (keep it internal)'),
  ...registryAuthKeys,
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
  ...guardKeys(),
  ...tracingKeys,
  LOG_LEVEL: env.logLevel(),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** The public port's guards against floods, slow and greedy clients (docs/design.md §3.1, README). */
function guardKeys() {
  return {
    GATEWAY_RATE_LIMIT_PER_SECOND: env.int(0, 'sustained requests per second per client; 0: no rate limit', 0),
    GATEWAY_RATE_LIMIT_BURST: env.int(100, 'requests a client may send at once before the sustained rate applies', 1),
    GATEWAY_RATE_LIMIT_KEY: z
      .enum(['address', 'user'])
      .default('address')
      .describe(
        'what a rate-limit bucket belongs to: address (the client address) or user (the path segment after' +
          " the service, the course's {userId}, when the path goes deeper; else the address)",
      ),
    GATEWAY_RATE_LIMIT_MAX_CLIENTS: env.int(
      100_000,
      'most rate-limit buckets kept at once (idle ones are forgotten first)',
      1,
    ),
    GATEWAY_HEADERS_TIMEOUT_MS: env.int(
      10_000,
      'a request whose line and headers take longer than this is answered 408 and closed (slowloris)',
      1,
    ),
    GATEWAY_REQUEST_TIMEOUT_MS: env.int(
      60_000,
      'a request whose body takes longer than this to arrive is answered 408 and closed',
      1,
    ),
    GATEWAY_MAX_CONNECTIONS_PER_CLIENT: env.int(
      1024,
      'open connections one client address may hold; one more is answered 429 and closed; 0: no cap',
      0,
    ),
    GATEWAY_MAX_IN_FLIGHT_PER_INSTANCE: env.int(
      512,
      'requests the gateway keeps in flight to one instance; beyond, 503 with Retry-After (never queued); 0: no cap',
      0,
    ),
  };
}

/** Rules that span keys, checked before the gateway starts (a ConfigError: one line per key, exit 2). */
export function checkGatewayConfig(config: GatewayConfig): void {
  const issues: string[] = [];
  if (config.REGISTRY_SECRET === '' && !isLoopbackHost(config.REGISTRY_HOST))
    issues.push(
      `REGISTRY_SECRET: required when REGISTRY_HOST=${config.REGISTRY_HOST} (not loopback): without it anyone` +
        ' who reaches the registry can register an instance and receive traffic; give every instance the same',
    );
  if (config.GATEWAY_HEADERS_TIMEOUT_MS > config.GATEWAY_REQUEST_TIMEOUT_MS)
    issues.push('GATEWAY_HEADERS_TIMEOUT_MS: must not exceed GATEWAY_REQUEST_TIMEOUT_MS');
  if (issues.length > 0) throw new ConfigError(issues);
}
