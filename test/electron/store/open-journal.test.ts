import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isStoreError, StoreError } from '../../../electron/store';
import { checkPragmas } from '../../../electron/store/open-journal';
import { loadMigrations, migrationChecksum, type Migration } from '../../../electron/store/migrate';
import { migrationFiles } from '../../../electron/store/migrations';
import { openTestStore, ref, tempDataDir } from './helpers';

function expectStoreError(fn: () => unknown, code: string): StoreError {
  try {
    fn();
  } catch (error) {
    expect(isStoreError(error)).toBe(true);
    expect((error as StoreError).code).toBe(code);
    return error as StoreError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

const raw = (dataDir: string) => new Database(join(dataDir, 'journal.sqlite3'));

describe('opening the journal', () => {
  it('creates the file, applies every shipped migration and records each with its sha256', () => {
    const store = openTestStore();
    const shipped = loadMigrations();
    expect(store.appliedNow).toEqual(shipped.map((m) => m.version));
    store.close();
    const db = raw(store.dataDir);
    const rows = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(rows).toEqual(shipped.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    const text = readFileSync(fileURLToPath(migrationFiles[0]!.url), 'utf8');
    expect(shipped[0]!.checksum).toBe(migrationChecksum(text));
    expect(shipped[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies nothing the second time and keeps the data', () => {
    const dataDir = tempDataDir();
    const first = openTestStore({ dataDir });
    const sale = first.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 1200 });
    first.close();
    const second = openTestStore({ dataDir });
    expect(second.appliedNow).toEqual([]);
    expect(second.sales.getSale(sale.clientReference)?.amountCents).toBe(1200);
  });

  it('sets WAL, synchronous=FULL and foreign keys, and they read back on the live connection', () => {
    const store = openTestStore();
    // Foreign keys are enforced on the store's own connection: a sale for a cashier that does not exist fails.
    expect(() => store.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 100, cashierId: 999 })).toThrow(StoreError);
    store.close();
    const db = raw(store.dataDir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('checkPragmas refuses a connection that is not durable', () => {
    const db = new Database(join(tempDataDir(), 'x.sqlite3'));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    const error = expectStoreError(() => checkPragmas(db), 'STORE_PRAGMA_REFUSED');
    expect(error.message).toContain('synchronous is 1');
    db.pragma('synchronous = FULL');
    expect(() => checkPragmas(db)).not.toThrow();
    db.pragma('journal_mode = DELETE');
    expect(() => checkPragmas(db)).toThrow(/journal_mode is delete/);
    db.close();
  });

  it('refuses a history whose checksum changed, naming the migration and the backup to restore', async () => {
    const dataDir = tempDataDir();
    const store = openTestStore({ dataDir });
    const backup = await store.backupNow();
    store.close();
    const db = raw(dataDir);
    db.prepare(`UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1`).run();
    db.close();
    const error = expectStoreError(() => openTestStore({ dataDir }), 'STORE_MIGRATION_DIVERGED');
    expect(error.message).toContain('0001_initial.sql');
    expect(error.message).toContain('checksum');
    expect(error.message).toContain(backup);
  });

  it('refuses an applied migration this version does not know (a newer till wrote it)', () => {
    const dataDir = tempDataDir();
    openTestStore({ dataDir }).close();
    const db = raw(dataDir);
    const next = loadMigrations().length + 1;
    db.prepare(`INSERT INTO schema_migrations VALUES (?, 'future.sql', 'abc', 1)`).run(next);
    db.close();
    const error = expectStoreError(() => openTestStore({ dataDir }), 'STORE_MIGRATION_DIVERGED');
    expect(error.message).toContain(`migration ${next} (future.sql)`);
    expect(error.message).toContain('No backup');
  });

  it('refuses a gap in the applied history', () => {
    const dataDir = tempDataDir();
    const shipped = loadMigrations();
    const n = shipped.length;
    const extra: Migration[] = [
      ...shipped,
      { version: n + 1, name: 'a.sql', sql: 'CREATE TABLE a (x INTEGER) STRICT;', checksum: migrationChecksum('a') },
      { version: n + 2, name: 'b.sql', sql: 'CREATE TABLE b (x INTEGER) STRICT;', checksum: migrationChecksum('b') },
    ];
    openTestStore({ dataDir, migrations: extra }).close();
    const db = raw(dataDir);
    // Deleting the row of n+1 leaves n and n+2: a history with a hole.
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(n + 1);
    db.close();
    const error = expectStoreError(() => openTestStore({ dataDir, migrations: extra }), 'STORE_MIGRATION_DIVERGED');
    expect(error.message).toContain(`migration ${n + 1} is missing`);
  });

  it('applies new migrations to an existing journal in one transaction, after taking a copy', () => {
    const dataDir = tempDataDir();
    const shipped = loadMigrations();
    const n = shipped.length;
    const first = openTestStore({ dataDir });
    first.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 500 });
    first.close();
    const broken: Migration[] = [
      ...shipped,
      { version: n + 1, name: 'ok.sql', sql: 'CREATE TABLE ok_table (x INTEGER) STRICT;', checksum: 'c2' },
      { version: n + 2, name: 'bad.sql', sql: 'CREATE TABLE ok_table (x INTEGER) STRICT;', checksum: 'c3' },
    ];
    // n+2 fails (table exists): n+1 must not be left applied either.
    expect(() => openTestStore({ dataDir, migrations: broken })).toThrow(/already exists/);
    const db = raw(dataDir);
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: n });
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'ok_table'`).get()).toEqual({ n: 0 });
    db.close();
    const good = broken.slice(0, n + 1);
    const upgraded = openTestStore({ dataDir, migrations: good });
    expect(upgraded.appliedNow).toEqual([n + 1]);
    const suffix = `-before-v${n + 1}.sqlite3`;
    const copies = readdirSync(join(dataDir, 'backups'));
    expect(copies.some((name) => name.endsWith(suffix))).toBe(true);
    const copy = new Database(join(dataDir, 'backups', copies.find((name) => name.endsWith(suffix))!), { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 1 });
    copy.close();
  });

  it('refuses a file that is not a database and never replaces it, naming the latest backup', async () => {
    const dataDir = tempDataDir();
    const store = openTestStore({ dataDir });
    const backup = await store.backupNow();
    store.close();
    const path = join(dataDir, 'journal.sqlite3');
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) writeFileSync(path + suffix, '');
    writeFileSync(path, 'this is a spreadsheet, not a journal '.repeat(200));
    const before = readFileSync(path);
    const error = expectStoreError(() => openTestStore({ dataDir }), 'STORE_UNREADABLE');
    expect(error.message).toContain(backup);
    expect(error.message).toContain('To restore the last backup');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a journal whose pages are damaged (quick_check), with the backup path', async () => {
    const dataDir = tempDataDir();
    const store = openTestStore({ dataDir });
    for (let i = 0; i < 300; i++) store.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 100 + i, recipientMsisdn: '27821234567' });
    const backup = await store.backupNow();
    store.close();
    // Checkpoint so the pages are in the main file, then scribble over the middle of it.
    const db = raw(dataDir);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const path = join(dataDir, 'journal.sqlite3');
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    for (let offset = 4096 * 3; offset < size - 4096; offset += 4096 * 2) writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, offset + 100);
    closeSync(fd);
    const error = expectStoreError(() => openTestStore({ dataDir }), 'STORE_UNREADABLE');
    expect(error.message).toContain(backup);
    // The backup itself is a good journal that opens.
    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('refuses to start empty when the journal is gone but backups exist', async () => {
    const dataDir = tempDataDir();
    const store = openTestStore({ dataDir });
    const backup = await store.backupNow();
    store.close();
    for (const suffix of ['', '-wal', '-shm']) {
      const p = join(dataDir, 'journal.sqlite3' + suffix);
      if (existsSync(p)) writeFileSync(p, ''); // truncated, then:
    }
    expectStoreError(() => openTestStore({ dataDir }), 'STORE_UNREADABLE');
    const { rmSync } = await import('node:fs');
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, 'journal.sqlite3' + suffix), { force: true });
    const error = expectStoreError(() => openTestStore({ dataDir }), 'STORE_MISSING');
    expect(error.message).toContain(backup);
    // A person may choose to start again.
    expect(openTestStore({ dataDir, allowFreshWithBackups: true }).sales.pendingCount()).toEqual({ unresolved: 0, queued: 0, needsAttention: 0 });
  });

  it('creates tables STRICT with indexes named table_byColumn', () => {
    const store = openTestStore();
    store.close();
    const db = raw(store.dataDir);
    const tables = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; sql: string }[];
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT/);
    const indexes = db.prepare(`SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL`).all() as { name: string; tbl_name: string }[];
    expect(indexes.length).toBeGreaterThan(5);
    for (const i of indexes) expect(i.name).toMatch(new RegExp(`^${i.tbl_name}_by[A-Z]\\w*$`));
    db.close();
  });
});

describe('the migration list', () => {
  it('names every .sql file in the folder, in order, with no gaps', () => {
    const folder = fileURLToPath(new URL('../../../electron/store/migrations/', import.meta.url));
    const onDisk = readdirSync(folder).filter((n) => n.endsWith('.sql')).sort();
    expect(migrationFiles.map((m) => m.name)).toEqual(onDisk);
    expect(() => loadMigrations()).not.toThrow();
  });

  it('refuses a list with a gap (a programming error)', () => {
    const folder = tempDataDir();
    mkdirSync(folder, { recursive: true });
    const n = migrationFiles.length;
    const name = `${String(n + 2).padStart(4, '0')}_x.sql`;
    writeFileSync(join(folder, name), 'SELECT 1;');
    const url = new URL(`file://${join(folder, name)}`);
    expect(() => loadMigrations([...migrationFiles, { version: n + 2, name, url }])).toThrow(`expected version ${n + 1}`);
  });

  it('ignores line-ending changes in the checksum (a Windows checkout must not lock the till)', () => {
    expect(migrationChecksum('a;\r\nb;\r\n')).toBe(migrationChecksum('a;\nb;\n'));
    expect(migrationChecksum('a;\nb;\n')).not.toBe(migrationChecksum('a;\nc;\n'));
  });
});
