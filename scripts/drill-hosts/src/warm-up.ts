import type { Answer } from '@order-platform/chaos';

/** What "warm" means: the last `count` answers all accepted, each within `fastMs`. */
export interface WarmPolicy {
  count: number;
  fastMs: number;
}

export const WARM: WarmPolicy = { count: 20, fastMs: 2000 };

export function isWarm(answers: Answer[], policy: WarmPolicy = WARM): boolean {
  const last = answers.slice(-policy.count);
  return (
    last.length === policy.count &&
    last.every((answer) => answer.status >= 200 && answer.status < 300 && (answer.ms ?? Infinity) <= policy.fastMs)
  );
}

/**
 * Load until the platform answers steadily, before the baseline and the first fault. Five fresh JVMs
 * and four Node processes on two cores take a while: the first transactions of each instance, the
 * brokers' and workers' JIT. A fault thrown into that would measure the warm-up, not the fault.
 * Answers the seconds it took, or undefined when `timeoutMs` passed first (the drill goes on anyway).
 */
export async function warmUp(answers: () => Answer[], timeoutMs: number): Promise<number | undefined> {
  const from = Date.now();
  while (Date.now() - from < timeoutMs) {
    if (isWarm(answers())) return (Date.now() - from) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
}
