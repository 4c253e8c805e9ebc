import { silentProgress, up, runningPid, type InfraConfig } from '@order-platform/infra';
import { ConnectClient } from '@order-platform/infra';
import { firstWorker, secondWorker, secondWorkerUrl, startSecondWorker } from './second-worker.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * With two workers in the group: SIGKILL the one running the sink task, wait (bounded) until the
 * task runs on the other one, then start the killed worker again.
 */
export async function moveSinkTask(infra: InfraConfig): Promise<void> {
  const first = new ConnectClient(infra.CONNECT_URL, 5000);
  const second = new ConnectClient(secondWorkerUrl(infra), 5000);
  const before = await first.status(infra.ORDERS_SINK_CONNECTOR);
  const holder = before.tasks[0]?.worker_id;
  if (!holder) throw new Error('the sink has no task');
  const firstPort = new URL(infra.CONNECT_URL).port;
  const victimIsFirst = holder.endsWith(`:${firstPort}`);
  const victim = victimIsFirst ? firstWorker(infra) : secondWorker(infra);
  const survivor = victimIsFirst ? second : first;
  const pid = runningPid(victim);
  if (pid === undefined) throw new Error(`${victim.name} is not running`);
  process.kill(pid, 'SIGKILL');
  while (runningPid(victim) !== undefined) await sleep(100);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await survivor.status(infra.ORDERS_SINK_CONNECTOR).catch(() => undefined);
    const task = status?.tasks[0];
    if (task && task.state === 'RUNNING' && task.worker_id !== holder) {
      console.log(`chaos |   sink task moved from ${holder} to ${task.worker_id}`);
      break;
    }
    if (Date.now() > deadline)
      throw new Error(
        `the sink task did not move away from the killed worker ${holder} within 120 s ` +
          `(last: ${JSON.stringify(status?.tasks)})`,
      );
    await sleep(500);
  }
  if (victimIsFirst) {
    await up(infra, silentProgress);
  } else {
    await startSecondWorker(infra);
  }
}
