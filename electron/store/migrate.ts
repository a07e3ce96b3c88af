import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { StoreError } from './errors';
import { migrationFiles, type MigrationFile } from './migrations';

/** A migration ready to apply: its SQL text and that text's sha256. */
export type Migration = {
  version: number;
  name: string;
  sql: string;
  checksum: string;
};

/** One row of the schema_migrations table. */
export type AppliedMigration = {
  version: number;
  name: string;
  checksum: string;
  appliedAt: number;
};

/**
 * sha256 of a migration's text with line endings normalised, so a Windows checkout that turns LF into
 * CRLF does not look like a diverged history and lock a shop out of its till.
 */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** Read the shipped migrations (or a given list) and check they are numbered 1..n without gaps. */
export function loadMigrations(files: readonly MigrationFile[] = migrationFiles): Migration[] {
  return files.map((file, index) => {
    if (file.version !== index + 1 || !file.name.startsWith(String(file.version).padStart(4, '0') + '_')) {
      // A programming error in the shipped list, not a shop problem: fail loudly.
      throw new Error(`migration list broken at ${file.name}: expected version ${index + 1}`);
    }
    const sql = readFileSync(fileURLToPath(file.url), 'utf8');
    return { version: file.version, name: file.name, sql, checksum: migrationChecksum(sql) };
  });
}

const createTableSql = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  checksum    TEXT    NOT NULL,
  applied_at  INTEGER NOT NULL
) STRICT`;

/** The migrations recorded in the database, in version order (empty for a new file). */
export function appliedMigrations(db: Database): AppliedMigration[] {
  const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!exists) return [];
  return db
    .prepare<[], AppliedMigration>(
      'SELECT version, name, checksum, applied_at AS appliedAt FROM schema_migrations ORDER BY version',
    )
    .all();
}

/**
 * Why the applied history is not a prefix of the shipped migrations, or undefined when it is.
 * Diverged means: a changed checksum or name, a gap, or an applied migration this version does not know.
 */
export function describeDivergence(applied: readonly AppliedMigration[], shipped: readonly Migration[]): string | undefined {
  for (const [index, row] of applied.entries()) {
    const expectedVersion = index + 1;
    if (row.version !== expectedVersion) {
      return `migration ${expectedVersion} is missing from the journal's history (found ${row.version} instead)`;
    }
    const file = shipped[index];
    if (!file) {
      return `the journal has migration ${row.version} (${row.name}), which this version of the till does not know: it was written by a newer till`;
    }
    if (row.name !== file.name) return `migration ${row.version} is ${row.name} in the journal but ${file.name} in this till`;
    if (row.checksum !== file.checksum) return `migration ${row.version} (${row.name}) was changed after it was applied (checksum differs)`;
  }
  return undefined;
}

/**
 * Check the applied history against the shipped migrations and apply the missing ones, all in ONE
 * transaction together with their schema_migrations rows: a crash leaves the old schema or the new one,
 * never half. Returns the versions applied now.
 */
export function migrate(db: Database, shipped: readonly Migration[], now: () => number, advice: string): number[] {
  const applied = appliedMigrations(db);
  const divergence = describeDivergence(applied, shipped);
  if (divergence) {
    throw new StoreError(
      'STORE_MIGRATION_DIVERGED',
      `The till's journal does not match this version of the till: ${divergence}. The till will not start on it. ${advice}`,
    );
  }
  const pending = shipped.slice(applied.length);
  if (pending.length === 0) return [];
  const record = () =>
    db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.exec(createTableSql);
    const insert = record();
    for (const migration of pending) {
      db.exec(migration.sql);
      insert.run(migration.version, migration.name, migration.checksum, now());
    }
  }).immediate();
  return pending.map((m) => m.version);
}
