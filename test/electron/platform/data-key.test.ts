import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileDataKeyProvider, DATA_KEY_BYTES, DataKeyError } from '../../../electron/platform/data-key';

const posix = process.platform !== 'win32';

describe('createFileDataKeyProvider (a real key file in a temp data folder)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'till-data-key-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes a 32-byte key on first use and gives the same bytes afterwards and after a restart', () => {
    const first = createFileDataKeyProvider(dataDir).dataKey();
    expect(first).toHaveLength(DATA_KEY_BYTES);
    expect(createFileDataKeyProvider(dataDir).dataKey().equals(first)).toBe(true);
    expect(createFileDataKeyProvider(dataDir).dataKey()).not.toBe(first); // a copy read from disk, same bytes
  });

  it('makes a different key for a different till', () => {
    const other = mkdtempSync(join(tmpdir(), 'till-data-key-other-'));
    try {
      expect(createFileDataKeyProvider(other).dataKey().equals(createFileDataKeyProvider(dataDir).dataKey())).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it.runIf(posix)('keeps the key readable by this user only, tightening a loose keys folder', () => {
    mkdirSync(join(dataDir, 'keys'), { mode: 0o755 });
    chmodSync(join(dataDir, 'keys'), 0o755);
    createFileDataKeyProvider(dataDir).dataKey();
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'keys', 'data.key')).mode & 0o777).toBe(0o600);
  });

  it('uses a key another process wrote first', () => {
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    const theirs = Buffer.alloc(DATA_KEY_BYTES, 7);
    writeFileSync(join(dataDir, 'keys', 'data.key'), theirs.toString('base64'));
    expect(createFileDataKeyProvider(dataDir).dataKey().equals(theirs)).toBe(true);
  });

  it('refuses a damaged key file with DATA_KEY_UNREADABLE naming it, and leaves it as it was', () => {
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    const file = join(dataDir, 'keys', 'data.key');
    writeFileSync(file, 'c2hvcnQ=');
    let error: unknown;
    try {
      createFileDataKeyProvider(dataDir).dataKey();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataKeyError);
    expect((error as DataKeyError).code).toBe('DATA_KEY_UNREADABLE');
    expect((error as DataKeyError).message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('c2hvcnQ=');
  });
});
