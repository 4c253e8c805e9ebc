import { describe, expect, it } from 'vitest';
import { drillTopology, hostOf, hostsIn } from './topology.js';

describe('the drill topology', () => {
  const topology = drillTopology('10.77.0');

  it('when planned, then every part has a host of its own with a unique address in the subnet', () => {
    const ips = topology.hosts.map((host) => host.ip);
    expect(new Set(ips).size).toBe(ips.length);
    expect(ips.every((ip) => ip.startsWith('10.77.0.'))).toBe(true);
    expect(hostsIn(topology, 'broker')).toHaveLength(3);
    expect(hostsIn(topology, 'connect')).toHaveLength(2);
    expect(hostsIn(topology, 'order')).toHaveLength(2);
    expect(topology.hosts.map((host) => host.name)).toEqual([
      'broker-1',
      'broker-2',
      'broker-3',
      'connect-1',
      'connect-2',
      'db',
      'gateway',
      'order-1',
      'order-2',
      'catalog',
      'client',
    ]);
  });

  it('when named, then namespaces carry the prefix and bridge-side links fit the 15-character limit', () => {
    for (const host of topology.hosts) {
      expect(host.ns).toBe(`ophost-${host.name}`);
      expect(host.link.length).toBeLessThanOrEqual(15);
    }
    expect(topology.bridgeNs).toBe('ophost-net');
  });

  it('when the gateway is looked up, then its instances sit right behind its address', () => {
    expect(hostOf(topology, 'gateway').ip).toBe('10.77.0.40');
    expect(hostsIn(topology, 'order').map((host) => host.ip)).toEqual(['10.77.0.41', '10.77.0.42']);
    expect(() => hostOf(topology, 'order', 3)).toThrow(/no order 3/);
  });
});
