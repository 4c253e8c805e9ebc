import { describe, expect, it } from 'vitest';
import { originOf, summarizeProfile, type CpuProfile } from './profile-summary.js';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

// root -> handler (ours) -> info (pino) ; root -> (idle)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4] },
    { id: 2, callFrame: frame('handle', 'file:///work/main/gateway/src/app.ts'), children: [3] },
    {
      id: 3,
      callFrame: frame('write', 'file:///work/main/node_modules/.pnpm/pino@9.0.0/node_modules/pino/lib/proto.js'),
    },
    { id: 4, callFrame: frame('(idle)') },
  ],
  startTime: 1000,
  samples: [2, 3, 3, 4, 3],
  timeDeltas: [10, 10, 10, 10, 1000],
};

describe('originOf', () => {
  it('when a frame is in a pnpm package, in node, or in our source, then it is named by that origin', () => {
    expect(originOf('file:///x/node_modules/.pnpm/@scope+pkg@1.0.0/node_modules/@scope/pkg/index.js', 'f')).toBe(
      '@scope/pkg',
    );
    expect(originOf('node:_http_server', 'f')).toBe('node:_http_server');
    expect(originOf('file:///work/main/services/order-service/src/app.ts', 'f')).toBe(
      'ours: services/order-service/src/app.ts',
    );
    expect(originOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});

describe('summarizeProfile', () => {
  it('when samples fall outside the window, then they are left out, and idle ones count only in the total', () => {
    const summary = summarizeProfile(profile, { fromUs: 1000, toUs: 1045 });
    expect(summary.samples).toBe(4);
    expect(summary.busyPercent).toBe(75);
    expect(summary.topFunctions[0]).toEqual({ name: 'write pino/lib/proto.js:1', percent: 66.7 });
    expect(summary.byOrigin).toEqual([
      { name: 'pino', percent: 66.7 },
      { name: 'ours: gateway/src/app.ts', percent: 33.3 },
    ]);
    expect(summary.inclusive).toContainEqual({ name: 'handle gateway/src/app.ts:1', percent: 100 });
  });
});
