import { describe, expect, it } from 'vitest';
import { InstanceBook } from './instance-book.js';
import type { RegistryEntry } from './snapshot.js';

const entry = (instanceId: string, url: string, lastHeartbeatMsAgo = 100, status: 'up' | 'down' = 'up') =>
  ({ instanceId, url, status, lastHeartbeatMsAgo }) satisfies RegistryEntry;

const listing = (orders: RegistryEntry[], catalog: RegistryEntry[] = []) => ({
  ttlMs: 3000,
  services: { 'order-service': orders, 'catalog-service': catalog },
});

describe('the instances of each service and their state', () => {
  it('when heartbeats are fresh, late or missing, then the state says up, stale or down, with a reason', () => {
    const book = new InstanceBook(2000);
    const views = book.update(
      listing(
        [
          entry('order-1', 'http://a', 200),
          entry('order-2', 'http://b', 2500),
          entry('order-3', 'http://c', 3100, 'down'),
        ],
        [entry('catalog-service-8090', 'http://d')],
      ),
      10_000,
      new Set(),
    );
    expect(views.map((view) => [view.instanceId, view.state])).toEqual([
      ['catalog-service-8090', 'up'],
      ['order-1', 'up'],
      ['order-2', 'stale'],
      ['order-3', 'down'],
    ]);
    expect(views[1]!.lastHeartbeatAt).toBe(9800);
    expect(views[2]!.reason).toBe('heartbeat late');
  });

  it('when an instance does not answer its /metrics, then it is down however fresh its heartbeat', () => {
    const views = new InstanceBook(2000).update(listing([entry('order-1', 'http://a')]), 0, new Set(['http://a']));
    expect(views[0]).toMatchObject({ state: 'down', reason: 'not answering' });
  });

  it('when the registry drops an instance, then it stays down on the page until its URL registers again', () => {
    const book = new InstanceBook(2000);
    book.update(listing([entry('order-1', 'http://a'), entry('order-2', 'http://b')]), 0, new Set());
    const dropped = book.update(listing([entry('order-1', 'http://a')]), 5000, new Set());
    expect(dropped.find((view) => view.instanceId === 'order-2')).toMatchObject({
      state: 'down',
      lastHeartbeatAt: -100,
    });
    const replaced = book.update(
      listing([entry('order-1', 'http://a'), entry('order-9', 'http://b')]),
      6000,
      new Set(),
    );
    expect(replaced.map((view) => view.instanceId)).toEqual(['order-1', 'order-9']);
  });
});
