import type { Logger } from './logger.js';

/**
 * Dynamic discovery, service side. An instance registers with the gateway's registry (an internal
 * port, never the public one) on start-up, repeats the same idempotent PUT as a heartbeat, and
 * deregisters on shutdown. The gateway drops an instance whose heartbeats stop (SIGKILL) after its
 * TTL. Protocol:
 *   PUT    {registryUrl}/registry/{service}/{instanceId}  body {"url": "http://127.0.0.1:8081"}
 *   DELETE {registryUrl}/registry/{service}/{instanceId}
 * Both carry `Authorization: Bearer {REGISTRY_SECRET}` when a secret is configured (never logged).
 */
export interface Registration {
  /** Deregisters (best effort, bounded) and stops the heartbeat. */
  stop(): Promise<void>;
}

export function startRegistration(options: {
  registryUrl: string;
  service: string;
  instanceId: string;
  url: string;
  heartbeatMs: number;
  /** The registry's shared secret; empty or absent: none sent. */
  secret?: string;
  logger: Logger;
}): Registration {
  const log = options.logger.child({ module: 'registry-client' });
  const path = [options.service, options.instanceId].map(encodeURIComponent).join('/');
  const endpoint = `${options.registryUrl}/registry/${path}`;
  const auth: Record<string, string> = options.secret ? { authorization: `Bearer ${options.secret}` } : {};
  let registered = false;
  /** The status of the last refusal, said once per status: a 401 that turns into a 409 is news. */
  let refusedWith: number | undefined;

  const heartbeat = async () => {
    try {
      const response = await fetch(endpoint, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ url: options.url }),
        signal: AbortSignal.timeout(options.heartbeatMs),
      });
      if (response.status === 401 || response.status === 403) {
        // A missing or wrong REGISTRY_SECRET: say it once (the status, never the secret), keep beating.
        if (refusedWith !== response.status)
          log.error({ status: response.status }, 'the gateway refused our registry credential');
        refusedWith = response.status;
        registered = false;
        return;
      }
      if (response.status === 409) {
        // Our id is live at another URL (a predecessor still beating, or a misconfigured twin):
        // keep beating, the id is ours once that one deregisters or expires.
        if (refusedWith !== response.status)
          log.warn(
            { instanceId: options.instanceId, problem: await response.json().catch(() => undefined) },
            'the gateway refused our instance id',
          );
        refusedWith = response.status;
        registered = false;
        return;
      }
      if (!response.ok) throw new Error(`registry answered ${response.status}`);
      if (!registered) log.info({ registryUrl: options.registryUrl, url: options.url }, 'registered with the gateway');
      registered = true;
      refusedWith = undefined;
    } catch (error) {
      // The gateway may start after us or restart: keep beating, it picks us up when it is back.
      if (registered) log.warn({ err: error }, 'heartbeat to the gateway registry failed');
      registered = false;
    }
  };

  void heartbeat();
  const timer = setInterval(() => void heartbeat(), options.heartbeatMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      try {
        await fetch(endpoint, { method: 'DELETE', headers: auth, signal: AbortSignal.timeout(1000) });
        log.info('deregistered from the gateway');
      } catch {
        // The gateway is gone too, or slow: its TTL removes us anyway.
      }
    },
  };
}
