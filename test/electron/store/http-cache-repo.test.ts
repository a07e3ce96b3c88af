import { describe, expect, it } from 'vitest';
import { openTestStore, tempDataDir } from './helpers';

describe('HTTP cache port in the journal', () => {
  it('round-trips an entry, replaces it, and keeps it across a restart', () => {
    const dataDir = tempDataDir();
    const store = openTestStore({ dataDir });
    expect(store.httpCache.get('/smartload/catalogue')).toBeUndefined();
    const body = JSON.stringify({ networks: [{ id: 1, description: 'Vodacom', products: [{ id: 62, amount: 12 }] }], note: 'ünïcode ✓' });
    store.httpCache.put('/smartload/catalogue', { etag: '1519580942', body, storedAt: 1000 });
    expect(store.httpCache.get('/smartload/catalogue')).toEqual({ etag: '1519580942', body, storedAt: 1000 });
    store.httpCache.put('/smartload/catalogue', { etag: '1519580999', body: '{}', storedAt: 2000 });
    expect(store.httpCache.get('/smartload/catalogue')).toEqual({ etag: '1519580999', body: '{}', storedAt: 2000 });
    store.httpCache.put('/smartload/products/1', { etag: '7', body: '[]', storedAt: 3000 });
    store.close();
    const again = openTestStore({ dataDir });
    expect(again.httpCache.get('/smartload/catalogue')?.etag).toBe('1519580999');
    expect(again.httpCache.get('/smartload/products/1')).toEqual({ etag: '7', body: '[]', storedAt: 3000 });
  });
});
