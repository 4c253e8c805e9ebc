import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HARD_DEADLINE_GRACE_MS } from '../src/index.js';
import { spawnDemo, startFakeRegistry, waitFor, type DemoProcess } from './support/demo-process.js';

/** The skeleton every deployable's main.ts runs (runService), on a demo service in a process of its own. */
const running: DemoProcess[] = [];
const demo = (env: Record<string, string>) => {
  const child = spawnDemo(env);
  running.push(child);
  return child;
};
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-service-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const get = async (port: unknown, path = '/') => (await fetch(`http://127.0.0.1:${String(port)}${path}`)).text();

describe('runService', () => {
  it('when an env file sets keys, then it fills the gaps and the environment wins', async () => {
    const envFile = path.join(dir, 'demo.env');
    fs.writeFileSync(envFile, 'DEMO_GREETING=from the file\nDEMO_START_DELAY_MS=1\nLOG_LEVEL=silent\n');
    const service = demo({ ENV_FILE: envFile, DEMO_START_DELAY_MS: '2' });
    // The file's LOG_LEVEL=silent would hide this line: the environment's LOG_LEVEL=info wins.
    const listening = await service.waitForLine('demo-service listening');
    expect(listening).toMatchObject({ envFile, url: `http://127.0.0.1:${String(listening.port)}` });
    expect(await get(listening.port)).toBe('from the file');
    service.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });

  it.each([
    [{ DEMO_PORT: 'eighty' }, 'DEMO_PORT:'],
    [{ ENV_FILE: '/nonexistent/demo.env' }, 'ENV_FILE: no such file'],
  ])('when started with %o, then one line names the key and it exits 2, no stack trace', async (env, named) => {
    const service = demo(env);
    expect(await service.exited).toBe(2);
    expect(service.stderr()).toContain(named);
    expect(service.stderr()).not.toMatch(/\n\s+at /);
  });

  it('when SIGTERM comes, then it deregisters first, stops gracefully, says so and exits 0', async () => {
    const registry = await startFakeRegistry();
    try {
      const service = demo({ DEMO_INSTANCE_ID: 'demo-1', REGISTRY_URL: registry.url });
      await waitFor('the registration', () => (registry.methods.includes('PUT') ? true : undefined));
      service.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(registry.methods.at(-1)).toBe('DELETE');
      expect(service.lines.map((line) => line.msg)).toEqual(
        expect.arrayContaining(['shutting down', 'deregistered from the gateway', 'demo-service stopped']),
      );
      expect(service.lines.find((line) => line.msg === 'demo-service stopped')).toMatchObject({
        exitCode: 0,
        drained: true,
      });
    } finally {
      await registry.close();
    }
  });

  it('when SIGTERM comes during start-up, then the service is stopped once started and never registers', async () => {
    const registry = await startFakeRegistry();
    try {
      const service = demo({ DEMO_INSTANCE_ID: 'demo-2', REGISTRY_URL: registry.url, DEMO_START_DELAY_MS: '1000' });
      await service.waitForLine('demo starting');
      service.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(service.lines.find((line) => line.msg === 'demo-service stopped')).toMatchObject({ exitCode: 0 });
      expect(registry.methods).toEqual([]);
    } finally {
      await registry.close();
    }
  });

  it.each([
    ['/reject', 'unhandled promise rejection; stopping', 'demo rejection'],
    ['/throw', 'uncaught exception; stopping', 'demo exception'],
  ])(
    'when GET %s fails outside any handler, then it logs %j with the error, stops and exits 1',
    async (route, msg, error) => {
      const service = demo({});
      const listening = await service.waitForLine('demo-service listening');
      await get(listening.port, route);
      expect(await service.exited).toBe(1);
      expect(service.lines.find((line) => line.msg === msg)).toMatchObject({ level: 'fatal', err: { message: error } });
      expect(service.lines.find((line) => line.msg === 'demo-service stopped')).toMatchObject({ exitCode: 0 });
    },
  );

  it('when stop() outlasts the shutdown timeout, then at the hard deadline abandon() names the exit code', async () => {
    const service = demo({ DEMO_STOP_HANGS: 'yes', DEMO_SHUTDOWN_TIMEOUT_MS: '200' });
    await service.waitForLine('demo-service listening');
    const signalled = Date.now();
    service.kill('SIGTERM');
    expect(await service.exited).toBe(4);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(200 + HARD_DEADLINE_GRACE_MS - 50);
    expect(service.lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['demo abandoned', 'shutdown took too long; exiting anyway']),
    );
  });
});
