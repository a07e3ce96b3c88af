import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { contentSecurityPolicy } from '../common/csp';
import { resolveAssetPath } from './asset-path';

/**
 * The app://till/ protocol handler, written against the Fetch API's Request/Response so that it runs
 * (and is tested) in plain Node; main.ts hands it to `protocol.handle`. It serves only files of
 * the built renderer, with the CSP on every answer.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file name; unknown kinds are served as bytes, never sniffed. */
export function contentTypeFor(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type AssetHandlerOptions = {
  /** Absolute folder of the built renderer (dist-renderer/). */
  rootDir: string;
};

/** Build the handler for `protocol.handle('app', …)`. */
export function createAssetHandler(options: AssetHandlerOptions): (request: Request) => Promise<Response> {
  const headers = (extra: Record<string, string>) => ({
    'content-security-policy': contentSecurityPolicy({ dev: false }),
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
    ...extra,
  });
  const plain = (status: number, text: string) => new Response(`${text}\n`, { status, headers: headers({ 'content-type': 'text/plain; charset=utf-8' }) });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const resolved = resolveAssetPath(request.url, options.rootDir);
    if (!resolved.ok) return plain(resolved.status, resolved.status === 403 ? 'Forbidden' : resolved.status === 404 ? 'Not found' : 'Bad request');
    try {
      const info = await stat(resolved.path);
      if (!info.isFile()) return plain(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(resolved.path);
      return new Response(body, { status: 200, headers: headers({ 'content-type': contentTypeFor(resolved.path), 'content-length': String(info.size) }) });
    } catch {
      return plain(404, 'Not found');
    }
  };
}
