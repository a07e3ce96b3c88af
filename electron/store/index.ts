/**
 * The till's journal store: one SQLite file per till, opened, checked and migrated here. Everything
 * else in the till reaches SQL only through the repositories this returns.
 */
import type { HttpCacheStore } from '../smartcall/ports';
import { backupJournal, backupTakenAt, latestBackup, listBackups, scheduleBackups, type BackupSchedule, type BackupTimers } from './backup';
import { StoreError } from './errors';
import { openJournal, type OpenJournalOptions } from './open-journal';
import { createPeopleRepository, type PeopleRepository } from './people-repo';
import type { PinCipher } from './ports';
import { createSalesRepository, type SalesRepository } from './sales-repo';
import { createHttpCacheRepository } from './http-cache-repo';
import { createVoucherStockRepository, type VoucherStockRepository } from './voucher-stock-repo';

export type StoreOptions = OpenJournalOptions & {
  /** Seals voucher PINs at rest. */
  cipher: PinCipher;
  /** How many daily backups to keep (7 by default). */
  keepBackups?: number;
};

/** The open journal and its repositories. */
export type Store = {
  /** Full path of the journal file. */
  path: string;
  dataDir: string;
  /** Migrations applied while opening (empty when the file was up to date). */
  appliedNow: number[];
  sales: SalesRepository;
  people: PeopleRepository;
  /** Local voucher stock: a PIN is sold exactly once. */
  vouchers: VoucherStockRepository;
  /** The Smartcall client's ETag cache port. */
  httpCache: HttpCacheStore;
  /** Take a backup now (online: selling continues); resolves to its path. */
  backupNow(): Promise<string>;
  /** Back up daily (or every `intervalMs`), keeping the last `keepBackups`. */
  scheduleBackups(options: { timers: BackupTimers; intervalMs?: number; retryMs?: number; onError?: (error: unknown) => void; onBackup?: (path: string) => void }): BackupSchedule;
  /** Every backup file, oldest first. */
  backups(): string[];
  /** Close the database (stops nothing else). Safe to call twice. */
  close(): void;
};

/**
 * Open the journal in `dataDir`. Throws StoreError STORE_UNREADABLE / STORE_MISSING /
 * STORE_MIGRATION_DIVERGED / STORE_PRAGMA_REFUSED instead of starting on a journal it cannot trust.
 */
export function openStore(options: StoreOptions): Store {
  const now = options.now ?? Date.now;
  const keep = options.keepBackups ?? 7;
  const opened = openJournal(options);
  const { db } = opened;
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new StoreError('STORE_CLOSED', 'The journal is closed: restart the till.');
  };
  const sales = createSalesRepository(db, { cipher: options.cipher, now });
  return {
    path: opened.path,
    dataDir: options.dataDir,
    appliedNow: opened.appliedNow,
    sales,
    vouchers: createVoucherStockRepository(db, { cipher: options.cipher, now, getSale: (ref) => sales.getSale(ref) }),
    people: createPeopleRepository(db, now),
    httpCache: createHttpCacheRepository(db),
    async backupNow() {
      ensureOpen();
      return backupJournal(db, options.dataDir, now(), keep);
    },
    scheduleBackups(schedule) {
      return scheduleBackups({
        ...schedule,
        now,
        run: () => this.backupNow(),
        lastBackupAt: () => {
          const latest = latestBackup(options.dataDir);
          return latest === undefined ? undefined : backupTakenAt(latest);
        },
      });
    },
    backups: () => listBackups(options.dataDir),
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

export { StoreError, isStoreError, type StoreErrorCode } from './errors';
export type { PinCipher } from './ports';
export { createAesGcmPinCipher } from './pin-cipher';
export * from './sale-states';
export type { Sale, SaleEvent, SaleIntentInput, SalePatch, TransitionInput, ListSalesQuery, SalesPage, DayTotals, SaleTotal, SaleVoucher, SalesRepository } from './sales-repo';
export type { Cashier, CashierRole, Shift, PeopleRepository } from './people-repo';
export type { VoucherImport, VoucherStockRepository } from './voucher-stock-repo';
export type { BackupSchedule, BackupTimers } from './backup';
