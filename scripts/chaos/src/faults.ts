import { ConnectClient } from '@order-platform/infra';
import type { InfraConfig } from '@order-platform/infra';
import type { Platform } from '@order-platform/platform-harness';
import { killAndRestartWorker, killKafkaNode, restartBroker } from './private-infra.js';
import { moveSinkTask } from './sink-task-move.js';

export interface Fault {
  name: string;
  inject: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The faults of the drill, in the order they are injected; each returns once the system is whole again. */
export function faultPlan(platform: Platform, infra: InfraConfig, workers: 1 | 2): Fault[] {
  const connect = new ConnectClient(infra.CONNECT_URL, 5000);
  const killOrderInstance = async () => {
    const [victim] = platform.runningOrders();
    if (!victim) throw new Error('no order-service instance is running');
    victim.process.kill('SIGKILL');
    await victim.process.exited;
    await platform.startOrder();
  };
  return [
    { name: 'SIGKILL an order-service instance, start a new one', inject: killOrderInstance },
    workers === 2
      ? {
          name:
            'SIGKILL the Connect worker running the sink task, see the task move to the other, ' +
            'restart the killed one',
          inject: () => moveSinkTask(infra),
        }
      : { name: 'SIGKILL the Kafka Connect worker, restart it', inject: () => killAndRestartWorker(infra) },
    infra.KAFKA_NODES > 1
      ? {
          name: 'SIGKILL Kafka node 1 of 3, keep it down 20 s, restart it',
          inject: () => killKafkaNode(infra, 1, 20_000),
        }
      : { name: 'restart the Kafka broker', inject: () => restartBroker(infra) },
    {
      name: 'SIGKILL catalog-service, restart it',
      inject: async () => {
        const catalog = platform.catalog;
        if (!catalog) throw new Error('catalog-service is not running');
        catalog.kill('SIGKILL');
        await catalog.exited;
        await platform.startCatalog();
      },
    },
    {
      name: 'pause the orders sink for 10 s, resume it',
      inject: async () => {
        await connect.pause(infra.ORDERS_SINK_CONNECTOR);
        await sleep(10_000);
        await connect.resume(infra.ORDERS_SINK_CONNECTOR);
      },
    },
    { name: 'SIGKILL the other order-service instance, start a new one', inject: killOrderInstance },
  ];
}
