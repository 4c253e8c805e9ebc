import fs from 'node:fs';
import path from 'node:path';
import { infraPaths } from '@order-platform/infra';
import { waitUntil } from '@order-platform/shared/testing';
import { infraConfig, testKafka } from './harness.js';

/**
 * The pid of the broker infra:up started, only if its pid file names a live process whose command
 * line marks it as that broker: the only process these tests may freeze (SIGSTOP) and thaw.
 */
export function infraBrokerPid(): number | undefined {
  const pidFile = path.join(infraPaths(infraConfig).broker, 'broker.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  try {
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return commandLine.split('\0').includes('-Dorder.platform.role=broker') ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function brokerAnswers(): Promise<boolean> {
  const admin = testKafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length > 0;
  } finally {
    await admin.disconnect();
  }
}

/** SIGCONT, then wait until the broker serves requests again, so no later test meets a frozen one. */
export async function thaw(pid: number): Promise<void> {
  process.kill(pid, 'SIGCONT');
  await waitUntil('the broker to answer again', () => brokerAnswers(), { timeoutMs: 60_000, intervalMs: 500 });
}
