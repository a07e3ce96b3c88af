import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import { createAesGcmPinCipher, openStore, type Store, type StoreOptions } from '../../../electron/store';

/** A fixed key: tests must be deterministic, and the cipher is real AES-GCM. */
export const testCipher = createAesGcmPinCipher(new Uint8Array(32).fill(7));

const dirs: string[] = [];
const stores: Store[] = [];

/** A fresh data folder in the OS temp dir, removed after the test. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'till-store-'));
  dirs.push(dir);
  return dir;
}

/** A manual clock starting at a fixed instant (2026-11-27 10:00 SAST). */
export function manualClock(start = Date.UTC(2026, 10, 27, 8, 0, 0)) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}

/** Open a real store in a temp dir (closed after the test). */
export function openTestStore(options: Partial<StoreOptions> = {}): Store {
  const store = openStore({ dataDir: options.dataDir ?? tempDataDir(), cipher: testCipher, ...options });
  stores.push(store);
  return store;
}

/** A new clientReference. */
export const ref = () => randomUUID();

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
