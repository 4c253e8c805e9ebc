import { describe, expect, it } from 'vitest';
import { createLogger } from '@order-platform/service-kit';
import { VisibilityWatcher } from './visibility-watcher.js';

const logger = createLogger('test', 'silent');

/** A stand-in for the orders table: ids become "visible" when the test says so; queries are recorded. */
function fakeTable() {
  const visible = new Set<string>();
  const queries: string[][] = [];
  let failing = false;
  return {
    visible,
    queries,
    fail: (value: boolean) => (failing = value),
    findExisting: async (ids: string[]) => {
      queries.push(ids);
      if (failing) throw new Error('database down');
      return ids.filter((id) => visible.has(id));
    },
  };
}

describe('VisibilityWatcher', () => {
  it('when many requests wait at once, then each poll is one query covering all of their ids', async () => {
    const table = fakeTable();
    const watcher = new VisibilityWatcher(table.findExisting, { pollMs: 10, logger });
    const waits = ['a', 'b', 'c', 'd'].map((id) => watcher.waitUntilVisible(id, 5000));
    await new Promise((resolve) => setTimeout(resolve, 35));
    ['a', 'b', 'c', 'd'].forEach((id) => table.visible.add(id));
    expect(await Promise.all(waits)).toEqual([true, true, true, true]);
    expect(table.queries.length).toBeGreaterThan(0);
    expect(table.queries.every((ids) => ids.length === 4)).toBe(true);
    expect(watcher.pending()).toBe(0);
  });

  it('when nobody waits, then no query is run', async () => {
    const table = fakeTable();
    const watcher = new VisibilityWatcher(table.findExisting, { pollMs: 5, logger });
    table.visible.add('x');
    expect(await watcher.waitUntilVisible('x', 1000)).toBe(true);
    const after = table.queries.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(table.queries.length).toBe(after);
  });

  it('when the order does not show up in time, then the wait answers false at its deadline', async () => {
    const table = fakeTable();
    const watcher = new VisibilityWatcher(table.findExisting, { pollMs: 5, logger });
    expect(await watcher.waitUntilVisible('never', 30)).toBe(false);
    expect(watcher.pending()).toBe(0);
  });

  it('when the database fails, then the waiters still get their false answer at the deadline', async () => {
    const table = fakeTable();
    table.fail(true);
    const watcher = new VisibilityWatcher(table.findExisting, { pollMs: 5, logger });
    expect(await watcher.waitUntilVisible('a', 40)).toBe(false);
    expect(table.queries.length).toBeGreaterThan(0);
  });

  it('when more ids wait than a chunk holds, then the poll splits them into chunks', async () => {
    const table = fakeTable();
    const watcher = new VisibilityWatcher(table.findExisting, { pollMs: 5, chunkSize: 2, logger });
    ['a', 'b', 'c'].forEach((id) => table.visible.add(id));
    expect(await Promise.all(['a', 'b', 'c'].map((id) => watcher.waitUntilVisible(id, 1000)))).toEqual([
      true,
      true,
      true,
    ]);
    expect(table.queries.slice(0, 2)).toEqual([['a', 'b'], ['c']]);
  });

  it('when finishing for shutdown, then every waiter is answered after the next poll, visible or not', async () => {
    const table = fakeTable();
    const watcher = new VisibilityWatcher(table.findExisting, { pollMs: 1000, logger });
    table.visible.add('seen');
    const seen = watcher.waitUntilVisible('seen', 60_000);
    const unseen = watcher.waitUntilVisible('unseen', 60_000);
    watcher.finish();
    expect(await Promise.all([seen, unseen])).toEqual([true, false]);
    expect(await watcher.waitUntilVisible('late', 60_000)).toBe(false);
  });
});
