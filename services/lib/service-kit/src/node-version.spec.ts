import { describe, expect, it } from 'vitest';
import { nodeVersionWarning, pinnedNodeVersion, warnIfNotPinnedNode } from './node-version.js';

describe('node version check', () => {
  it('when the root package.json is read, then it pins an exact version and the runner runs on it', () => {
    const pinned = pinnedNodeVersion();
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(process.version).toBe(`v${pinned}`);
  });

  it('when the running major equals the pinned one, then there is no warning, whatever the minor', () => {
    expect(nodeVersionWarning('gateway', 'v24.21.0', '24.21.0')).toBeUndefined();
    expect(nodeVersionWarning('gateway', 'v24.3.1', '24.21.0')).toBeUndefined();
  });

  it('when the running major differs, then one line names the process, both versions and how to start it', () => {
    const warning = nodeVersionWarning('order-service', 'v20.20.2', '24.21.0');
    expect(warning).toContain('order-service: running on Node v20.20.2, but this project pins Node v24.21.0');
    expect(warning).toContain('pnpm');
    expect(warning).not.toContain('\n');
  });

  it('when nothing is pinned (no workspace around the code), then there is no warning', () => {
    expect(nodeVersionWarning('gateway', 'v20.20.2', undefined)).toBeUndefined();
    expect(pinnedNodeVersion(new URL('file:///nonexistent/package.json'))).toBeUndefined();
  });

  it('when the process runs on the pinned Node, then warnIfNotPinnedNode writes nothing', () => {
    const lines: string[] = [];
    warnIfNotPinnedNode('test', (line) => lines.push(line));
    expect(lines).toEqual([]);
  });
});
