import { ConfigError, env } from './config.js';

/**
 * Where the gateway reaches an instance. Like Kafka's `advertised.listeners`: the interface a
 * service binds to (`{PREFIX}_HOST`) is not always an address others can use. `0.0.0.0` or `::`
 * listen on every interface and route nowhere, so an instance bound to one must be told its address.
 * Each service has its own prefix (ORDER, CATALOG): one `.env` configures them all, so a key that
 * means "this service's host" must say which service.
 */
export function advertisedKeys<P extends string>(prefix: P) {
  const key: `${P}_ADVERTISED_HOST` = `${prefix}_ADVERTISED_HOST`;
  const description =
    `host or address the gateway reaches this instance at (registered as http://${key}:port);` +
    ` empty means ${prefix}_HOST. Required when ${prefix}_HOST is 0.0.0.0 or ::`;
  return { [key]: env.string('', description) } as Record<typeof key, ReturnType<typeof env.string>>;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

export function isWildcardHost(host: string): boolean {
  return WILDCARDS.has(host.trim());
}

/** The URL an instance registers; a wildcard host without an advertised one is a configuration error. */
export function advertisedUrl<P extends string>(
  prefix: P,
  config: Record<`${P}_HOST` | `${P}_ADVERTISED_HOST`, string>,
  port: number,
): string {
  const bound = config[`${prefix}_HOST`];
  const host = config[`${prefix}_ADVERTISED_HOST`] || bound;
  if (isWildcardHost(host)) {
    const key = `${prefix}_ADVERTISED_HOST`;
    throw new ConfigError([
      `${key}: required when ${prefix}_HOST=${bound} (listening on every interface);` +
        ` set it to an address the gateway can reach, e.g. ${key}=10.0.0.5`,
    ]);
  }
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}
