import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../electron/store/migrate';
import { openJournal } from '../../../electron/store/open-journal';
import { openTestStore, ref, tempDataDir } from './helpers';

describe('migration 0002 (sales.request_json)', () => {
  it('upgrades a version-1 journal to the current schema in place: old sales keep everything and get a null request', () => {
    const dataDir = tempDataDir();
    const shipped = loadMigrations();
    // A journal as version 1 left it (today's repository code already expects version 2, so plain SQL).
    const v1 = openJournal({ dataDir, migrations: shipped.slice(0, 1) });
    const old = { clientReference: ref() };
    const db1 = v1.db;
    const { lastInsertRowid } = db1
      .prepare(`INSERT INTO sales (client_reference, kind, recipient_msisdn, amount_cents, state, created_at, updated_at)
        VALUES (?, 'pinless', '27821234567', 1200, 'intent', 1, 1)`)
      .run(old.clientReference);
    db1.prepare(`INSERT INTO sale_events (sale_id, at, to_state, cause) VALUES (?, 1, 'intent', 'journaled')`).run(lastInsertRowid);
    db1.close();
    // Upgrade to the current schema (0002 and everything after it).
    const v2 = openTestStore({ dataDir });
    expect(v2.appliedNow).toEqual(shipped.slice(1).map((m) => m.version));
    expect(v2.sales.saleEvents(old.clientReference).map((e) => e.to)).toEqual(['intent']);
    expect(v2.sales.getSale(old.clientReference)).toMatchObject({ amountCents: 1200, recipientMsisdn: '27821234567', state: 'intent', request: null });
    const request = { productId: 62, recipientMsisdn: '27821234567', amountCents: 1200, pinless: true, sendSms: false };
    const fresh = v2.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 1200, request });
    expect(v2.sales.getSale(fresh.clientReference)?.request).toEqual(request);
    v2.close();
    const db = new Database(v2.path, { readonly: true });
    expect(() => db.prepare(`SELECT request_json FROM sales`).all()).not.toThrow();
    db.close();
  });

  it('refuses a request that is not valid JSON at the database level', () => {
    const store = openTestStore();
    store.close();
    const db = new Database(store.path);
    expect(() =>
      db.prepare(`INSERT INTO sales (client_reference, kind, amount_cents, state, request_json, created_at, updated_at)
        VALUES (?, 'pinless', 1, 'intent', '{not json', 1, 1)`).run(ref()),
    ).toThrow(/CHECK/);
    db.close();
  });
});
