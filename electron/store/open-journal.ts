import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { StoreError, restoreAdvice } from './errors';
import { backupBeforeMigration, journalFileName, latestBackup } from './backup';
import { appliedMigrations, loadMigrations, migrate, type Migration } from './migrate';
import { isUnreadableError } from './sqlite-errors';

export type OpenJournalOptions = {
  /** The till's data folder; the journal is `<dataDir>/journal.sqlite3`, backups in `<dataDir>/backups/`. */
  dataDir: string;
  /** Wall clock, epoch ms. */
  now?: () => number;
  /** The migrations to apply; the shipped ones by default (tests pass their own lists). */
  migrations?: readonly Migration[];
  /** How long a write waits for a lock held by another connection (a backup, a support tool), ms. */
  busyTimeoutMs?: number;
  /**
   * Run `PRAGMA quick_check` at start-up (default true): finds a corrupt page before a sale is
   * written next to it. Linear in the file size; the bench shows what it costs on a large journal.
   */
  quickCheck?: boolean;
  /**
   * Start with a new, empty journal although backups exist and the journal file does not. Only for
   * the deliberate "start again" a person chose; without it the till refuses (STORE_MISSING).
   */
  allowFreshWithBackups?: boolean;
};

/** An open, checked, migrated journal database. */
export type OpenedJournal = {
  db: Database;
  path: string;
  /** Migration versions applied during this open (empty when the file was up to date). */
  appliedNow: number[];
  /** The copy taken before those migrations, if any were applied to an existing journal. */
  preMigrationBackup?: string;
};

/** The pragmas every journal connection needs, read back: a journal that is not durable must not sell. */
export function checkPragmas(db: Database): void {
  const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
  const problems: string[] = [];
  if (mode !== 'wal') problems.push(`journal_mode is ${mode}, not wal`);
  // 2 = FULL. better-sqlite3's WAL default is NORMAL, which can lose the last commits on power loss.
  if (synchronous < 2) problems.push(`synchronous is ${synchronous}, not FULL (2)`);
  if (foreignKeys !== 1) problems.push('foreign_keys is off');
  if (problems.length > 0) {
    throw new StoreError(
      'STORE_PRAGMA_REFUSED',
      `The journal cannot be made durable (${problems.join('; ')}). The till will not sell on it: ` +
        'check that the data folder is on a local disk (not a network share) and call support.',
    );
  }
}

/** Set the connection's durability and safety pragmas, then read them back. */
export function applyPragmas(db: Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  checkPragmas(db);
}

function unreadable(path: string, dataDir: string, why: string, cause?: unknown): StoreError {
  return new StoreError(
    'STORE_UNREADABLE',
    `The till's journal ${path} cannot be used: ${why}. The till will not start on it, and will not replace it with an empty one. ${restoreAdvice(path, latestBackup(dataDir))}`,
    { cause },
  );
}

/**
 * Open `<dataDir>/journal.sqlite3`: refuse a missing-but-backed-up, unreadable or corrupt file, set and
 * read back the pragmas, check the migration history and apply what is missing. Never creates a fresh
 * database over a bad one.
 */
export function openJournal(options: OpenJournalOptions): OpenedJournal {
  const now = options.now ?? Date.now;
  const dataDir = options.dataDir;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, journalFileName);
  const backup = latestBackup(dataDir);
  const exists = existsSync(path);
  if (!exists && backup && !options.allowFreshWithBackups) {
    throw new StoreError(
      'STORE_MISSING',
      `The till's journal ${path} is missing, but backups exist: its storage may have been wiped. The till will not start with an empty journal. ${restoreAdvice(path, backup)}`,
    );
  }
  if (exists && statSync(path).size === 0 && backup) {
    throw unreadable(path, dataDir, 'the file is empty');
  }

  let db: Database;
  try {
    db = new BetterSqlite3(path, { fileMustExist: exists });
  } catch (error) {
    throw unreadable(path, dataDir, error instanceof Error ? error.message : String(error), error);
  }
  try {
    // Reading the schema version forces SQLite to read the header: "file is not a database" shows here.
    db.pragma('schema_version', { simple: true });
    applyPragmas(db, options.busyTimeoutMs ?? 5_000);
    if (options.quickCheck ?? true) {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw unreadable(path, dataDir, `the integrity check failed (${String(result)})`);
    }
    const shipped = options.migrations ?? loadMigrations();
    const before = appliedMigrations(db).length;
    let preMigrationBackup: string | undefined;
    if (before > 0 && before < shipped.length) {
      preMigrationBackup = backupBeforeMigration(db, dataDir, now(), shipped.length);
    }
    // The advice is computed now so that it names the pre-migration copy if there is one.
    const appliedNow = migrate(db, shipped, now, restoreAdvice(path, latestBackup(dataDir)));
    return preMigrationBackup ? { db, path, appliedNow, preMigrationBackup } : { db, path, appliedNow };
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    if (isUnreadableError(error)) {
      throw unreadable(path, dataDir, error instanceof Error ? error.message : String(error), error);
    }
    throw error;
  }
}
