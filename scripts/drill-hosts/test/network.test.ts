import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNetwork, cutHost, healHost, hostsOf, namespaces, onHost, pidsIn, removeNetwork } from '../src/index.js';
import type { Topology } from '../src/index.js';

// A prefix of this test's own: the drill's start-up sweep of `ophost-` never removes a running test's hosts.
const prefix = `optest${process.pid}-`;
const [a, b] = hostsOf('order', 2, prefix, '10.78.0');
const topology: Topology = { prefix, subnet: '10.78.0', bridgeNs: `${prefix}net`, bridge: 'br0', hosts: [a!, b!] };

/** A TCP connect from host `a` to a listener on host `b`, made by a node process inside `a`'s namespace. */
function connects(timeoutMs: number): Promise<boolean> {
  const script = `const s=require('net').connect(7000,'${b!.ip}');s.setTimeout(${timeoutMs},()=>process.exit(1));
    s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));`;
  const [program, ...args] = onHost(a!.ns, [process.execPath, '-e', script]);
  return new Promise((resolve) => spawn(program, args).once('exit', (code) => resolve(code === 0)));
}

describe.skipIf(process.getuid?.() !== 0)('test hosts as network namespaces', () => {
  afterAll(async () => {
    await removeNetwork(prefix);
  });

  it('when two hosts share the bridge, then a TCP connect crosses it and a cut link stops it', async () => {
    await buildNetwork(topology);
    expect((await namespaces(prefix)).sort()).toEqual([a!.ns, b!.ns, topology.bridgeNs].sort());
    const [program, ...args] = onHost(b!.ns, [
      process.execPath,
      '-e',
      `require('net').createServer((s)=>s.end()).listen(7000,'${b!.ip}',()=>console.log('listening'))`,
    ]);
    const server = spawn(program, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => server.stdout.once('data', resolve));
    // ip netns exec execs in place: the pid we hold is the one in the namespace.
    expect(await pidsIn(b!.ns)).toContain(server.pid);
    expect(await connects(3000)).toBe(true);
    await cutHost(topology, b!);
    expect(await connects(1500)).toBe(false);
    await healHost(topology, b!);
    expect(await connects(3000)).toBe(true);
  });

  it('when the network is removed, then no namespace and no process of it is left', async () => {
    const removed = await removeNetwork(prefix);
    expect(removed.namespaces).toHaveLength(3);
    expect(removed.killed.length).toBeGreaterThanOrEqual(1);
    expect(await namespaces(prefix)).toEqual([]);
  });
});
