import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../electron/store/migrate';
import { openJournal } from '../../../electron/store/open-journal';
import { isStoreError } from '../../../electron/store';
import { manualClock, openTestStore, ref, tempDataDir } from './helpers';

describe('migration 0003 (needs attention, acknowledged)', () => {
  it('does not flag failed sales that predate it', () => {
    const dataDir = tempDataDir();
    const v2 = openJournal({ dataDir, migrations: loadMigrations().slice(0, 2) });
    const r = ref();
    const { lastInsertRowid: id } = v2.db
      .prepare(`INSERT INTO sales (client_reference, kind, amount_cents, state, created_at, updated_at) VALUES (?, 'pinless', 100, 'intent', 1, 1)`)
      .run(r);
    const event = v2.db.prepare(`INSERT INTO sale_events (sale_id, at, from_state, to_state, cause) VALUES (?, 1, ?, ?, 'x')`);
    event.run(id, null, 'intent');
    event.run(id, 'intent', 'unknown');
    v2.db.prepare(`UPDATE sales SET state = 'unknown' WHERE id = ?`).run(id);
    event.run(id, 'unknown', 'failed');
    v2.db.prepare(`UPDATE sales SET state = 'failed' WHERE id = ?`).run(id);
    v2.db.close();
    const store = openTestStore({ dataDir });
    expect(store.appliedNow).toContain(3);
    expect(store.sales.getSale(r)).toMatchObject({ state: 'failed', needsAttention: false, acknowledgedAt: null });
    expect(store.sales.pendingCount().needsAttention).toBe(0);
  });

  it('flags a sale that fails after it was shown accepted or unknown, until a cashier acknowledges it', () => {
    const clock = manualClock();
    const store = openTestStore({ now: clock.now });
    const cashier = store.people.createCashier({ name: 'Ayanda', role: 'cashier', pinHash: 'h' });
    const make = () => store.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 100 });
    const refusedAtOnce = make();
    store.sales.transitionSale({ clientReference: refusedAtOnce.clientReference, from: 'intent', to: 'failed', cause: 'refused' });
    const late = make();
    store.sales.transitionSale({ clientReference: late.clientReference, from: 'intent', to: 'submitted', cause: 'accepted' });
    store.sales.transitionSale({ clientReference: late.clientReference, from: 'submitted', to: 'failed', cause: 'enquiry' });
    expect(store.sales.getSale(refusedAtOnce.clientReference)?.needsAttention).toBe(false);
    expect(store.sales.getSale(late.clientReference)?.needsAttention).toBe(true);
    expect(store.sales.attentionSales().map((s) => s.id)).toEqual([late.id]);
    clock.advance(60_000);
    const seen = store.sales.acknowledgeSale(late.clientReference, { cashierId: cashier.id });
    expect(seen).toMatchObject({ state: 'failed', needsAttention: false, acknowledgedAt: clock.now(), acknowledgedBy: cashier.id });
    expect(store.sales.saleEvents(late.clientReference).at(-1)).toMatchObject({ from: 'failed', to: 'failed', cause: `acknowledged:cashier ${cashier.id}` });
    // Twice is harmless and writes nothing more.
    store.sales.acknowledgeSale(late.clientReference, { cashierId: cashier.id });
    expect(store.sales.saleEvents(late.clientReference)).toHaveLength(4);
    expect(store.sales.pendingCount().needsAttention).toBe(0);
    try {
      store.sales.acknowledgeSale(ref());
      throw new Error('expected STORE_NOT_FOUND');
    } catch (e) {
      expect(isStoreError(e, 'STORE_NOT_FOUND')).toBe(true);
    }
  });
});
