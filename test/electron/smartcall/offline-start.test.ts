// The ETag cache persisted through the store's real SQLite journal: the till fetches the catalogue
// once, restarts without Smartcall, and still has it; back online it revalidates with a 304.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../electron/simulator';
import { createSmartcallClient, type SmartcallLogEntry } from '../../../electron/smartcall';
import { openStore } from '../../../electron/store';
import { createAesGcmPinCipher } from '../../../electron/store/pin-cipher';

const dirs: string[] = [];
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('offline start with the last catalogue (real SQLite)', () => {
  it('keeps the catalogue across a restart and revalidates it with a 304', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'smartcall-cache-'));
    dirs.push(dataDir);
    const cipher = createAesGcmPinCipher(randomBytes(32));
    sim = await startSimulator({ port: 0, networkRotation: false });
    const creds = { username: sim.demo.username, password: sim.demo.password };

    let store = openStore({ dataDir, cipher });
    const online = createSmartcallClient({ environment: 'training', baseUrl: sim.baseUrl, credentials: creds, cache: store.httpCache });
    const catalogue = await online.networks();
    await online.shutdown();
    const baseUrl = sim.baseUrl;
    await sim.close();
    sim = undefined;
    store.close();

    // Restart, Smartcall unreachable.
    store = openStore({ dataDir, cipher });
    const offline = createSmartcallClient({ environment: 'training', baseUrl, credentials: creds, cache: store.httpCache });
    expect(offline.cachedNetworks()).toEqual(catalogue);
    const unreachable = await offline.networks().catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ kind: 'transport', outcomeUnknown: false });

    // Back online (same catalogue, same Etag): one 304, no new download.
    sim = await startSimulator({ port: 0, networkRotation: false });
    const log: SmartcallLogEntry[] = [];
    const again = createSmartcallClient({ environment: 'training', baseUrl: sim.baseUrl, credentials: creds, cache: store.httpCache, logger: { request: (e) => void log.push(e) } });
    expect(await again.networks()).toEqual(catalogue);
    expect(log.filter((e) => e.operation === 'networks').map((e) => e.status)).toEqual([304]);
    await again.shutdown();
    store.close();
  });
});
