import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isStoreError, StoreError, type SaleIntentInput, type Store } from '../../../electron/store';
import { openJournal } from '../../../electron/store/open-journal';
import { createSalesRepository } from '../../../electron/store/sales-repo';
import { manualClock, openTestStore, ref, tempDataDir, testCipher } from './helpers';

const raw = (store: Store) => new Database(store.path);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isStoreError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

function counts(store: Store) {
  const db = raw(store);
  const result = {
    sales: (db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n,
    events: (db.prepare('SELECT count(*) AS n FROM sale_events').get() as { n: number }).n,
  };
  db.close();
  return result;
}

const pinless = (over: Partial<SaleIntentInput> = {}): SaleIntentInput => ({
  clientReference: ref(),
  kind: 'pinless',
  productId: 62,
  productName: 'Vodacom R12',
  network: 'Vodacom',
  recipientMsisdn: '27821234567',
  amountCents: 1200,
  ...over,
});

describe('journaling a sale', () => {
  it('writes the intent and its first event together', () => {
    const clock = manualClock();
    const store = openTestStore({ now: clock.now });
    const sale = store.sales.createSaleIntent(pinless());
    expect(sale).toMatchObject({ state: 'intent', amountCents: 1200, createdAt: clock.now(), kind: 'pinless', recipientMsisdn: '27821234567' });
    expect(store.sales.saleEvents(sale.clientReference)).toEqual([
      expect.objectContaining({ from: null, to: 'intent', cause: 'journaled', at: clock.now(), raw: null }),
    ]);
    // Durable and visible to another connection at once (it is committed, not just cached).
    expect(counts(store)).toEqual({ sales: 1, events: 1 });
  });

  it('journals a queued sale in state queued', () => {
    const store = openTestStore();
    const sale = store.sales.createQueuedSale(pinless());
    expect(sale.state).toBe('queued');
    expect(store.sales.saleEvents(sale.clientReference).map((e) => e.to)).toEqual(['queued']);
  });

  it('refuses a second sale with the same reference and writes nothing', () => {
    const store = openTestStore();
    const input = pinless();
    store.sales.createSaleIntent(input);
    expect(codeOf(() => store.sales.createSaleIntent({ ...input, amountCents: 99 }))).toBe('STORE_DUPLICATE_REFERENCE');
    expect(codeOf(() => store.sales.createSaleIntent({ ...input, clientReference: input.clientReference.toUpperCase() }))).toBe('STORE_DUPLICATE_REFERENCE');
    expect(counts(store)).toEqual({ sales: 1, events: 1 });
  });

  it.each([
    ['a reference that is not a UUID', { clientReference: 'abc' }],
    ['fractional cents', { amountCents: 12.5 }],
    ['negative cents', { amountCents: -1 }],
    ['a number with letters', { recipientMsisdn: '2782abc4567' }],
    ['an unknown kind', { kind: 'lottery' as never }],
  ])('refuses %s with STORE_INVALID_INPUT and writes nothing', (_name, over) => {
    const store = openTestStore();
    expect(codeOf(() => store.sales.createSaleIntent(pinless(over)))).toBe('STORE_INVALID_INPUT');
    expect(counts(store)).toEqual({ sales: 0, events: 0 });
  });

  it('stops with STORE_WRITE_FAILED when the disk is full, before anything could be sent', () => {
    const dataDir = tempDataDir();
    const opened = openJournal({ dataDir });
    const sales = createSalesRepository(opened.db, { cipher: testCipher, now: Date.now });
    // A real SQLITE_FULL: cap the file at its current size plus a page or two.
    const pages = Number(opened.db.pragma('page_count', { simple: true }));
    opened.db.pragma(`max_page_count = ${pages + 1}`);
    let error: unknown;
    try {
      for (let i = 0; i < 200; i++) sales.createSaleIntent(pinless({ productName: 'x'.repeat(200) }));
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error, 'STORE_WRITE_FAILED')).toBe(true);
    expect((error as StoreError).message).toContain('disk is full');
    expect((error as StoreError).message).toContain('Nothing was sent to Smartcall');
    // Every sale that was journaled has its event; the refused one left nothing.
    const sold = opened.db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number };
    const events = opened.db.prepare('SELECT count(*) AS n FROM sale_events').get() as { n: number };
    expect(events.n).toBe(sold.n);
    opened.db.close();
  });
});

