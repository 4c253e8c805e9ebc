import { Router } from 'express';
import { runtimeInfo, type FieldProblem } from '@order-platform/service-kit';
import { orderErrors } from '../errors.js';

/**
 * `health_check`: the seed's liveness text, with the port this instance really listens on.
 * `ready`: whether it can take orders now (Kafka and the database answer, not shutting down);
 * the gateway and scripts use it, the seed had no such thing.
 * `info`: which process answers and the Node it runs on (the tests check it is the pinned one).
 */
export function healthRoutes(deps: {
  port: number;
  readiness: { problems(): Promise<FieldProblem[]> };
  closing: () => boolean;
}): Router {
  const router = Router();

  router.get('/health_check', (_req, res) => {
    res.type('text/plain').send(`It's Working in Order Service on PORT ${deps.port}`);
  });

  router.get('/info', (_req, res) => {
    res.json(runtimeInfo('order-service'));
  });

  router.get('/ready', async (_req, res) => {
    const problems = deps.closing() ? [{ name: 'instance', reason: 'shutting down' }] : await deps.readiness.problems();
    if (problems.length > 0) {
      throw orderErrors.create(
        'not-ready',
        `Not ready: ${problems.map((problem) => `${problem.name} (${problem.reason})`).join(', ')}.`,
        problems,
      );
    }
    res.json({ status: 'ready', kafka: 'up', database: 'up' });
  });

  return router;
}
