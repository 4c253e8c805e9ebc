import type { OrderRates, OrderView, Snapshot, StockRow } from '../../domain/snapshot.js';
import { amount, clockTime, unavailable } from './format.js';
import { html, tableView, type Html } from './html.js';

function stockView(rows: StockRow[]): Html {
  return tableView(
    "Stock per product (catalog-service's catalog)",
    ['Product', 'Name', 'Stock'],
    rows.map(
      (row) =>
        html`<tr data-product="${row.productId}" data-stock="${row.stock}">
          <td>${row.productId}</td>
          <td>${row.productName}</td>
          <td class="number">${amount(row.stock)}</td>
        </tr>`,
    ),
  );
}

function orderLink(order: OrderView): Html {
  if (!order.trace) return html`${order.orderId}`;
  const title = order.trace.kind === 'trace' ? 'its trace in Zipkin' : 'a Zipkin search by its order.id tag';
  return html`<a href="${order.trace.url}" data-trace="${order.trace.kind}" title="${title}">${order.orderId}</a>`;
}

function ordersView(orders: OrderView[], tracing: boolean): Html {
  const note = tracing
    ? html`<p class="note">
        Each order id links to its trace in Zipkin. The orders table holds no trace id: the console finds the trace by
        the <code>order.id</code> tag of order-service's spans, and until Zipkin has them (spans leave in batches, about
        5 s) the link is that search in Zipkin.
      </p>`
    : html`<p class="note">Tracing is off: no trace to link.</p>`;
  if (orders.length === 0)
    return html`${note}
      <p>No order in the orders table yet.</p>`;
  return html`${note}
  ${tableView(
    'The latest orders the sink wrote, newest first',
    ['Order', 'User', 'Product', 'Qty', 'Unit price', 'Total', 'Created (UTC)'],
    orders.map(
      (order) =>
        html`<tr data-order="${order.orderId}">
          <td>${orderLink(order)}</td>
          <td>${order.userId}</td>
          <td>${order.productId ?? '—'}</td>
          <td class="number">${amount(order.qty)}</td>
          <td class="number">${amount(order.unitPrice)}</td>
          <td class="number">${amount(order.totalPrice)}</td>
          <td>${order.createdAt}</td>
        </tr>`,
    ),
  )}`;
}

function ratesView(rates: OrderRates): Html {
  const rows = [
    ['201 created', 'created'],
    ['202 accepted (durable, not yet written by the sink)', 'accepted'],
    ['503 unavailable (Kafka did not take it)', 'unavailable'],
  ] as const;
  return html`<p>
      <strong id="orders-per-second">${rates.perSecond.toFixed(1)}</strong> orders per second over the last
      ${rates.windowSeconds.toFixed(0)} s, from the <code>/metrics</code> of ${rates.scraped} order-service instance(s).
    </p>
    ${tableView(
      'Answers to POST orders, by status',
      ['Answer', `Last ${rates.windowSeconds.toFixed(0)} s`, 'Since the instances started'],
      rows.map(
        ([label, key]) =>
          html`<tr data-result="${key}">
            <td>${label}</td>
            <td class="number">${rates.window[key]}</td>
            <td class="number">${rates.totals[key]}</td>
          </tr>`,
      ),
    )}`;
}

/** The sections of the platform's data: stock, latest orders, order rates, and when it was read. */
export function dataSections(snapshot: Snapshot): Record<string, Html> {
  const { stock, orders, rates } = snapshot;
  return {
    stock: stock.ok ? stockView(stock.value) : unavailable('The catalog database', stock.error),
    orders: orders.ok ? ordersView(orders.value, snapshot.tracing) : unavailable('The orders table', orders.error),
    rates: rates.ok ? ratesView(rates.value) : unavailable('The order rates', rates.error),
    updated: html`Read at ${clockTime(snapshot.at)} UTC`,
  };
}
