import { Router, json } from 'express';
import type { Logger } from '@order-platform/service-kit';
import { gatewayErrors } from '../errors.js';
import type { ServiceRegistry } from '../domain/service-registry.js';
import { isServiceName, type ServiceName } from '../domain/services.js';
import { INSTANCE_ID, registrationSchema } from './registration-schema.js';
import { registryAuth } from './registry-auth.js';

/**
 * The discovery protocol (client: services/lib/service-kit/src/registry-client.ts):
 *   PUT    /registry/{service}/{instanceId}  {"url": ...}  register or heartbeat (201 new, 200 known,
 *                                                          409 when a live instance holds the id at another URL)
 *   DELETE /registry/{service}/{instanceId}                deregister (204, also when unknown)
 *   GET    /registry                                       every instance and its state
 * PUT and DELETE carry `Authorization: Bearer {REGISTRY_SECRET}` when one is configured (401/403 otherwise).
 */
export function registryRoutes(
  registry: ServiceRegistry,
  options: { allowedHosts: readonly string[]; secret: string },
  logger: Logger,
): Router {
  const log = logger.child({ module: 'registry' });
  const authorized = registryAuth(options.secret, logger);
  const schema = registrationSchema(options.allowedHosts);
  const router = Router();

  router.get('/registry', (_req, res) => {
    res.json({ ttlMs: registry.ttlMs, services: registry.list() });
  });

  router.put('/registry/:service/:instanceId', authorized, json({ limit: '4kb' }), (req, res) => {
    const { service, instanceId } = target(req.params);
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw gatewayErrors.create(
        'invalid-registration',
        'The registration body must be {"url": "http://<allowed host>:<port>"}.',
        parsed.error.issues.map((issue) => ({ name: issue.path.join('.') || 'body', reason: issue.message })),
      );
    }
    const outcome = registry.register(service, instanceId, parsed.data.url);
    if (typeof outcome === 'object') {
      log.warn(
        { service, instanceId, url: parsed.data.url, liveUrl: outcome.liveUrl },
        'registration refused: the instance id is live at another URL',
      );
      throw gatewayErrors.create(
        'instance-id-taken',
        `Instance id ${instanceId} is live at ${outcome.liveUrl}; it can register at another URL` +
          ` once that one deregisters or misses heartbeats for ${registry.ttlMs} ms.`,
        [{ name: 'instanceId', reason: `held by the live instance at ${outcome.liveUrl}` }],
      );
    }
    // Heartbeats arrive every second: only changes are worth a line at info.
    const level = outcome === 'refreshed' ? 'debug' : 'info';
    log[level]({ service, instanceId, url: parsed.data.url, outcome }, `instance ${outcome}`);
    res
      .status(outcome === 'registered' ? 201 : 200)
      .json({ service, instanceId, url: parsed.data.url, ttlMs: registry.ttlMs });
  });

  router.delete('/registry/:service/:instanceId', authorized, (req, res) => {
    const { service, instanceId } = target(req.params);
    const removed = registry.deregister(service, instanceId);
    if (removed) log.info({ service, instanceId, url: removed.url }, 'instance deregistered');
    res.status(204).end();
  });

  return router;
}

function target(params: Record<string, unknown>): { service: ServiceName; instanceId: string } {
  const service = typeof params.service === 'string' ? params.service : '';
  const instanceId = typeof params.instanceId === 'string' ? params.instanceId : '';
  if (!isServiceName(service))
    throw gatewayErrors.create('unknown-service', `No service named ${JSON.stringify(service)}.`, [
      { name: 'service', reason: 'unknown service' },
    ]);
  if (!INSTANCE_ID.test(instanceId)) {
    throw gatewayErrors.create('invalid-registration', 'The instance id must match [A-Za-z0-9._:@-]{1,128}.', [
      { name: 'instanceId', reason: 'invalid' },
    ]);
  }
  return { service, instanceId };
}
