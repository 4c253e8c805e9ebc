import type { Admin, Kafka } from 'kafkajs';
import type { InfraConfig } from '@order-platform/infra';
import { ConnectClient } from '@order-platform/infra';
import { createKafka, createLogger } from '@order-platform/service-kit';

export interface Settled {
  ok: boolean;
  lines: string[];
}

interface Gap {
  partition: number;
  from: number;
  end: number;
}

/** Per partition, committed offset of `groupId` and the last stable offset of `topic`. */
/** Committed/end offsets, as the report prints them. */
const offsets = (gaps: Gap[]) => gaps.map((gap) => `${gap.from}/${gap.end}`).join(' ');

async function gapsOf(admin: Admin, groupId: string, topic: string): Promise<Gap[]> {
  const [ends, [committed]] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  return ends.map((end) => {
    const mine = committed?.partitions.find((partition) => partition.partition === end.partition);
    const from = mine && Number(mine.offset) >= 0 ? Number(mine.offset) : Number(end.low);
    return { partition: end.partition, from, end: Number(end.offset) };
  });
}

/**
 * Records a read_committed reader would still get between the committed offsets and the ends.
 * Kafka Connect commits "last record + 1", so the commit marker closing each order transaction
 * stays behind it: an offset gap made only of markers (or aborted records) is no lag.
 * With `readUncommitted` it counts what lies past the ends instead (see `heldBack`).
 */
async function unreadRecords(kafka: Kafka, topic: string, gaps: Gap[], readUncommitted = false): Promise<number> {
  const open = gaps.filter((gap) => gap.end > gap.from);
  if (open.length === 0) return 0;
  const consumer = kafka.consumer({ groupId: `chaos-lag-probe-${Date.now()}`, readUncommitted });
  let unread = 0;
  await consumer.connect();
  try {
    // Done once the group is joined and a few fetches went by after the seeks (markers give no message).
    let fetches = -1;
    const fetched = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => (fetches = 0));
      consumer.on(consumer.events.FETCH, () => {
        if (fetches >= 0 && ++fetches >= 3) resolve();
      });
    });
    await consumer.subscribe({ topic, fromBeginning: true });
    const byPartition = new Map(open.map((gap) => [gap.partition, gap]));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const gap = byPartition.get(partition);
        const offset = Number(message.offset);
        if (gap && offset >= gap.from && offset < gap.end) unread++;
      },
    });
    for (const gap of open) consumer.seek({ topic, partition: gap.partition, offset: String(gap.from) });
    await Promise.race([fetched, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  } finally {
    await consumer.disconnect();
  }
  return unread;
}

/**
 * kafkajs' admin lists offsets read_committed: the "end" of a partition is its last stable offset,
 * which stops at the first open transaction. A transaction left open by a killed producer holds
 * back every read_committed reader until it is fenced or times out, while its records and every
 * committed one behind it sit past that end, so a lag of 0 there proves nothing. Records past the
 * last stable offset, read read_uncommitted, are what an open transaction holds back.
 */
async function heldBack(kafka: Kafka, topic: string, gaps: Gap[]): Promise<number> {
  return unreadRecords(
    kafka,
    topic,
    gaps.map((gap) => ({ partition: gap.partition, from: gap.end, end: Number.MAX_SAFE_INTEGER })),
    true,
  );
}

/**
 * Waits (bounded) until the sink connector and its tasks are RUNNING and neither the sink nor
 * catalog-service has a committed order left to read.
 */
export async function waitSettled(infra: InfraConfig, catalogGroupId: string, timeoutMs: number): Promise<Settled> {
  const kafka = createKafka({
    clientId: 'chaos-settle',
    brokers: infra.KAFKA_BROKERS,
    logger: createLogger('chaos', 'silent'),
  });
  const admin = kafka.admin();
  const connect = new ConnectClient(infra.CONNECT_URL, 5000);
  const deadline = Date.now() + timeoutMs;
  let lines: string[];
  await admin.connect();
  try {
    for (;;) {
      let ok = false;
      try {
        const status = await connect.status(infra.ORDERS_SINK_CONNECTOR);
        const states = [status.connector.state, ...status.tasks.map((task) => task.state)];
        const running = status.tasks.length > 0 && states.every((state) => state === 'RUNNING');
        const sinkGaps = await gapsOf(admin, `connect-${infra.ORDERS_SINK_CONNECTOR}`, infra.ORDERS_TOPIC);
        const catalogGaps = await gapsOf(admin, catalogGroupId, infra.CATALOG_TOPIC);
        // Only probe once the offsets sit within a few markers of the end (a commit marker, the
        // abort marker of a killed instance's transaction); before that it is plain lag.
        const near = (gaps: Gap[]) => gaps.every((gap) => gap.end - gap.from <= 20);
        const sinkLag = near(sinkGaps)
          ? await unreadRecords(kafka, infra.ORDERS_TOPIC, sinkGaps)
          : sinkGaps.reduce((sum, gap) => sum + gap.end - gap.from, 0);
        const catalogLag = near(catalogGaps)
          ? await unreadRecords(kafka, infra.CATALOG_TOPIC, catalogGaps)
          : catalogGaps.reduce((sum, gap) => sum + gap.end - gap.from, 0);
        // Both topics are written in the same transactions: one probe of the orders topic suffices.
        const held =
          running && sinkLag === 0 && catalogLag === 0 ? await heldBack(kafka, infra.ORDERS_TOPIC, sinkGaps) : 0;
        // catalog-service publishes each status before it commits the order's offset: once its lag is 0,
        // every status is on the topic, and the second sink has written them once its own lag is 0.
        const statusSink = await connect.status(infra.ORDER_STATUS_SINK_CONNECTOR);
        const statusStates = [statusSink.connector.state, ...statusSink.tasks.map((task) => task.state)];
        const statusRunning = statusSink.tasks.length > 0 && statusStates.every((state) => state === 'RUNNING');
        const statusGaps = await gapsOf(
          admin,
          `connect-${infra.ORDER_STATUS_SINK_CONNECTOR}`,
          infra.ORDER_STATUS_TOPIC,
        );
        const statusLag = statusGaps.reduce((sum, gap) => sum + gap.end - gap.from, 0);
        ok = running && sinkLag === 0 && catalogLag === 0 && held === 0 && statusRunning && statusLag === 0;
        lines = [
          ...(held > 0
            ? [
                `an open transaction holds back ${held} record(s) of ${infra.ORDERS_TOPIC} ` +
                  'from every read_committed reader',
              ]
            : []),
          `sink ${infra.ORDERS_SINK_CONNECTOR}: connector ${status.connector.state}, ` +
            `tasks ${status.tasks.map((task) => `${task.id}=${task.state}@${task.worker_id}`).join(' ')}, ` +
            `lag ${sinkLag} (committed/end ${offsets(sinkGaps)})`,
          `catalog-service group ${catalogGroupId}: lag ${catalogLag} (committed/end ${offsets(catalogGaps)})`,
          `status sink ${infra.ORDER_STATUS_SINK_CONNECTOR}: connector ${statusSink.connector.state}, ` +
            `lag ${statusLag} (committed/end ${offsets(statusGaps)})`,
        ];
      } catch (error) {
        lines = [`not settled yet: ${(error as Error).message}`];
      }
      if (ok || Date.now() > deadline) return { ok, lines };
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await admin.disconnect();
  }
}
