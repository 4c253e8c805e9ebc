import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeArgs } from '@order-platform/command-kit';
import { waitUntil } from '@order-platform/test-kit';
import { Launcher, ProcessExitedError, findFreePort, isPortFree, waitForUrl, waitPortsFree } from '../src/index.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('launcher', () => {
  const launchers: Launcher[] = [];
  const newLauncher = (graceMs = 10_000) => {
    const lines: string[] = [];
    const launcher = new Launcher({ write: (line) => lines.push(line), color: false, graceMs });
    launchers.push(launcher);
    return { launcher, lines };
  };
  afterEach(async () => {
    for (const launcher of launchers.splice(0)) await launcher.stopAll(2000);
  });

  it('when a child starts, then its output comes line by line with a padded name, with its env', async () => {
    const { launcher, lines } = newLauncher();
    launcher.nameWidth = 10;
    process.env.REMOVED_VAR = 'should not reach the child';
    const port = await findFreePort(20_000);
    const child = launcher.start({
      name: 'echo-1',
      entry: fixture('echo-server.ts'),
      env: { PORT: String(port), GREETING: 'the test', REMOVED_VAR: undefined },
    });
    delete process.env.REMOVED_VAR;

    await waitForUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000, process: child });
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello from the test');
    await waitUntil('the partial line to be completed', () => lines.includes('echo-1     | half a line'), {
      timeoutMs: 5000,
    });
    expect(lines).toContain('echo-1     | removed=(unset)');
    expect(lines.every((line) => line.startsWith('echo-1     | '))).toBe(true);
  });

  it('when a child is stopped, then it gets SIGTERM, exits 0 by itself and its port is free', async () => {
    const { launcher, lines } = newLauncher();
    const port = await findFreePort(20_000);
    const child = launcher.start({ name: 'echo', entry: fixture('echo-server.ts'), env: { PORT: String(port) } });
    await waitForUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000, process: child });
    // The fixture ends a partial line 20 ms after it listens: a SIGTERM before that (a busy machine)
    // would print its line after "half a " and this test would look for it in vain.
    await waitUntil('the partial line to be completed', () => lines.includes('echo | half a line'), {
      timeoutMs: 5000,
    });

    const result = await child.stop();
    expect(result).toEqual({ name: 'echo', code: 0, signal: null, forced: false });
    expect(lines).toContain('echo | got SIGTERM, closing');
    expect(child.running).toBe(false);
    expect(await isPortFree(port)).toBe(true);
    // Stopping again is harmless and answers the same.
    expect(await child.stop()).toEqual(result);
  });

  it('when a child ignores SIGTERM, then it is killed with SIGKILL after the grace period', async () => {
    const { launcher, lines } = newLauncher(500);
    const child = launcher.start({ name: 'stubborn', entry: fixture('stubborn.ts') });
    await waitUntil('the child to run', () => lines.includes('stubborn | stubborn and running'), { timeoutMs: 30_000 });

    const result = await child.stop();
    expect(result).toMatchObject({ forced: true, signal: 'SIGKILL' });
    expect(lines).toContain('stubborn | SIGTERM ignored');
    expect(isAlive(child.pid)).toBe(false);
  });

  it('when a child exits before it is ready, then the wait fails at once with its exit code and output', async () => {
    const { launcher } = newLauncher();
    const child = launcher.start({ name: 'crash', entry: fixture('crash.ts') });
    const error = await waitForUrl('http://127.0.0.1:1/', { timeoutMs: 60_000, process: child }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProcessExitedError);
    expect((error as ProcessExitedError).code).toBe(3);
    expect(child.recentOutput()).toContain('crash | cannot start: configuration is broken');
  });

  it('when the launcher process is SIGKILLed, then its child notices and stops itself, freeing its port', async () => {
    const port = await findFreePort(20_000);
    const host = spawn(process.execPath, nodeArgs(fixture('launcher-host.ts')), {
      env: { ...process.env, CHILD_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    host.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitUntil('the child to listen', () => /listening on/.test(output), { timeoutMs: 30_000 });
      const childPid = Number(/child pid (\d+)/.exec(output)?.[1]);
      expect(isAlive(childPid)).toBe(true);

      host.kill('SIGKILL');
      await waitUntil('the orphaned child to stop itself', () => !isAlive(childPid), { timeoutMs: 10_000 });
      expect(await waitPortsFree([port], { timeoutMs: 5000 })).toBe(true);
    } finally {
      host.kill('SIGKILL');
    }
  });

  it('when looking for a free port, then used ports and reserved ones are skipped', async () => {
    const { launcher } = newLauncher();
    const port = await findFreePort(21_000);
    const child = launcher.start({ name: 'holder', entry: fixture('echo-server.ts'), env: { PORT: String(port) } });
    await waitForUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000, process: child });
    const next = await findFreePort(port, { skip: [port + 1] });
    expect(next).toBeGreaterThan(port + 1);
    expect(await isPortFree(port)).toBe(false);
  });
});
