import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The till's data key: 32 random bytes that seal voucher PINs and the Smartcall password at rest.
 * The Electron shell keeps it wrapped by the OS keychain (safeStorage); the browser shell, which has
 * no keychain, keeps it in a file only this user can read (0600 in a 0700 folder). Losing the key
 * loses the sealed PINs, never the sales themselves.
 */
export interface DataKeyProvider {
  /** The 32-byte key, created on first use; the same bytes every later call and launch. */
  dataKey(): Buffer;
}

export const DATA_KEY_BYTES = 32;

export class DataKeyError extends Error {
  readonly code = 'DATA_KEY_UNREADABLE';
}

/** The browser shell's key: `<dataDir>/keys/data.key`, private to this user. */
export function createFileDataKeyProvider(dataDir: string): DataKeyProvider {
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'data.key');
  let cached: Buffer | undefined;
  return {
    dataKey() {
      if (cached) return cached;
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (process.platform !== 'win32') chmodSync(dir, 0o700);
      if (!existsSync(file)) {
        // 'wx' fails if another process created it in the meantime: then we read theirs.
        try {
          writeFileSync(file, randomBytes(DATA_KEY_BYTES).toString('base64'), { mode: 0o600, flag: 'wx' });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
      const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
      if (key.length !== DATA_KEY_BYTES) {
        throw new DataKeyError(`The till's key file ${file} is damaged. Restore it from a backup of the data folder; without it, stored voucher PINs cannot be read.`);
      }
      cached = key;
      return key;
    },
  };
}
