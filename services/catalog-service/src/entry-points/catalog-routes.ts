import { Router } from 'express';
import { runtimeInfo } from '@order-platform/service-kit';
import type { CatalogRepository } from '../data-access/catalog-repository.js';
import { productView } from '../domain/product.js';
import { catalogErrors } from '../errors.js';
import type { ReadinessReport } from '../readiness.js';

export function catalogRoutes(deps: {
  catalog: CatalogRepository;
  readiness: () => Promise<ReadinessReport>;
  port: () => number;
}): Router {
  const router = Router();

  // The seed's instances answer this exact sentence; scripts and the gateway's checks look for it.
  router.get('/catalog-service/health_check', (_req, res) => {
    res.type('text/plain').send(`It's Working in Catalog Service on PORT ${deps.port()}`);
  });

  // Which process answers and the Node it runs on (the tests check it is the pinned one).
  router.get('/catalog-service/info', (_req, res) => {
    res.json(runtimeInfo('catalog-service'));
  });

  router.get('/catalog-service/ready', async (_req, res) => {
    const report = await deps.readiness();
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not-ready', ...report });
  });

  router.get('/catalog-service/catalogs', async (_req, res) => {
    res.json((await deps.catalog.list()).map(productView));
  });

  router.get('/catalog-service/catalogs/:productId', async (req, res) => {
    const product = await deps.catalog.find(req.params.productId);
    if (!product)
      throw catalogErrors.create('product-not-found', `No product ${req.params.productId} in the catalog.`, [
        { name: 'productId', reason: 'unknown product' },
      ]);
    res.json(productView(product));
  });

  return router;
}