describe('changing a sale state', () => {
  it('moves the sale and logs old state, new state, cause and the raw answer in one step', () => {
    const clock = manualClock();
    const store = openTestStore({ now: clock.now });
    const { clientReference } = store.sales.createSaleIntent(pinless());
    clock.advance(1500);
    const answer = { error: null, responseCode: 'SUCCESS', recharge: { orderReferenceId: 130078272, amount: 12, cost: 11.34 } };
    const sale = store.sales.transitionSale({
      clientReference,
      from: 'intent',
      to: 'submitted',
      cause: 'smartcall:accepted',
      raw: answer,
      patch: { orderReferenceId: '130078272', costCents: 1134, nextCheckAt: clock.now() + 5000 },
    });
    expect(sale).toMatchObject({ state: 'submitted', orderReferenceId: '130078272', costCents: 1134, updatedAt: clock.now(), nextCheckAt: clock.now() + 5000 });
    const events = store.sales.saleEvents(clientReference);
    expect(events.at(-1)).toMatchObject({ from: 'intent', to: 'submitted', cause: 'smartcall:accepted', at: clock.now(), raw: answer });
  });

  it('refuses an illegal change with STORE_ILLEGAL_TRANSITION and changes nothing', () => {
    const store = openTestStore();
    const { clientReference } = store.sales.createSaleIntent(pinless());
    store.sales.transitionSale({ clientReference, from: 'intent', to: 'delivered', cause: 'smartcall:delivered' });
    expect(codeOf(() => store.sales.transitionSale({ clientReference, from: 'delivered', to: 'failed', cause: 'x' }))).toBe('STORE_ILLEGAL_TRANSITION');
    expect(codeOf(() => store.sales.transitionSale({ clientReference, from: 'intent', to: 'queued', cause: 'x' }))).toBe('STORE_ILLEGAL_TRANSITION');
    expect(store.sales.getSale(clientReference)?.state).toBe('delivered');
    expect(store.sales.saleEvents(clientReference)).toHaveLength(2);
  });

  it('refuses a change from a state the sale is no longer in (two writers racing)', () => {
    const store = openTestStore();
    const { clientReference } = store.sales.createSaleIntent(pinless());
    store.sales.transitionSale({ clientReference, from: 'intent', to: 'unknown', cause: 'timeout' });
    expect(codeOf(() => store.sales.transitionSale({ clientReference, from: 'intent', to: 'failed', cause: 'late answer' }))).toBe('STORE_STALE_STATE');
    expect(codeOf(() => store.sales.transitionSale({ clientReference: ref(), from: 'intent', to: 'failed', cause: 'x' }))).toBe('STORE_NOT_FOUND');
    expect(store.sales.saleEvents(clientReference).map((e) => e.to)).toEqual(['intent', 'unknown']);
  });

  it('writes neither the event nor the state when the second statement fails', () => {
    const store = openTestStore();
    const { clientReference } = store.sales.createSaleIntent(pinless());
    // Another connection plants a trigger that makes the UPDATE (the second statement) fail.
    const db = raw(store);
    db.exec(`CREATE TRIGGER test_boom BEFORE UPDATE OF state ON sales BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    db.close();
    let error: unknown;
    try {
      store.sales.transitionSale({ clientReference, from: 'intent', to: 'submitted', cause: 'smartcall:accepted', raw: { ok: 1 } });
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error, 'STORE_WRITE_FAILED')).toBe(true);
    expect(store.sales.getSale(clientReference)?.state).toBe('intent');
    expect(store.sales.saleEvents(clientReference).map((e) => e.to)).toEqual(['intent']);
    expect(counts(store)).toEqual({ sales: 1, events: 1 });
  });

  it('seals voucher PINs at rest and keeps them out of the event log', () => {
    const store = openTestStore();
    const { clientReference } = store.sales.createSaleIntent(pinless({ kind: 'voucher' }));
    const pin = '8451237795121034';
    const answer = { responseCode: 'SUCCESS', transaction: { voucherPin: pin, additionalVoucherPin: null, ticketNumber: 'T-1', accessToken: 'eyJ.secret' } };
    const sale = store.sales.transitionSale({
      clientReference,
      from: 'intent',
      to: 'delivered',
      cause: 'smartcall:delivered',
      raw: JSON.stringify(answer),
      patch: { voucherPin: pin, voucherTicketNumber: 'T-1', voucherExpiryAt: 1_900_000_000_000 },
    });
    expect(sale.voucher).toEqual({ hasPin: true, hasExtraPin: false, ticketNumber: 'T-1', boxNumber: null, batchNumber: null, expiryAt: 1_900_000_000_000 });
    expect(JSON.stringify(sale)).not.toContain(pin);
    expect(store.sales.revealVoucherPins(clientReference)).toEqual({ pin, extraPin: null });
    const logged = store.sales.saleEvents(clientReference).at(-1)!.raw as { transaction: Record<string, unknown> };
    expect(logged.transaction).toEqual({ voucherPin: '[redacted]', additionalVoucherPin: null, ticketNumber: 'T-1', accessToken: '[redacted]' });
    store.close();
    // Not in the file, the WAL, or anywhere on disk.
    for (const name of readdirSync(store.dataDir)) {
      if (name.startsWith('journal')) expect(readFileSync(join(store.dataDir, name)).includes(pin)).toBe(false);
    }
  });

  it('clears or sets the error shown on screen only when asked', () => {
    const store = openTestStore();
    const { clientReference } = store.sales.createSaleIntent(pinless());
    store.sales.transitionSale({ clientReference, from: 'intent', to: 'unknown', cause: 'timeout', patch: { error: { code: 'NET_TIMEOUT', message: 'No answer yet' } } });
    expect(store.sales.getSale(clientReference)).toMatchObject({ errorCode: 'NET_TIMEOUT', errorMessage: 'No answer yet' });
    store.sales.transitionSale({ clientReference, from: 'unknown', to: 'submitted', cause: 'enquiry:pending' });
    expect(store.sales.getSale(clientReference)?.errorCode).toBe('NET_TIMEOUT');
    store.sales.transitionSale({ clientReference, from: 'submitted', to: 'delivered', cause: 'enquiry:delivered', patch: { error: null } });
    expect(store.sales.getSale(clientReference)).toMatchObject({ errorCode: null, errorMessage: null });
  });
});

describe('append-only journal, enforced by the database', () => {
  it('refuses to update or delete an event, to delete a sale, or to change a state without its event', () => {
    const store = openTestStore();
    const { clientReference } = store.sales.createSaleIntent(pinless());
    const db = raw(store);
    expect(() => db.prepare(`UPDATE sale_events SET cause = 'edited'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM sale_events').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM sales').run()).toThrow(/never deleted/);
    expect(() => db.prepare(`UPDATE sales SET state = 'delivered'`).run()).toThrow(/needs its sale_events row/);
    db.close();
    expect(store.sales.getSale(clientReference)?.state).toBe('intent');
    expect(store.sales.saleEvents(clientReference)).toHaveLength(1);
  });
});

