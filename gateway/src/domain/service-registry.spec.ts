import { describe, expect, it } from 'vitest';
import { ServiceRegistry, targetOf } from './service-registry.js';

function fixture(ttlMs = 3000) {
  let now = 1_000_000;
  const registry = new ServiceRegistry({ ttlMs, now: () => now });
  return { registry, advance: (ms: number) => void (now += ms) };
}

const picks = (registry: ServiceRegistry, count: number) =>
  Array.from({ length: count }, () => registry.next('order-service')?.instanceId);

describe('ServiceRegistry', () => {
  it('when two instances are registered, then next() alternates between them', () => {
    const { registry } = fixture();
    registry.register('order-service', 'a', 'http://127.0.0.1:8081');
    registry.register('order-service', 'b', 'http://127.0.0.1:8082');
    expect(picks(registry, 4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('when a service has no instance, then next() gives nothing and the other service is unaffected', () => {
    const { registry } = fixture();
    registry.register('catalog-service', 'c', 'http://127.0.0.1:8090');
    expect(registry.next('order-service')).toBeUndefined();
    expect(registry.next('catalog-service')?.instanceId).toBe('c');
  });

  it('when heartbeats stop, then the instance gets no traffic once the TTL has passed, and sweep() drops it', () => {
    const { registry, advance } = fixture(3000);
    registry.register('order-service', 'a', 'http://127.0.0.1:8081');
    registry.register('order-service', 'b', 'http://127.0.0.1:8082');
    advance(2000);
    registry.register('order-service', 'b', 'http://127.0.0.1:8082');
    advance(999);
    expect(new Set(picks(registry, 2))).toEqual(new Set(['a', 'b']));
    advance(1);
    expect(picks(registry, 3)).toEqual(['b', 'b', 'b']);
    expect(registry.sweep().map((instance) => instance.instanceId)).toEqual(['a']);
    expect(registry.list()['order-service'].map((instance) => instance.instanceId)).toEqual(['b']);
  });

  it('when an instance is marked down, then it is skipped until its next heartbeat revives it', () => {
    const { registry } = fixture();
    registry.register('order-service', 'a', 'http://127.0.0.1:8081');
    registry.register('order-service', 'b', 'http://127.0.0.1:8082');
    const a = registry.list()['order-service'][0]!;
    expect(a.instanceId).toBe('a');
    expect(registry.markDown(registry.next('order-service')!)).toBe(true);
    expect(picks(registry, 3)).toEqual(['b', 'b', 'b']);
    expect(registry.list()['order-service'][0]!.status).toBe('down');
    expect(registry.register('order-service', 'a', 'http://127.0.0.1:8081')).toBe('revived');
    expect(new Set(picks(registry, 2))).toEqual(new Set(['a', 'b']));
  });

  it('when a request already tried an instance, then next() skips it and gives nothing once all were tried', () => {
    const { registry } = fixture();
    registry.register('order-service', 'a', 'http://127.0.0.1:8081');
    registry.register('order-service', 'b', 'http://127.0.0.1:8082');
    const first = registry.next('order-service')!;
    const second = registry.next('order-service', [first])!;
    expect(second.instanceId).not.toBe(first.instanceId);
    expect(registry.next('order-service', [first, second])).toBeUndefined();
  });

  it('when an instance deregisters, then it gets no traffic and deregistering again is harmless', () => {
    const { registry } = fixture();
    registry.register('order-service', 'a', 'http://127.0.0.1:8081');
    registry.register('order-service', 'b', 'http://127.0.0.1:8082');
    expect(registry.deregister('order-service', 'a')?.url).toBe('http://127.0.0.1:8081');
    expect(registry.deregister('order-service', 'a')).toBeUndefined();
    expect(picks(registry, 2)).toEqual(['b', 'b']);
  });

  it('when the same id registers again, then it is a refresh; a new id on the same URL replaces the old', () => {
    const { registry } = fixture();
    expect(registry.register('order-service', 'a', 'http://127.0.0.1:8081')).toBe('registered');
    expect(registry.register('order-service', 'a', 'http://127.0.0.1:8081')).toBe('refreshed');
    expect(registry.register('order-service', 'a2', 'http://127.0.0.1:8081')).toBe('registered');
    expect(registry.list()['order-service'].map((instance) => instance.instanceId)).toEqual(['a2']);
  });

  it(
    'when a live instance holds an id,' +
      ' then the id is refused at another URL, even while the holder is marked down',
    () => {
      const { registry, advance } = fixture(3000);
      registry.register('order-service', 'a', 'http://127.0.0.1:8081');
      registry.markDown(registry.next('order-service')!);
      advance(2999);
      expect(registry.register('order-service', 'a', 'http://127.0.0.1:8085')).toEqual({
        conflict: true,
        liveUrl: 'http://127.0.0.1:8081',
      });
      expect(registry.list()['order-service'].map((instance) => instance.url)).toEqual(['http://127.0.0.1:8081']);
    },
  );

  it('when the holder of an id expired or deregistered, then the id registers at a new URL', () => {
    const { registry, advance } = fixture(3000);
    registry.register('order-service', 'a', 'http://127.0.0.1:8081');
    advance(3000);
    expect(registry.register('order-service', 'a', 'http://127.0.0.1:8085')).toBe('moved');
    expect(registry.next('order-service')?.target.port).toBe('8085');
    registry.deregister('order-service', 'a');
    expect(registry.register('order-service', 'a', 'http://127.0.0.1:8086')).toBe('registered');
    expect(registry.list()['order-service'].map((instance) => instance.url)).toEqual(['http://127.0.0.1:8086']);
  });

  it('when an origin is parsed, then IPv6 brackets are removed from the hostname and the port is explicit', () => {
    expect(targetOf('http://[::1]:8081')).toMatchObject({ hostname: '::1', port: '8081', protocol: 'http:' });
    expect(targetOf('http://localhost')).toMatchObject({ hostname: 'localhost', port: '80', host: 'localhost:80' });
  });
});
