// The ETag cache persisted through the store's real SQLite journal: the till fetches the catalogue
// once, restarts without Smartcall, and still has it; back online it revalidates with a 304.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../electron/simulator';
import { createMemoryHttpCache, createSmartcallClient, DEFAULT_SMARTCALL_PATHS, type SmartcallLogEntry } from '../../../electron/smartcall';
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

describe('the kept catalogue on the sale path', () => {
  it('is parsed once per kept body, and again as soon as the kept body changes', () => {
    const recorded = (JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/smartcall-recordings/test_networks'), 'utf8')) as {
      response: { body: string };
    }[])[0]!.response.body;
    const cache = createMemoryHttpCache();
    const client = createSmartcallClient({ environment: 'qa', credentials: { username: 'u', password: 'p' }, cache });
    expect(client.cachedNetworks()).toBeNull();
    cache.put(DEFAULT_SMARTCALL_PATHS.networks, { etag: '1', body: recorded, storedAt: 1 });
    const first = client.cachedNetworks();
    expect(first).toHaveLength(12);
    expect(client.cachedNetworks()).toBe(first);
    cache.put(DEFAULT_SMARTCALL_PATHS.networks, { etag: '2', body: recorded.replace('"Vodacom"', '"Vodacom SA"'), storedAt: 2 });
    const changed = client.cachedNetworks();
    expect(changed).not.toBe(first);
    expect(changed?.[0]?.description).toBe('Vodacom SA');
    cache.put(DEFAULT_SMARTCALL_PATHS.networks, { etag: '3', body: 'not json', storedAt: 3 });
    expect(client.cachedNetworks()).toBeNull();
  });
});
