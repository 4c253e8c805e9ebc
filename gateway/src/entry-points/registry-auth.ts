import type { RequestHandler } from 'express';
import type { Logger } from '@order-platform/service-kit';
import { gatewayErrors } from '../errors.js';
import { judgeCredential } from '../domain/registry-credential.js';

/**
 * Registration, heartbeat and deregistration carry `Authorization: Bearer {REGISTRY_SECRET}`. A refused
 * one answers 401 (none) or 403 (wrong), is logged with the caller's address (never what it sent) and
 * changes nothing. With no secret configured (allowed on loopback only: config.ts) every caller passes.
 */
export function registryAuth(secret: string, logger: Logger): RequestHandler {
  const log = logger.child({ module: 'registry-auth' });
  return (req, res, next) => {
    const verdict = judgeCredential(secret, req.headers.authorization);
    if (verdict === 'open' || verdict === 'accepted') return next();
    log.warn(
      { caller: req.socket.remoteAddress, method: req.method, path: req.path, verdict },
      `registry request refused: ${verdict} credential`,
    );
    if (verdict === 'missing') {
      res.setHeader('www-authenticate', 'Bearer realm="registry"');
      return next(gatewayErrors.create('registry-credential-missing', 'Send Authorization: Bearer {REGISTRY_SECRET}.'));
    }
    next(gatewayErrors.create('registry-credential-wrong', 'The bearer token is not the registry secret.'));
  };
}
