import { StoreError } from './errors';

/** The SQLite result code of a better-sqlite3 error (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`…), if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) {
    return error.code;
  }
  return undefined;
}

// Codes that mean the file or the disk let us down, not that our data was wrong.
const unreadable = ['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_PERM', 'SQLITE_AUTH'];

/** Whether an error says the database file cannot be read as a journal. */
export function isUnreadableError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && unreadable.some((c) => code === c || code.startsWith(c + '_'));
}

/**
 * Turn whatever a journal write threw into a StoreError, so the caller stops the sale before the wire.
 * `beforeWire` says the sale has not been sent, so the message can promise nothing was charged.
 * StoreErrors pass through; a full disk, an I/O error, a read-only file or a lock timeout become
 * STORE_WRITE_FAILED with a message a shop can act on.
 */
export function toWriteError(error: unknown, what: string, beforeWire = false): StoreError {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error) ?? 'unknown';
  const detail = error instanceof Error ? error.message : String(error);
  let advice = 'Try again; if it keeps failing, restart the till and call support.';
  if (code === 'SQLITE_FULL') advice = 'The disk is full. Free some disk space, then try again.';
  else if (code.startsWith('SQLITE_READONLY')) advice = 'The journal file is read-only. Check the data folder\'s permissions, then restart the till.';
  else if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) advice = 'The journal is locked by another program (a second till window, a backup tool?). Close it and try again.';
  else if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CORRUPT')) advice = 'The disk reported an error. Restart the till; if it persists, the disk may be failing: call support.';
  const wire = beforeWire ? 'Nothing was sent to Smartcall and nothing was charged. ' : '';
  return new StoreError('STORE_WRITE_FAILED', `The till could not save ${what} (${code}: ${detail}). ${wire}${advice}`, { cause: error });
}
