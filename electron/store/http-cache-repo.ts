import type { Database } from 'better-sqlite3';
import type { HttpCacheEntry, HttpCacheStore } from '../smartcall/ports';
import { toWriteError } from './sqlite-errors';

/** The Smartcall client's ETag cache kept in the journal, so the till starts offline with the last catalogue. */
export function createHttpCacheRepository(db: Database): HttpCacheStore {
  const select = db.prepare<[string], HttpCacheEntry>('SELECT etag, body, stored_at AS storedAt FROM http_cache WHERE key = ?');
  const upsert = db.prepare(`INSERT INTO http_cache (key, etag, body, stored_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, body = excluded.body, stored_at = excluded.stored_at`);
  return {
    get(key) {
      return select.get(key);
    },
    put(key, entry) {
      try {
        upsert.run(key, entry.etag, entry.body, entry.storedAt);
      } catch (error) {
        throw toWriteError(error, 'the catalogue cache');
      }
    },
  };
}
