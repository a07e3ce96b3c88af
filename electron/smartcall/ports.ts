/**
 * Ports the Smartcall client needs from the rest of the till. The client defines them; the store
 * (SQLite) implements them; tests may pass an in-memory implementation.
 */

/** One cached answer of a cacheable GET (catalogue, products), kept with the Etag Smartcall sent. */
export type HttpCacheEntry = {
  /** The `Etag` header exactly as received (an unquoted integer string), sent back as `If-None-Match`. */
  etag: string;
  /** The response body text exactly as received. */
  body: string;
  /** When it was stored or last confirmed by a 304, epoch ms. */
  storedAt: number;
};

/** Persistent storage for the ETag cache, so the till starts offline with the last catalogue. */
export interface HttpCacheStore {
  /** The entry for a cache key (the request path below the base URL), if one is kept. */
  get(key: string): HttpCacheEntry | undefined;
  /** Keep or replace the entry for a cache key. */
  put(key: string, entry: HttpCacheEntry): void;
}
