/**
 * Typed errors of the journal store. Each has a stable code (screens and support match on it) and a
 * message a cashier or support person can act on.
 */

/** Every code the store throws. Stable: add new ones, never rename. */
export type StoreErrorCode =
  /** The journal file cannot be read, is not a SQLite database, or is corrupt. */
  | 'STORE_UNREADABLE'
  /** The journal file is gone although backups exist (wiped storage?): never start fresh silently. */
  | 'STORE_MISSING'
  /** The migrations applied to the file differ from the ones this version ships. */
  | 'STORE_MIGRATION_DIVERGED'
  /** A durability pragma (WAL, synchronous=FULL, foreign keys) did not take. */
  | 'STORE_PRAGMA_REFUSED'
  /** A journal write failed (disk full, I/O error, read-only file, lock timeout): the sale must stop. */
  | 'STORE_WRITE_FAILED'
  /** A sale state change the state machine does not allow. */
  | 'STORE_ILLEGAL_TRANSITION'
  /** The sale is no longer in the state the caller expected (someone else moved it first). */
  | 'STORE_STALE_STATE'
  /** No row with that key. */
  | 'STORE_NOT_FOUND'
  /** A sale with this clientReference is already journaled. */
  | 'STORE_DUPLICATE_REFERENCE'
  /** The caller passed data the store refuses (bad UUID, negative cents...). */
  | 'STORE_INVALID_INPUT'
  /** A conflicting row exists (an open shift, a cashier name taken). */
  | 'STORE_CONFLICT'
  /** The store was closed. */
  | 'STORE_CLOSED';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is a StoreError, optionally with the given code. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

/** The sentence every "cannot open the journal" message ends with: how to get back to a good state. */
export function restoreAdvice(journalPath: string, latestBackup: string | undefined): string {
  if (latestBackup) {
    return (
      `To restore the last backup, close the till, move ${journalPath} (and any -wal/-shm files beside it) ` +
      `somewhere safe, copy ${latestBackup} to ${journalPath}, and start the till again. ` +
      'Sales made after that backup must then be checked against Smartcall by their references.'
    );
  }
  return (
    `No backup of the journal was found. Do not delete ${journalPath}: keep a copy and call support, ` +
    'who can try to recover it.'
  );
}
