import { isAbsolute, join, relative, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './security';

/**
 * app://till/<path> → a file under the built renderer's folder. Pure (no disk access): everything a
 * page could put in a URL to climb out of that folder is refused here, before any file is opened.
 */

export type AssetPath =
  | { ok: true; path: string }
  | {
      ok: false;
      /** 400 unreadable URL, 403 outside the renderer or a hidden file, 404 wrong host. */
      status: 400 | 403 | 404;
      reason: string;
    };

/** Resolve a request URL to a file path under `rootDir` (an absolute folder), or say why not. */
export function resolveAssetPath(requestUrl: string, rootDir: string): AssetPath {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return { ok: false, status: 404, reason: 'not the till origin' };
  }
  // Encoded separators and NUL would change meaning after decoding: refuse rather than guess.
  if (/%(2f|5c|00)/i.test(url.pathname)) return { ok: false, status: 403, reason: 'encoded separator' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return { ok: false, status: 403, reason: 'backslash or NUL' };
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) segments.push('index.html');
  for (const segment of segments) {
    // '.', '..' and hidden files; a drive letter ("C:") would make join() leave the root on Windows.
    if (segment.startsWith('.') || /^[a-z]:/i.test(segment)) return { ok: false, status: 403, reason: 'path segment not allowed' };
  }
  const path = join(rootDir, ...segments);
  const inside = relative(rootDir, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  }
  return { ok: true, path };
}
