import type { ConnectorView } from '../../domain/snapshot.js';
import { stateBadge } from './format.js';
import { html, type Html } from './html.js';

const ACTIONS = [
  ['pause', 'Pause'],
  ['resume', 'Resume'],
  ['restart', 'Restart'],
] as const;

/** Button ids are stable across refreshes, so the focus survives a section being redrawn. */
export const actionButtonId = (connector: string, action: string) =>
  `${action}-${connector.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function connectorView(connector: ConnectorView, platformSink: string): Html {
  const tasks = connector.tasks.map(
    (task) =>
      html`<li>
        task ${task.id}: ${stateBadge(task.state)} on ${task.workerId}
        ${task.trace ? html`<pre class="trace">${task.trace}</pre>` : ''}
      </li>`,
  );
  return html`<article class="connector" data-connector="${connector.name}" data-state="${connector.state}">
    <h3>${connector.name}${connector.name === platformSink ? ' (the orders sink of this platform)' : ''}</h3>
    <p>${connector.type} connector: ${stateBadge(connector.state)} on ${connector.workerId}</p>
    ${connector.trace ? html`<pre class="trace">${connector.trace}</pre>` : ''}
    <ul>
      ${tasks.length ? tasks : html`<li>no task</li>`}
    </ul>
    <div class="actions">
      ${ACTIONS.map(
        ([action, label]) =>
          html`<button
            type="button"
            id="${actionButtonId(connector.name, action)}"
            data-action="${action}"
            data-connector="${connector.name}"
            aria-label="${label} ${connector.name}"
          >
            ${label}
          </button> `,
      )}
    </div>
  </article>`;
}
