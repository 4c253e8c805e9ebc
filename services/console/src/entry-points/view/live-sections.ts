import type { InstanceView, KafkaView, Snapshot } from '../../domain/snapshot.js';
import { connectorView } from './connectors-view.js';
import { ago, stateBadge, unavailable } from './format.js';
import { html, tableView, type Html } from './html.js';

function instancesView(instances: InstanceView[], at: number): Html {
  if (instances.length === 0) return html`<p>No instance is registered with the gateway.</p>`;
  return tableView(
    'Instances registered with the gateway, by service',
    ['Service', 'Instance', 'URL', 'State', 'Last heartbeat'],
    instances.map(
      (instance) =>
        html`<tr
          data-service="${instance.service}"
          data-instance="${instance.instanceId}"
          data-state="${instance.state}"
        >
          <td>${instance.service}</td>
          <td>${instance.instanceId}</td>
          <td>${instance.url}</td>
          <td>${stateBadge(instance.state)}${instance.reason ? html` <small>(${instance.reason})</small>` : ''}</td>
          <td>${ago(at - instance.lastHeartbeatAt)}</td>
        </tr>`,
    ),
  );
}

function kafkaView(kafka: KafkaView): Html {
  const brokers = kafka.brokers.map(
    (broker) =>
      html`<li>node ${broker.nodeId} at ${broker.host}:${broker.port}${broker.controller ? ' (controller)' : ''}</li>`,
  );
  const rows = kafka.topics.flatMap((topic) =>
    topic.partitions
      ? topic.partitions.map(
          (partition) =>
            html`<tr data-topic="${topic.name}" data-partition="${partition.partition}">
              <td>${topic.name}</td>
              <td>${partition.partition}</td>
              <td>${partition.endOffset}</td>
              <td>
                ${
                  partition.lags.length === 0
                    ? 'no group reads it'
                    : partition.lags.map(
                        (lag) =>
                          html`<span class="lag"
                            >${lag.groupId}: ${lag.lag === null ? 'no commit yet' : lag.lag}</span
                          > `,
                      )
                }
              </td>
            </tr>`,
        )
      : [
          html`<tr data-topic="${topic.name}">
            <td>${topic.name}</td>
            <td colspan="3">does not exist</td>
          </tr>`,
        ],
  );
  return html`<h3>Brokers</h3>
    <ul>
      ${brokers}
    </ul>
    <h3>Topics</h3>
    <p class="note">
      A consumer commits past the records it processed, never past a transaction's commit marker: a caught-up sink lags
      1 on a partition whose last write was a transaction (docs/design.md, §9).
    </p>
    ${tableView(
      "The platform's topics: end offset and each consumer group's lag, per partition",
      ['Topic', 'Partition', 'End offset', 'Lag by consumer group'],
      rows,
    )}`;
}

/** The sections that change with the platform: instances, Kafka, connectors (the data ones: data-sections.ts). */
export function liveSections(snapshot: Snapshot, platformSink: string): Record<string, Html> {
  const { instances, kafka, connectors } = snapshot;
  return {
    instances: instances.ok
      ? instancesView(instances.value, snapshot.at)
      : unavailable('The registry', instances.error),
    kafka: kafka.ok ? kafkaView(kafka.value) : unavailable('Kafka', kafka.error),
    connectors: connectors.ok
      ? connectors.value.length
        ? html`${connectors.value.map((connector) => connectorView(connector, platformSink))}`
        : html`<p>No connector is registered.</p>`
      : unavailable('Kafka Connect', connectors.error),
  };
}
