import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageDataKeyProvider } from '../../../electron/main/data-key-safe-storage';
import { createFileDataKeyProvider, DATA_KEY_BYTES, DataKeyError } from '../../../electron/platform/data-key';

/**
 * The OS keychain is the edge here (safeStorage needs Electron and a desktop session): this one
 * seals with a per-user XOR mask, so a sealed file is not the key in clear and another "user"
 * cannot open it, as with DPAPI.
 */
function keychain(user: number, available = true) {
  const mask = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ (0x5a + user)));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain: string) => Buffer.concat([Buffer.from(`u${user}:`), mask(Buffer.from(plain, 'utf8'))]),
    decryptString: (sealed: Buffer) => {
      if (!sealed.subarray(0, 3).equals(Buffer.from(`u${user}:`))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return mask(sealed.subarray(3)).toString('utf8');
    },
  };
}

describe('createSafeStorageDataKeyProvider', () => {
  let dataDir: string;
  let warnings: string[];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'till-sealed-key-'));
    warnings = [];
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });
  const sealedFile = () => join(dataDir, 'keys', 'data.key.sealed');

  it('seals a new 32-byte key with the keychain and opens the same key after a restart', () => {
    const key = createSafeStorageDataKeyProvider(dataDir, keychain(1), (m) => warnings.push(m)).dataKey();
    expect(key).toHaveLength(DATA_KEY_BYTES);
    expect(readFileSync(sealedFile()).includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(createSafeStorageDataKeyProvider(dataDir, keychain(1), (m) => warnings.push(m)).dataKey().equals(key)).toBe(true);
    expect(existsSync(join(dataDir, 'keys', 'data.key'))).toBe(false); // no key in clear next to it
    expect(warnings).toEqual([]);
  });

  it('falls back to the private key file, and says so, when there is no keychain', () => {
    const key = createSafeStorageDataKeyProvider(dataDir, keychain(1, false), (m) => warnings.push(m)).dataKey();
    expect(key.equals(createFileDataKeyProvider(dataDir).dataKey())).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(existsSync(sealedFile())).toBe(false);
  });

  it('refuses, typed, when the keychain is gone but a sealed key exists (no silent new key)', () => {
    createSafeStorageDataKeyProvider(dataDir, keychain(1), () => {}).dataKey();
    const before = readFileSync(sealedFile());
    expect(() => createSafeStorageDataKeyProvider(dataDir, keychain(1, false), () => {}).dataKey()).toThrow(DataKeyError);
    expect(readFileSync(sealedFile()).equals(before)).toBe(true);
    expect(existsSync(join(dataDir, 'keys', 'data.key'))).toBe(false);
  });

  it('refuses, typed and naming the file, when another user’s keychain cannot open the key', () => {
    createSafeStorageDataKeyProvider(dataDir, keychain(1), () => {}).dataKey();
    let error: unknown;
    try {
      createSafeStorageDataKeyProvider(dataDir, keychain(2), () => {}).dataKey();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataKeyError);
    expect((error as DataKeyError).code).toBe('DATA_KEY_UNREADABLE');
    expect((error as DataKeyError).message).toContain(sealedFile());
  });

  it('refuses a sealed key of the wrong length', () => {
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    writeFileSync(sealedFile(), keychain(1).encryptString(Buffer.alloc(16).toString('base64')));
    expect(() => createSafeStorageDataKeyProvider(dataDir, keychain(1), () => {}).dataKey()).toThrow(DataKeyError);
  });
});
