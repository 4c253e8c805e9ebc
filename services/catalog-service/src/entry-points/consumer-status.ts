import type { Consumer } from 'kafkajs';

export type ConsumerState = 'starting' | 'connected' | 'running' | 'rebalancing' | 'restarting' | 'crashed' | 'stopped';

export interface ConsumerStatus {
  state: ConsumerState;
  groupId: string;
  topic: string;
  memberId: string | null;
  assignedPartitions: number[];
  /** The message the consumer is stuck on while a transient failure lasts. */
  retrying: { partition: number; offset: string; attempts: number; lastError: string } | null;
  counts: { applied: number; rejected: number; duplicates: number; deadLettered: number; retries: number };
}

/** What one consumer has been doing, fed by kafkajs's instrumentation events and the handler. */
export class ConsumerStatusTracker {
  private readonly status: ConsumerStatus;

  constructor(groupId: string, topic: string) {
    this.status = {
      state: 'starting',
      groupId,
      topic,
      memberId: null,
      assignedPartitions: [],
      retrying: null,
      counts: { applied: 0, rejected: 0, duplicates: 0, deadLettered: 0, retries: 0 },
    };
  }

  follow(consumer: Consumer): void {
    const { events } = consumer;
    consumer.on(events.CONNECT, () => this.set('connected'));
    consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.status.state = 'running';
      this.status.memberId = payload.memberId;
      this.status.assignedPartitions = [...(payload.memberAssignment[this.status.topic] ?? [])].sort((a, b) => a - b);
    });
    consumer.on(events.REBALANCING, () => this.set('rebalancing'));
    consumer.on(events.STOP, () => this.set('stopped'));
    consumer.on(events.DISCONNECT, () => this.set('stopped'));
    consumer.on(events.CRASH, ({ payload }) => this.set(payload.restart ? 'restarting' : 'crashed'));
  }

  set(state: ConsumerState): void {
    this.status.state = state;
    // While rebalancing it still holds its partitions; stopped or crashed, it holds none.
    if (state !== 'running' && state !== 'rebalancing') this.status.assignedPartitions = [];
  }

  count(what: keyof ConsumerStatus['counts']): void {
    this.status.counts[what] += 1;
  }

  retrying(retrying: ConsumerStatus['retrying']): void {
    this.status.retrying = retrying;
  }

  snapshot(): ConsumerStatus {
    return structuredClone(this.status);
  }
}
