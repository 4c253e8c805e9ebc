import { describe, expect, it } from 'vitest';
import {
  buildCommands,
  cutCommand,
  fastCommands,
  healCommand,
  namespacesWithPrefix,
  onHost,
  slowCommands,
} from './ip-commands.js';
import { drillTopology, hostOf } from './topology.js';

/** The token bucket the slow link puts on one end, as a command line. */
const tbf = (dev: string) => `tc qdisc replace dev ${dev} root tbf rate 256kbit burst 8kb latency 2s`.split(' ');

describe('ip and tc commands', () => {
  const topology = drillTopology('10.77.0');
  const order1 = hostOf(topology, 'order', 1);

  it('when the topology is built, then every link is made inside a namespace, never in the machine', () => {
    const commands = buildCommands(topology);
    expect(commands[0]).toEqual(['ip', 'netns', 'add', 'ophost-net']);
    const links = commands.filter((command) => command.includes('link') && command.includes('add'));
    expect(links.every((command) => command[1] === '-n')).toBe(true);
    expect(commands).toContainEqual([
      'ip',
      '-n',
      'ophost-net',
      'link',
      'add',
      'v-order-1',
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      'ophost-order-1',
    ]);
    expect(commands).toContainEqual(['ip', '-n', 'ophost-order-1', 'addr', 'add', '10.77.0.41/24', 'dev', 'eth0']);
    // No default route, no NAT: nothing but addresses on the one subnet.
    expect(commands.some((command) => command.includes('route') || command.includes('default'))).toBe(false);
  });

  it('when a host is cut and healed, then its bridge-side link goes down and up', () => {
    expect(cutCommand(topology, order1)).toEqual(['ip', '-n', 'ophost-net', 'link', 'set', 'v-order-1', 'down']);
    expect(healCommand(topology, order1)).toEqual(['ip', '-n', 'ophost-net', 'link', 'set', 'v-order-1', 'up']);
  });

  it('when a link is slowed, then both of its ends get a token bucket, and both lose it again', () => {
    const slow = slowCommands(topology, order1, '256kbit');
    expect(slow).toEqual([onHost('ophost-net', tbf('v-order-1')), onHost('ophost-order-1', tbf('eth0'))]);
    expect(fastCommands(topology, order1).map((command) => command.slice(4))).toEqual([
      ['tc', 'qdisc', 'del', 'dev', 'v-order-1', 'root'],
      ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root'],
    ]);
  });

  it('when ip netns list is read, then only the namespaces with the prefix are taken', () => {
    const listing = 'ophost-net (id: 0)\nother-ns\nophost-db (id: 3)\n\n';
    expect(namespacesWithPrefix(listing, 'ophost-')).toEqual(['ophost-net', 'ophost-db']);
  });
});
