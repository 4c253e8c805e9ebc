import { describe, expect, it } from 'vitest';
import { OrderRateWindow, parseOrderCounts } from './order-rates.js';

const counts = (created: number, accepted = 0, unavailable = 0) => ({ created, accepted, unavailable });

describe('orders per second from the instances counters', () => {
  it("when an instance's /metrics is read, then order_service_orders_total is summed per result", () => {
    const text = [
      '# HELP order_service_orders_total Orders answered.',
      '# TYPE order_service_orders_total counter',
      'order_service_orders_total{result="created"} 7',
      'order_service_orders_total{result="accepted"} 2',
      'order_service_orders_total{result="unavailable"} 1',
      'order_service_orders_in_doubt 0',
    ].join('\n');
    expect(parseOrderCounts(text)).toEqual(counts(7, 2, 1));
    expect(parseOrderCounts('process_cpu_seconds_total 1\n')).toBeUndefined();
  });

  it('when counters grow over 2 instances, then the rate is their growth over the window', () => {
    const window = new OrderRateWindow(5000);
    window.add(
      0,
      new Map([
        ['a', counts(10)],
        ['b', counts(5)],
      ]),
    );
    window.add(
      1000,
      new Map([
        ['a', counts(12, 1)],
        ['b', counts(6)],
      ]),
    );
    const rates = window.add(
      2000,
      new Map([
        ['a', counts(14, 1)],
        ['b', counts(6, 0, 2)],
      ]),
    );
    expect(rates.windowSeconds).toBe(2);
    expect(rates.window).toEqual(counts(5, 1, 2));
    expect(rates.perSecond).toBe(4);
    expect(rates.totals).toEqual(counts(20, 1, 2));
    expect(rates.scraped).toBe(2);
  });

  it('when readings fall out of the window, then they no longer count', () => {
    const window = new OrderRateWindow(2000);
    window.add(0, new Map([['a', counts(0)]]));
    window.add(1000, new Map([['a', counts(10)]]));
    const rates = window.add(3500, new Map([['a', counts(11)]]));
    expect(rates.window).toEqual(counts(1));
    expect(rates.perSecond).toBe(0.5);
  });

  it('when an instance restarts (its counter goes down), then its new count is what it answered since', () => {
    const window = new OrderRateWindow(5000);
    window.add(0, new Map([['a', counts(100)]]));
    expect(window.add(1000, new Map([['a', counts(3)]])).window).toEqual(counts(3));
  });

  it('when an instance is seen for the first time, then its history is in the totals, not in the rate', () => {
    const window = new OrderRateWindow(5000);
    window.add(0, new Map());
    const rates = window.add(1000, new Map([['new', counts(50)]]));
    expect(rates.window).toEqual(counts(0));
    expect(rates.totals).toEqual(counts(50));
  });
});
