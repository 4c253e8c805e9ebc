import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimDrillLock } from './drill-lock.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-lock-'));
const file = path.join(dir, 'state.lock');
afterEach(() => fs.rmSync(file, { force: true }));

describe('the drill lock', () => {
  it('when nobody holds it, then this process takes it and the file holds its pid', () => {
    expect(claimDrillLock(file)).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
  });

  it('when a live process holds it, then its pid is answered and the file is left alone', () => {
    fs.writeFileSync(file, String(process.ppid));
    expect(claimDrillLock(file)).toBe(process.ppid);
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.ppid));
  });

  it('when the holder is gone, then the lock is taken over', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(file, gone);
    expect(claimDrillLock(file)).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
  });
});
