import type { TestHost, Topology } from './topology.js';

/** One `ip` (or `tc`) invocation: the program and its arguments, never through a shell. */
export type Command = [program: string, ...args: string[]];

/** Runs `argv` on a host: ip netns exec switches the network namespace, then execs it in place. */
export const onHost = (ns: string, argv: string[]): Command => ['ip', 'netns', 'exec', ns, ...argv];

/** The commands that build the topology, in order: namespaces, the bridge, then each host's veth pair and address. */
export function buildCommands(topology: Topology): Command[] {
  const { bridgeNs, bridge } = topology;
  return [
    ['ip', 'netns', 'add', bridgeNs],
    ['ip', '-n', bridgeNs, 'link', 'add', bridge, 'type', 'bridge'],
    ['ip', '-n', bridgeNs, 'link', 'set', bridge, 'up'],
    ...topology.hosts.flatMap((host) => hostCommands(topology, host)),
  ];
}

function hostCommands(topology: Topology, host: TestHost): Command[] {
  const { bridgeNs, bridge } = topology;
  return [
    ['ip', 'netns', 'add', host.ns],
    // Made in the bridge's namespace, its peer moved straight into the host's: nothing touches the machine's own.
    ['ip', '-n', bridgeNs, 'link', 'add', host.link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.ns],
    ['ip', '-n', bridgeNs, 'link', 'set', host.link, 'master', bridge, 'up'],
    ['ip', '-n', host.ns, 'link', 'set', 'lo', 'up'],
    ['ip', '-n', host.ns, 'addr', 'add', `${host.ip}/24`, 'dev', 'eth0'],
    ['ip', '-n', host.ns, 'link', 'set', 'eth0', 'up'],
  ];
}

/** The bridge-side end of the host's link set down or up (the host's own end stays as it is). */
const setLink =
  (state: 'down' | 'up') =>
  (topology: Topology, host: TestHost): Command => ['ip', '-n', topology.bridgeNs, 'link', 'set', host.link, state];

/**
 * Cut: the bridge-side end goes down, so the host's frames reach nobody and nobody's reach it, while
 * its processes keep running: a partition, not a crash. Heal: it comes up again.
 */
export const cutCommand = setLink('down');
export const healCommand = setLink('up');

/**
 * Slow: a token bucket on both ends of the host's link (frames to it and from it), so what crosses it
 * queues. The kernel here has no sch_netem, which would add a fixed delay instead.
 */
export function slowCommands(topology: Topology, host: TestHost, rate: string): Command[] {
  const tbf = ['root', 'tbf', 'rate', rate, 'burst', '8kb', 'latency', '2s'];
  return [
    onHost(topology.bridgeNs, ['tc', 'qdisc', 'replace', 'dev', host.link, ...tbf]),
    onHost(host.ns, ['tc', 'qdisc', 'replace', 'dev', 'eth0', ...tbf]),
  ];
}

export function fastCommands(topology: Topology, host: TestHost): Command[] {
  return [
    onHost(topology.bridgeNs, ['tc', 'qdisc', 'del', 'dev', host.link, 'root']),
    onHost(host.ns, ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']),
  ];
}

/** The namespaces of `ip netns list` output (`name (id: 3)` lines) that carry the prefix. */
export function namespacesWithPrefix(listing: string, prefix: string): string[] {
  return listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name.startsWith(prefix));
}
