import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, startRegistration } from '@order-platform/service-kit';
import { waitUntil } from '@order-platform/test-kit';
import { send, startGateway, startUpstream, type TestGateway, type Upstream } from './helpers.js';

const SECRET = 'registry-auth-test-secret-4f1c';

const listing = async (gateway: TestGateway) => {
  const response = await fetch(`${gateway.registryUrl}/registry`);
  return { text: await response.text(), ok: response.ok };
};

const call = (gateway: TestGateway, method: string, path: string, authorization?: string) =>
  fetch(`${gateway.registryUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: method === 'PUT' ? JSON.stringify({ url: 'http://127.0.0.1:1' }) : undefined,
  });

describe('registry authentication (REGISTRY_SECRET)', () => {
  let gateway: TestGateway;
  let owner: Upstream;

  beforeAll(async () => {
    gateway = await startGateway({ env: { REGISTRY_SECRET: SECRET } });
    owner = await startUpstream('owner');
  });
  afterAll(async () => {
    await Promise.all([gateway.close(), owner.close()]);
  });

  it.each([
    ['no credential', undefined, 401, 'registry-credential-missing'],
    [
      'a Basic credential',
      `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}`,
      401,
      'registry-credential-missing',
    ],
    ['a wrong bearer token', 'Bearer not-the-secret', 403, 'registry-credential-wrong'],
    ['the secret with a suffix', `Bearer ${SECRET}x`, 403, 'registry-credential-wrong'],
  ])(
    'when a registration carries %s, then it is refused with problem+json and routing is unchanged',
    async (_what, authorization, status, code) => {
      expect((await gateway.register('order-service', 'auth-owner', owner.url)).status).toBeLessThan(300);
      for (const method of ['PUT', 'DELETE']) {
        const response = await call(gateway, method, '/registry/order-service/auth-owner', authorization);
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        const body = await response.text();
        expect(JSON.parse(body)).toMatchObject({ status, code });
        expect(body).not.toContain(SECRET);
        if (status === 401) expect(response.headers.get('www-authenticate')).toBe('Bearer realm="registry"');
      }
      // Neither the PUT (which pointed the id at port 1) nor the DELETE changed anything.
      expect(gateway.registry.list()['order-service']).toEqual([
        expect.objectContaining({ instanceId: 'auth-owner', url: owner.url, status: 'up' }),
      ]);
      expect((await send(gateway.port, '/order-service/x')).json()).toMatchObject({ name: 'owner' });
    },
  );

  it('when a registration carries the secret, then it is accepted, and GET /registry never shows it', async () => {
    const accepted = await call(gateway, 'PUT', '/registry/order-service/auth-right', `Bearer ${SECRET}`);
    expect(accepted.status).toBe(201);
    expect(await accepted.text()).not.toContain(SECRET);
    const listed = await listing(gateway);
    expect(listed.ok).toBe(true);
    expect(listed.text).toContain('auth-right');
    expect(listed.text).not.toContain(SECRET);
    expect((await call(gateway, 'DELETE', '/registry/order-service/auth-right', `Bearer ${SECRET}`)).status).toBe(204);
  });

  it("when an instance's registry client has the secret, then it registers and deregisters", async () => {
    const instance = await startUpstream('client');
    try {
      const registration = startRegistration({
        registryUrl: gateway.registryUrl,
        service: 'catalog-service',
        instanceId: 'auth-client',
        url: instance.url,
        heartbeatMs: 200,
        secret: SECRET,
        logger: createLogger('registry-auth-test', 'silent'),
      });
      await waitUntil('the instance to be registered', () => gateway.registry.list()['catalog-service'].length === 1, {
        timeoutMs: 5000,
      });
      await registration.stop();
      expect(gateway.registry.list()['catalog-service']).toEqual([]);
    } finally {
      await instance.close();
    }
  });
});
