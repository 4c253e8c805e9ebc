import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { loadDotEnv, REPOSITORY_ENV_FILE } from './dot-env.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dot-env-'));
const file = path.join(dir, '.env');
fs.writeFileSync(file, '# a comment\nFROM_FILE=file\nBOTH=file\nEMPTY_IN_ENV=file\nQUOTED="a b"\n');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadDotEnv', () => {
  it('when a key is only in the file, then it is set; when it is in the environment too, the environment wins', () => {
    const env: Record<string, string | undefined> = { BOTH: 'env', EMPTY_IN_ENV: '' };
    expect(loadDotEnv(env, file)).toBe(file);
    expect(env).toEqual({ FROM_FILE: 'file', BOTH: 'env', EMPTY_IN_ENV: '', QUOTED: 'a b' });
  });

  it('when ENV_FILE names a file, then that file is read instead of the default one', () => {
    const env: Record<string, string | undefined> = { ENV_FILE: file };
    expect(loadDotEnv(env, path.join(dir, 'missing.env'))).toBe(file);
    expect(env.FROM_FILE).toBe('file');
  });

  it('when the default file does not exist, then nothing is read and nothing changes', () => {
    const env: Record<string, string | undefined> = { KEPT: 'yes' };
    expect(loadDotEnv(env, path.join(dir, 'missing.env'))).toBeUndefined();
    expect(env).toEqual({ KEPT: 'yes' });
  });

  it('when ENV_FILE names a file that does not exist, then it is a configuration error naming ENV_FILE', () => {
    expect(() => loadDotEnv({ ENV_FILE: path.join(dir, 'nope.env') })).toThrow(ConfigError);
    expect(() => loadDotEnv({ ENV_FILE: path.join(dir, 'nope.env') })).toThrow(/ENV_FILE: no such file/);
  });

  it('when the default file is asked for, then it is the .env at the repository root', () => {
    expect(REPOSITORY_ENV_FILE).toBe(path.resolve(import.meta.dirname, '../../../../.env'));
    expect(fs.existsSync(path.join(path.dirname(REPOSITORY_ENV_FILE), 'pnpm-workspace.yaml'))).toBe(true);
  });
});
