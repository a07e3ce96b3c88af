import type { Database } from 'better-sqlite3';
import { StoreError } from './errors';
import type { PinCipher } from './ports';
import type { Sale } from './sales-repo';
import { sqliteCode, toWriteError } from './sqlite-errors';

/** One voucher bought in advance (from an order file), as it is imported. The PIN is sealed on the way in. */
export type VoucherImport = {
  productId: number;
  network?: string;
  amountCents: number;
  serial: string;
  /** Cash: sealed before it is written, never logged. */
  pin: string;
  batchNumber?: string;
  expiryAt?: number;
};

/** Local voucher stock: import, count, and sell a PIN exactly once. */
export type VoucherStockRepository = {
  /** Import vouchers, all or nothing; a serial already in stock for the product refuses the whole import (STORE_CONFLICT). */
  importVouchers(items: readonly VoucherImport[], at?: number): number;
  /** How many unsold vouchers of a product are in stock. */
  availableVouchers(productId: number): number;
  /**
   * Sell one voucher from stock to a journaled sale (state `intent`): in ONE transaction the oldest-expiring
   * unsold voucher is claimed for the sale, its PIN copied (sealed) onto the sale, and the sale moved to
   * `delivered` with its event. A PIN can only ever be claimed once (unique `sold_sale_id`, guarded update).
   */
  claimVoucher(input: { clientReference: string; productId: number; at?: number }): Sale;
};

/** Builds the repository; `getSale` reads the sale back through the sales repository. */
export function createVoucherStockRepository(
  db: Database,
  deps: { cipher: PinCipher; now: () => number; getSale: (clientReference: string) => Sale | undefined },
): VoucherStockRepository {
  const insert = db.prepare(`INSERT INTO voucher_stock (product_id, network, amount_cents, serial, pin_sealed, batch_number, expiry_at, imported_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const countAvailable = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM voucher_stock WHERE product_id = ? AND sold_sale_id IS NULL');
  const oldest = db.prepare<[number], { id: number; serial: string; pin_sealed: string; batch_number: string | null; expiry_at: number | null }>(
    `SELECT id, serial, pin_sealed, batch_number, expiry_at FROM voucher_stock
     WHERE product_id = ? AND sold_sale_id IS NULL ORDER BY coalesce(expiry_at, 9e15), id LIMIT 1`,
  );
  const markSold = db.prepare('UPDATE voucher_stock SET sold_sale_id = ?, sold_at = ? WHERE id = ? AND sold_sale_id IS NULL');
  const saleRow = db.prepare<[string], { id: number; state: string; product_id: number | null }>('SELECT id, state, product_id FROM sales WHERE client_reference = ?');
  const insertEvent = db.prepare('INSERT INTO sale_events (sale_id, at, from_state, to_state, cause, raw_json) VALUES (?, ?, ?, ?, ?, NULL)');
  const deliver = db.prepare(`UPDATE sales SET state = 'delivered', updated_at = ?, voucher_pin_sealed = ?, voucher_ticket_number = ?,
      voucher_batch_number = ?, voucher_expiry_at = ?, next_check_at = NULL WHERE id = ? AND state = 'intent'`);

  return {
    importVouchers(items, at) {
      const when = at ?? deps.now();
      for (const [i, v] of items.entries()) {
        if (!Number.isSafeInteger(v.amountCents) || v.amountCents < 0 || !v.serial || !v.pin) {
          throw new StoreError('STORE_INVALID_INPUT', `Voucher ${i + 1} of the import is incomplete (amount, serial and PIN are needed). Nothing was imported.`);
        }
      }
      // Seal outside the transaction: CPU work need not hold the write lock.
      const sealed = items.map((v) => deps.cipher.seal(v.pin));
      try {
        db.transaction(() => {
          items.forEach((v, i) => insert.run(v.productId, v.network ?? null, v.amountCents, v.serial, sealed[i], v.batchNumber ?? null, v.expiryAt ?? null, when));
        }).immediate();
        return items.length;
      } catch (error) {
        if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new StoreError('STORE_CONFLICT', 'A voucher in this import is already in stock (same product and serial). Nothing was imported.', { cause: error });
        }
        throw toWriteError(error, 'the voucher import');
      }
    },

    availableVouchers(productId) {
      return countAvailable.get(productId)!.n;
    },

    claimVoucher(input) {
      const at = input.at ?? deps.now();
      const ref = input.clientReference.toLowerCase();
      try {
        db.transaction(() => {
          const sale = saleRow.get(ref);
          if (!sale) throw new StoreError('STORE_NOT_FOUND', `No sale with reference ${input.clientReference} is journaled.`);
          if (sale.state !== 'intent') throw new StoreError('STORE_ILLEGAL_TRANSITION', `Sale ${input.clientReference} is ${sale.state}: a voucher can only be claimed for a sale that has just been journaled.`);
          const voucher = oldest.get(input.productId);
          if (!voucher) throw new StoreError('STORE_CONFLICT', 'This voucher is out of stock in the till. Nothing was sold: sell it through Smartcall or choose another.');
          if (markSold.run(sale.id, at, voucher.id).changes !== 1) throw new StoreError('STORE_CONFLICT', 'That voucher was just sold by another sale. Try again.');
          insertEvent.run(sale.id, at, 'intent', 'delivered', `local-stock:claimed voucher ${voucher.serial}`);
          deliver.run(at, voucher.pin_sealed, voucher.serial, voucher.batch_number, voucher.expiry_at, sale.id);
        }).immediate();
      } catch (error) {
        throw toWriteError(error, `the voucher for sale ${input.clientReference}`);
      }
      return deps.getSale(ref)!;
    },
  };
}
