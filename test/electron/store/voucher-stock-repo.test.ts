import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../../../electron/store';
import { manualClock, openTestStore, ref } from './helpers';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isStoreError(e)) return e.code;
    throw e;
  }
  return 'no error';
};

const stock = (n: number, over: { expiryAt?: (i: number) => number } = {}) =>
  Array.from({ length: n }, (_, i) => ({ productId: 65, network: 'Vodacom', amountCents: 1200, serial: `SER${i}`, pin: `99887766${String(i).padStart(4, '0')}`, batchNumber: 'B1', expiryAt: over.expiryAt?.(i) ?? 2_000_000_000_000 + i }));

describe('local voucher stock', () => {
  it('imports all or nothing, with PINs sealed at rest', () => {
    const store = openTestStore();
    expect(store.vouchers.importVouchers(stock(3))).toBe(3);
    expect(store.vouchers.availableVouchers(65)).toBe(3);
    expect(codeOf(() => store.vouchers.importVouchers([...stock(5)].slice(2)))).toBe('STORE_CONFLICT');
    expect(store.vouchers.availableVouchers(65)).toBe(3);
    expect(codeOf(() => store.vouchers.importVouchers([{ productId: 65, amountCents: 100, serial: 'X', pin: '' }]))).toBe('STORE_INVALID_INPUT');
    store.close();
    for (const name of readdirSync(store.dataDir).filter((n) => n.startsWith('journal'))) {
      expect(readFileSync(join(store.dataDir, name)).includes('998877660000')).toBe(false);
    }
  });

  it('sells each PIN exactly once, soonest expiry first, delivering the sale in the same transaction', () => {
    const clock = manualClock();
    const store = openTestStore({ now: clock.now });
    store.vouchers.importVouchers(stock(2, { expiryAt: (i) => 2_000_000_000_000 - i }));
    const a = store.sales.createSaleIntent({ clientReference: ref(), kind: 'voucher', productId: 65, amountCents: 1200 });
    const b = store.sales.createSaleIntent({ clientReference: ref(), kind: 'voucher', productId: 65, amountCents: 1200 });
    const c = store.sales.createSaleIntent({ clientReference: ref(), kind: 'voucher', productId: 65, amountCents: 1200 });
    const soldA = store.vouchers.claimVoucher({ clientReference: a.clientReference, productId: 65 });
    expect(soldA).toMatchObject({ state: 'delivered', voucher: { hasPin: true, ticketNumber: 'SER1' } });
    expect(store.sales.saleEvents(a.clientReference).at(-1)).toMatchObject({ from: 'intent', to: 'delivered', cause: 'local-stock:claimed voucher SER1' });
    const soldB = store.vouchers.claimVoucher({ clientReference: b.clientReference, productId: 65 });
    const pins = [store.sales.revealVoucherPins(soldA.clientReference).pin, store.sales.revealVoucherPins(soldB.clientReference).pin];
    expect(new Set(pins).size).toBe(2);
    expect(store.vouchers.availableVouchers(65)).toBe(0);
    // Out of stock: typed refusal, the sale stays journaled and unsent.
    expect(codeOf(() => store.vouchers.claimVoucher({ clientReference: c.clientReference, productId: 65 }))).toBe('STORE_CONFLICT');
    expect(store.sales.getSale(c.clientReference)?.state).toBe('intent');
    // A delivered sale cannot claim a second PIN.
    store.vouchers.importVouchers([{ productId: 65, amountCents: 1200, serial: 'SER9', pin: '1111222233334444' }]);
    expect(codeOf(() => store.vouchers.claimVoucher({ clientReference: a.clientReference, productId: 65 }))).toBe('STORE_ILLEGAL_TRANSITION');
    expect(store.vouchers.availableVouchers(65)).toBe(1);
    // And the database refuses a PIN sold to two sales even if code tried.
    store.close();
    const db = new Database(store.path);
    expect(() => db.prepare(`UPDATE voucher_stock SET sold_sale_id = ? WHERE serial = 'SER9'`).run(soldA.id)).toThrow(/UNIQUE/);
    db.close();
  });

  it('records every reprint as a copy in the sale history', () => {
    const store = openTestStore();
    store.vouchers.importVouchers(stock(1));
    const sale = store.sales.createSaleIntent({ clientReference: ref(), kind: 'voucher', productId: 65, amountCents: 1200 });
    store.vouchers.claimVoucher({ clientReference: sale.clientReference, productId: 65 });
    const copy = store.sales.recordReprint(sale.clientReference, { cashierId: undefined });
    expect(copy.pin).toBe('998877660000');
    expect(store.sales.saleEvents(sale.clientReference).at(-1)).toMatchObject({ from: 'delivered', to: 'delivered', cause: 'reprint:copy' });
    const plain = store.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 100 });
    expect(codeOf(() => store.sales.recordReprint(plain.clientReference))).toBe('STORE_CONFLICT');
    expect(JSON.stringify(store.sales.saleEvents(sale.clientReference))).not.toContain('998877660000');
  });
});
