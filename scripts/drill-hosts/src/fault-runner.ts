import type { FaultWindow } from './fault-impact.js';
import type { HostFault } from './host-faults.js';
import { cutHost, healHost, slowHost, unslowHost } from './network.js';
import type { Topology } from './topology.js';

const after = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;

/**
 * Injects one fault, holds it (watching what the platform does), heals it (always, also when the
 * watch fails), then waits until the platform is whole again. Answers the window the report measures.
 */
export async function runFault(
  fault: HostFault,
  topology: Topology,
  slowRate: string,
  say: (line: string) => void,
): Promise<FaultWindow> {
  const host = await fault.host();
  const name = fault.name.includes(host.name) ? fault.name : `${fault.name} (${host.name})`;
  const notes: string[] = [];
  const from = Date.now();
  if (fault.kind === 'cut') await cutHost(topology, host);
  else await slowHost(topology, host, slowRate);
  say(`  ${fault.kind === 'cut' ? `${host.link} down` : `tbf ${slowRate} on ${host.link} and its eth0`}`);
  try {
    let seen = fault.observe === undefined;
    while (Date.now() - from < fault.holdMs) {
      if (!seen) {
        const observed = await fault.observe!().catch(() => undefined);
        if (observed) {
          notes.push(`${observed} after ${after(from)}`);
          say(`  ${observed} (${after(from)})`);
          seen = true;
        }
      }
      // The watch's pace: twice a second is fine-grained enough for faults held 5-30 s.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!seen) notes.push('nothing visible changed while it held');
  } finally {
    if (fault.kind === 'cut') await healHost(topology, host);
    else await unslowHost(topology, host);
  }
  const healedAt = Date.now();
  say(`  healed after ${after(from)}; waiting until the platform is whole again`);
  notes.push(...(await fault.recover()));
  say(`  whole again ${after(healedAt)} after the heal`);
  return { name, from, healedAt, to: Date.now(), notes };
}