describe('finding sales', () => {
  const day = Date.UTC(2026, 10, 27, 6, 0); // 08:00 SAST
  function seed(store: Store) {
    const make = (minutes: number, over: Partial<SaleIntentInput>) =>
      store.sales.createSaleIntent(pinless({ at: day + minutes * 60_000, ...over }));
    const a = make(0, { recipientMsisdn: '27821234567', amountCents: 1000 });
    const b = make(10, { recipientMsisdn: '27831112222', amountCents: 2000 });
    const c = make(20, { recipientMsisdn: '27821234567', amountCents: 3000 });
    const d = make(30, { kind: 'electricity', recipientMsisdn: undefined, meterNumber: '04123456789', amountCents: 5000 });
    const e = make(24 * 60, { recipientMsisdn: '27840000000', amountCents: 7000 }); // next day
    store.sales.transitionSale({ clientReference: a.clientReference, from: 'intent', to: 'delivered', cause: 't', patch: { orderReferenceId: '130078272', costCents: 945 } });
    store.sales.transitionSale({ clientReference: b.clientReference, from: 'intent', to: 'failed', cause: 't' });
    store.sales.transitionSale({ clientReference: d.clientReference, from: 'intent', to: 'delivered', cause: 't', patch: { costCents: 4900 } });
    return { a, b, c, d, e };
  }

  it('finds by phone number typed the local way or the international way, and by its first digits', () => {
    const store = openTestStore();
    const { a, c } = seed(store);
    const byLocal = store.sales.listSales({ query: '0821234567' }).sales.map((s) => s.clientReference);
    expect(byLocal).toEqual([c.clientReference, a.clientReference]);
    expect(store.sales.listSales({ query: '27821234567' }).sales.map((s) => s.clientReference)).toEqual(byLocal);
    expect(store.sales.listSales({ query: '082' }).sales).toHaveLength(2);
    expect(store.sales.listSales({ query: '0829999999' }).sales).toHaveLength(0);
  });

  it('finds by order reference, meter number and reference prefix', () => {
    const store = openTestStore();
    const { a, d, e } = seed(store);
    expect(store.sales.listSales({ query: '130078272' }).sales.map((s) => s.id)).toEqual([a.id]);
    expect(store.sales.listSales({ query: '0412345' }).sales.map((s) => s.id)).toEqual([d.id]);
    expect(store.sales.listSales({ query: e.clientReference.slice(0, 13).toUpperCase() }).sales.map((s) => s.id)).toEqual([e.id]);
    expect(store.sales.listSales({ query: 'Robert' }).sales).toEqual([]);
  });

  it('filters by status, kind and date, newest first', () => {
    const store = openTestStore();
    const { a, b, c, d } = seed(store);
    const { from, to } = { from: day - 2 * 3600_000, to: day + 22 * 3600_000 };
    expect(store.sales.listSales({ from, to }).sales.map((s) => s.id)).toEqual([d.id, c.id, b.id, a.id]);
    expect(store.sales.listSales({ states: ['delivered'] }).sales.map((s) => s.id)).toEqual([d.id, a.id]);
    expect(store.sales.listSales({ states: ['intent'], from, to }).sales.map((s) => s.id)).toEqual([c.id]);
    expect(store.sales.listSales({ kinds: ['electricity'] }).sales.map((s) => s.id)).toEqual([d.id]);
    expect(store.sales.listSales({ query: '082', states: ['failed'] }).sales).toEqual([]);
  });

  it('pages with a cursor without skipping or repeating, even with equal timestamps', () => {
    const store = openTestStore();
    const at = day;
    const made = Array.from({ length: 23 }, (_, i) => store.sales.createSaleIntent(pinless({ at: at + Math.floor(i / 4) })));
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = store.sales.listSales({ limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...page.sales.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((s) => s.id).reverse());
    expect(codeOf(() => store.sales.listSales({ cursor: 'garbage' }))).toBe('STORE_INVALID_INPUT');
  });

  it("totals a local day's sales by outcome, in cents", () => {
    const store = openTestStore();
    seed(store);
    const totals = store.sales.dayTotals('2026-11-27');
    expect(totals.delivered).toEqual({ count: 2, amountCents: 6000, costCents: 5845 });
    expect(totals.failed).toEqual({ count: 1, amountCents: 2000, costCents: 0 });
    expect(totals.pending).toEqual({ count: 1, amountCents: 3000, costCents: 0 });
    expect(totals.deliveredByKind).toEqual({ pinless: { count: 1, amountCents: 1000, costCents: 945 }, electricity: { count: 1, amountCents: 5000, costCents: 4900 } });
    expect(store.sales.dayTotals('2026-11-28').pending).toEqual({ count: 1, amountCents: 7000, costCents: 0 });
    // 01:00 SAST on the 27th is still the 26th in UTC: the day follows the till's clock.
    store.sales.createSaleIntent(pinless({ at: Date.UTC(2026, 10, 26, 23, 0), amountCents: 100 }));
    expect(store.sales.dayTotals('2026-11-27').pending.count).toBe(2);
    expect(store.sales.dayTotals('2026-11-26').pending.count).toBe(0);
    expect(codeOf(() => store.sales.dayTotals('27/11/2026'))).toBe('STORE_INVALID_INPUT');
  });
});

describe('what the reconciler and the offline queue read', () => {
  it('lists unresolved sales due for a check and counts pending and queued', () => {
    const clock = manualClock();
    const store = openTestStore({ now: clock.now });
    const a = store.sales.createSaleIntent(pinless());
    const b = store.sales.createSaleIntent(pinless());
    const c = store.sales.createSaleIntent(pinless());
    store.sales.createQueuedSale(pinless());
    store.sales.transitionSale({ clientReference: b.clientReference, from: 'intent', to: 'submitted', cause: 't', patch: { nextCheckAt: clock.now() + 60_000 } });
    store.sales.transitionSale({ clientReference: c.clientReference, from: 'intent', to: 'delivered', cause: 't' });
    expect(store.sales.pendingSales({ dueBy: clock.now() }).map((s) => s.id)).toEqual([a.id]);
    expect(store.sales.pendingSales().map((s) => s.id)).toEqual([a.id, b.id]);
    store.sales.scheduleCheck(a.clientReference, clock.now() + 120_000, 1);
    expect(store.sales.getSale(a.clientReference)).toMatchObject({ checkAttempts: 1, nextCheckAt: clock.now() + 120_000, state: 'intent' });
    expect(store.sales.pendingSales({ dueBy: clock.now() + 60_000 }).map((s) => s.id)).toEqual([b.id]);
    expect(store.sales.pendingCount()).toEqual({ unresolved: 2, queued: 1, needsAttention: 0 });
    expect(codeOf(() => store.sales.scheduleCheck(ref(), null, 0))).toBe('STORE_NOT_FOUND');
  });

  it('keeps the queue in order and reports its total value and oldest sale', () => {
    const clock = manualClock();
    const store = openTestStore({ now: clock.now });
    expect(store.sales.queuedTotals()).toEqual({ count: 0, amountCents: 0, oldestAt: null });
    const first = store.sales.createQueuedSale(pinless({ amountCents: 500 }));
    clock.advance(1000);
    const second = store.sales.createQueuedSale(pinless({ amountCents: 700 }));
    clock.advance(1000);
    const third = store.sales.createQueuedSale(pinless({ amountCents: 900 }));
    store.sales.transitionSale({ clientReference: second.clientReference, from: 'queued', to: 'cancelled', cause: 'supervisor:cancel' });
    expect(store.sales.queuedSales().map((s) => s.id)).toEqual([first.id, third.id]);
    expect(store.sales.queuedTotals()).toEqual({ count: 2, amountCents: 1400, oldestAt: first.createdAt });
    store.sales.transitionSale({ clientReference: first.clientReference, from: 'queued', to: 'intent', cause: 'forward' });
    expect(store.sales.queuedSales().map((s) => s.id)).toEqual([third.id]);
    expect(store.sales.saleEvents(first.clientReference).map((e) => [e.from, e.to])).toEqual([[null, 'queued'], ['queued', 'intent']]);
  });
});

describe('StoreError', () => {
  it('is an Error with a stable code', () => {
    const e = new StoreError('STORE_NOT_FOUND', 'x');
    expect(e).toBeInstanceOf(Error);
    expect(isStoreError(e, 'STORE_NOT_FOUND')).toBe(true);
    expect(isStoreError(e, 'STORE_CLOSED')).toBe(false);
  });
});
