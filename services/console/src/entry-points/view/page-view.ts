import type { Snapshot } from '../../domain/snapshot.js';
import { dataSections } from './data-sections.js';
import { Html, html } from './html.js';
import { liveSections } from './live-sections.js';

/** Where each live section goes, with its heading: the page's outline, in order. */
const SECTIONS = [
  ['instances', 'Services and their instances'],
  ['rates', 'Orders per second'],
  ['orders', 'Latest orders'],
  ['stock', 'Catalog stock'],
  ['connectors', 'Kafka Connect connectors'],
  ['kafka', 'Kafka'],
] as const;

export interface PageOptions {
  /** The platform's own sink connector (ORDERS_SINK_CONNECTOR), marked as such. */
  platformSink: string;
  /** The actions need a token: the page asks for it. */
  tokenRequired: boolean;
}

/** Every live section of a snapshot, by the id of the element it fills. */
export function renderSections(snapshot: Snapshot, platformSink: string): Record<string, string> {
  const all = { ...liveSections(snapshot, platformSink), ...dataSections(snapshot) };
  return Object.fromEntries(Object.entries(all).map(([id, markup]) => [id, markup.text]));
}

function tokenField(required: boolean): Html {
  if (!required) return html``;
  return html`<p>
    <label for="console-token">Console token (the actions need it: this console is reachable from other hosts)</label>
    <input id="console-token" type="password" autocomplete="off" />
  </p>`;
}

/**
 * The whole page, server-rendered from the latest snapshot: readable without JavaScript. The script
 * (public/console.js) then replaces each section's content as the server streams it (`/console/events`).
 */
export function renderPage(snapshot: Snapshot, options: PageOptions): string {
  const sections = renderSections(snapshot, options.platformSink);
  const section = (id: string, title: string) =>
    html`<section aria-labelledby="${id}-heading">
      <h2 id="${id}-heading">${title}</h2>
      ${id === 'connectors' ? tokenField(options.tokenRequired) : ''}
      <div id="${id}" class="live">${new Html(sections[id] ?? '')}</div>
    </section>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>order-platform console</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <header>
          <h1>order-platform console</h1>
          <p>
            <span id="updated">${new Html(sections.updated ?? '')}</span>
            · <span id="connection" role="status">live</span>
          </p>
        </header>
        <main>
          <p id="action-status" role="status" aria-live="polite"></p>
          ${SECTIONS.map(([id, title]) => section(id, title))}
        </main>
      </body>
    </html>`.text;
}
