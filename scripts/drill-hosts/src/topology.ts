/**
 * The drill's hosts: one network namespace each, one veth pair each onto one bridge that lives in
 * a namespace of its own. Nothing of it is in the machine's own namespace, so deleting the
 * namespaces removes every link, and no route leads out (no default route, no NAT).
 */
export type Role = 'broker' | 'connect' | 'db' | 'order' | 'catalog' | 'gateway' | 'client';

export interface TestHost {
  /** Short name, also the bridge-side link's suffix: `broker-1`, `order-2`, `client`. */
  name: string;
  role: Role;
  /** 1-based within its role. */
  index: number;
  /** The network namespace, `{prefix}{name}`. */
  ns: string;
  /** The bridge-side end of its veth pair (in the bridge's namespace); cutting the host sets it down. */
  link: string;
  ip: string;
}

export interface Topology {
  prefix: string;
  subnet: string;
  /** The namespace holding the bridge. */
  bridgeNs: string;
  bridge: string;
  hosts: TestHost[];
}

/** The name prefix of everything the drill makes; a run first removes what a crashed one left under it. */
export const DRILL_PREFIX = 'ophost-';

/** The host part of each role's addresses: 10.77.0.11-13 are the brokers, .21-22 the workers, and so on. */
const BASE: Record<Role, number> = { broker: 10, connect: 20, db: 30, gateway: 40, order: 40, catalog: 50, client: 60 };

export function hostsOf(role: Role, count: number, prefix: string, subnet: string): TestHost[] {
  const single = count === 1 && role !== 'broker' && role !== 'connect' && role !== 'order';
  return Array.from({ length: count }, (_, i) => {
    const name = single ? role : `${role}-${i + 1}`;
    // The gateway is .40, its instances .41, .42: one glance tells who is behind whom.
    const last = role === 'gateway' ? BASE.gateway : BASE[role] + i + 1;
    return { name, role, index: i + 1, ns: `${prefix}${name}`, link: `v-${name}`, ip: `${subnet}.${last}` };
  });
}

/** Every part on its own host, and the load generator on one more. */
export function drillTopology(subnet: string, prefix = DRILL_PREFIX): Topology {
  const counts: Array<[Role, number]> = [
    ['broker', 3],
    ['connect', 2],
    ['db', 1],
    ['gateway', 1],
    ['order', 2],
    ['catalog', 1],
    ['client', 1],
  ];
  return {
    prefix,
    subnet,
    bridgeNs: `${prefix}net`,
    bridge: 'br0',
    hosts: counts.flatMap(([role, count]) => hostsOf(role, count, prefix, subnet)),
  };
}

export function hostsIn(topology: Topology, role: Role): TestHost[] {
  return topology.hosts.filter((host) => host.role === role);
}

export function hostOf(topology: Topology, role: Role, index = 1): TestHost {
  const host = topology.hosts.find((candidate) => candidate.role === role && candidate.index === index);
  if (!host) throw new Error(`the topology has no ${role} ${index}`);
  return host;
}
