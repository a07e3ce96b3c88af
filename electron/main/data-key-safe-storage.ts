import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { createFileDataKeyProvider, DATA_KEY_BYTES, DataKeyError, type DataKeyProvider } from '../platform/data-key';

/**
 * The Electron shell's data key: random bytes wrapped by the OS keychain through safeStorage
 * (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux), so a copy of the data folder
 * alone does not open the sealed PINs and password. Where no keychain is available (a bare Linux
 * desktop), it falls back to the private key file the browser shell uses, and says so.
 */
export function createSafeStorageDataKeyProvider(
  dataDir: string,
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
  warn: (message: string) => void,
): DataKeyProvider {
  const file = join(dataDir, 'keys', 'data.key.sealed');
  const fallback = createFileDataKeyProvider(dataDir);
  let cached: Buffer | undefined;
  return {
    dataKey() {
      if (cached) return cached;
      if (!safeStorage.isEncryptionAvailable()) {
        if (existsSync(file)) throw new DataKeyError('The OS keychain that protects the till key is not available. Sign in to the desktop session that set the till up.');
        warn('No OS keychain: the till key is kept in a private file instead.');
        return (cached = fallback.dataKey());
      }
      if (!existsSync(file)) {
        mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
        writeFileSync(file, safeStorage.encryptString(randomBytes(DATA_KEY_BYTES).toString('base64')), { mode: 0o600, flag: 'wx' });
      }
      let plain: string;
      try {
        plain = safeStorage.decryptString(readFileSync(file));
      } catch (error) {
        // Another Windows/desktop user, a reinstalled OS or a copied data folder: the keychain cannot open it.
        throw new DataKeyError(
          `The OS keychain cannot open the till key ${file} (${error instanceof Error ? error.message : String(error)}). Sign in as the user who set the till up, or restore the data folder from a backup.`,
        );
      }
      const key = Buffer.from(plain, 'base64');
      if (key.length !== DATA_KEY_BYTES) throw new DataKeyError(`The till key ${file} is damaged. Restore the data folder from a backup.`);
      return (cached = key);
    },
  };
}
