import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServiceMetrics } from '@order-platform/service-kit';
import { createApp } from '../src/app.js';
import { createCatalogRepository } from '../src/data-access/catalog-repository.js';
import { ConsumerStatusTracker } from '../src/entry-points/consumer-status.js';
import { createReadinessCheck } from '../src/readiness.js';
import { silentLogger, useCatalogFixture } from './support/catalog-test-fixture.js';

const SEED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
/** The app on the test run's catalog database and topic, with no consumer: routes and readiness only. */
const fx = useCatalogFixture('catalog-http', { topic: 'run' });
let app: ReturnType<typeof createApp>;
const products: string[] = [];

beforeAll(async () => {
  const catalog = createCatalogRepository(fx.db);
  // A consumer that never joined its group: what /ready reports while the service starts.
  const tracker = new ConsumerStatusTracker(fx.groupId, fx.topic);
  const consumerStatus = () => tracker.snapshot();
  const readiness = createReadinessCheck({ catalog, consumerStatus, admin: fx.admin, logger: silentLogger });
  app = createApp({ catalog, readiness, port: () => 8090, logger: silentLogger, metrics: createServiceMetrics() });
  products.push(...(await fx.products([42], { unitPrice: 777 })));
});
describe('catalog-service HTTP API', () => {
  it('when the catalog is listed, then it has the seed products in the seed shape', async () => {
    const response = await request(app)
      .get('/catalog-service/catalogs')
      .expect(200)
      .expect('content-type', /application\/json/);
    const seed = (response.body as Array<Record<string, unknown>>).filter((entry) =>
      String(entry.productId).startsWith('CATALOG-000'),
    );
    expect(seed.map(({ productId, productName, unitPrice }) => ({ productId, productName, unitPrice }))).toEqual([
      { productId: 'CATALOG-0001', productName: 'Berlin', unitPrice: 1500 },
      { productId: 'CATALOG-0002', productName: 'Tokyo', unitPrice: 900 },
      { productId: 'CATALOG-0003', productName: 'Stockholm', unitPrice: 1200 },
    ]);
    for (const entry of seed) {
      expect(Object.keys(entry)).toEqual(['productId', 'productName', 'unitPrice', 'stock', 'createdAt']);
      expect(entry.stock).toEqual(expect.any(Number));
      expect(entry.createdAt).toMatch(SEED_TIMESTAMP);
    }
  });

  it('when one product is asked for, then it answers that product with its current stock', async () => {
    const response = await request(app).get(`/catalog-service/catalogs/${products[0]}`).expect(200);
    expect(response.body).toMatchObject({ productId: products[0], unitPrice: 777, stock: 42 });
    expect(response.body.createdAt).toMatch(SEED_TIMESTAMP);
  });

  it('when an unknown product is asked for, then it answers a 404 problem naming the product id', async () => {
    const response = await request(app)
      .get('/catalog-service/catalogs/NO-SUCH-PRODUCT')
      .set('x-request-id', 'req-404')
      .expect(404)
      .expect('content-type', /application\/problem\+json/);
    expect(JSON.parse(response.text)).toMatchObject({
      status: 404,
      code: 'product-not-found',
      requestId: 'req-404',
      errors: [{ name: 'productId' }],
    });
  });

  it('when the health check is called, then it answers the seed sentence with its port', async () => {
    const response = await request(app)
      .get('/catalog-service/health_check')
      .expect(200)
      .expect('content-type', /text\/plain/);
    expect(response.text).toBe("It's Working in Catalog Service on PORT 8090");
  });

  it('when the consumer has not joined its group yet, then it is not ready but says why', async () => {
    const response = await request(app).get('/catalog-service/ready').expect(503);
    expect(response.body).toMatchObject({
      status: 'not-ready',
      ready: false,
      database: 'up',
      consumer: { state: 'starting', assignedPartitions: [] },
    });
    expect(response.body.lag).toHaveLength(3);
  });

  it('when a route does not exist, then it answers a 404 problem', async () => {
    const response = await request(app).get('/catalog-service/nothing-here').expect(404);
    expect(JSON.parse(response.text)).toMatchObject({ status: 404, code: 'not-found' });
  });
});
