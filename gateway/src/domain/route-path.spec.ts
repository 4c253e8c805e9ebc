import { describe, expect, it } from 'vitest';
import { routePath } from './route-path.js';

describe('routePath', () => {
  it.each([
    ['/order-service/health_check', 'order-service'],
    ['/order-service/user-1/orders', 'order-service'],
    ['/order-service/user-1/orders?x=../..&y=%2f', 'order-service'],
    ['/catalog-service/catalogs', 'catalog-service'],
    ['/catalog-service/catalogs/', 'catalog-service'],
    ['/order-service', 'order-service'],
    ['/order-service/a%20b/file.json', 'order-service'],
    ['/order-service/..foo/.bar/...', 'order-service'],
  ])('when the path is %s, then it routes to %s', (url, service) => {
    expect(routePath(url)).toEqual({ kind: 'route', service });
  });

  it.each([
    '/',
    '/registry',
    '/registry/order-service/x',
    '/Order-Service/health_check',
    '/order-servicex/a',
    '/order%2dservice/a',
    '/favicon.ico',
  ])('when no service owns %s, then it is not found', (url) => {
    expect(routePath(url)).toEqual({ kind: 'not-found' });
  });

  it.each([
    '/order-service/../catalog-service/catalogs',
    '/order-service/%2e%2e/catalog-service/catalogs',
    '/order-service/%2E%2e/catalog-service',
    '/order-service/.%2e/catalog-service',
    '/order-service/./health_check',
    '/./order-service/health_check',
    '/order-service/..;/catalog-service',
    '/order-service%2f..%2fcatalog-service/catalogs',
    '/order-service/..%2fcatalog-service',
    '/order-service/%2fcatalog-service',
    '/order-service/%5c..%5ccatalog-service',
    '/order-service/%252e%252e/catalog-service',
    '//catalog-service/catalogs',
    '/order-service//catalog-service',
    '/order-service\\..\\catalog-service',
    '/order-service/\\catalog-service',
    '/order-service/%00',
    '/order-service/%zz',
    '/order-service/%',
    '/order-service/%ff',
    'http://evil.example/order-service/x',
    '*',
    '/order-service/a b',
    '/order-service/a#b',
  ])('when the path is the trick %s, then it is rejected', (url) => {
    expect(routePath(url).kind).toBe('bad-path');
  });
});
