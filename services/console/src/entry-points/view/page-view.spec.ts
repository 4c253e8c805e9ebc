import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../domain/snapshot.js';
import { html } from './html.js';
import { renderPage, renderSections } from './page-view.js';

const snapshot: Snapshot = {
  at: Date.UTC(2026, 11, 1, 18, 30, 0),
  tracing: true,
  instances: {
    ok: true,
    value: [
      {
        service: 'order-service',
        instanceId: 'order-1',
        url: 'http://127.0.0.1:8081',
        state: 'up',
        lastHeartbeatAt: Date.UTC(2026, 11, 1, 18, 29, 59, 600),
      },
      {
        service: 'order-service',
        instanceId: 'order-2',
        url: 'http://127.0.0.1:8082',
        state: 'down',
        reason: 'not answering',
        lastHeartbeatAt: 0,
      },
    ],
  },
  kafka: { ok: false, error: 'no answer within 800 ms' },
  connectors: {
    ok: true,
    value: [
      {
        name: 'sink',
        type: 'sink',
        state: 'FAILED',
        workerId: 'w:8083',
        trace: 'java.lang.Oops <b>',
        tasks: [{ id: 0, state: 'PAUSED', workerId: 'w:8083' }],
      },
    ],
  },
  stock: { ok: true, value: [{ productId: 'CATALOG-0001', productName: 'Berlin', stock: 98 }] },
  orders: {
    ok: true,
    value: [
      {
        orderId: 'o-1',
        userId: '<script>alert(1)</script>',
        productId: 'CATALOG-0001',
        qty: 2,
        unitPrice: 1500,
        totalPrice: 3000,
        createdAt: '2026-12-01 18:29:58.000',
        trace: { kind: 'trace', url: 'http://127.0.0.1:9411/zipkin/traces/abc' },
      },
    ],
  },
  rates: {
    ok: true,
    value: {
      windowSeconds: 5,
      perSecond: 1.4,
      window: { created: 6, accepted: 1, unavailable: 0 },
      totals: { created: 60, accepted: 3, unavailable: 1 },
      scraped: 2,
    },
  },
};

describe('the console page', () => {
  it('when a value comes from outside, then it is escaped; Html is kept as it is', () => {
    const ok = html`<i>ok</i>`;
    const outside = '<b>&"\'';
    expect(
      html`<p>${outside}</p>
        ${ok}${[1, 'x']}${undefined}${false}`.text.replace(/\s+/g, ''),
    ).toBe('<p>&lt;b&gt;&amp;&quot;&#39;</p><i>ok</i>1x');
    const sections = renderSections(snapshot, 'sink');
    expect(sections.orders).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(sections.orders).not.toContain('<script>');
    expect(sections.connectors).toContain('java.lang.Oops &lt;b&gt;');
  });

  it('when states are shown, then each says its word beside its colour', () => {
    const sections = renderSections(snapshot, 'sink');
    expect(sections.instances).toMatch(/data-instance="order-1"\s+data-state="up"/);
    expect(sections.instances).toContain('✓</span> up');
    expect(sections.instances).toContain('✗</span> down');
    expect(sections.instances).toContain('(not answering)');
    expect(sections.instances).toContain('0.4 s ago');
    expect(sections.connectors).toContain('✗</span> FAILED');
    expect(sections.connectors).toContain('⏸</span> PAUSED');
  });

  it('when a connector is listed, then its three buttons have ids, actions and labels naming it', () => {
    const { connectors } = renderSections(snapshot, 'sink');
    for (const action of ['pause', 'resume', 'restart'])
      expect(connectors).toMatch(
        new RegExp(`<button\\s+type="button"\\s+id="${action}-sink"\\s+data-action="${action}"`),
      );
    expect(connectors).toContain('aria-label="Pause sink"');
    expect(connectors).toContain('(the orders sink of this platform)');
  });

  it('when a source is down, then its section says so and the others render', () => {
    const sections = renderSections(snapshot, 'sink');
    expect(sections.kafka).toContain('Kafka unavailable:</strong> no answer within 800 ms');
    expect(sections.stock).toMatch(/data-product="CATALOG-0001" data-stock="98"/);
    expect(sections.orders).toContain('href="http://127.0.0.1:9411/zipkin/traces/abc" data-trace="trace"');
    expect(sections.rates).toContain('1.4</strong> orders per second');
    expect(sections.updated).toBe('Read at 18:30:00 UTC');
  });

  it('when the page is rendered, then it has one h1, a heading per section and the token field only if needed', () => {
    const page = renderPage(snapshot, { platformSink: 'sink', tokenRequired: false });
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page.match(/<h2 id="/g)).toHaveLength(6);
    expect(page).toContain('<html lang="en">');
    expect(page).not.toContain('console-token');
    const guarded = renderPage(snapshot, { platformSink: 'sink', tokenRequired: true });
    expect(guarded).toContain('<label for="console-token">');
    expect(guarded).toContain('<input id="console-token" type="password"');
  });
});
