import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAssetPath } from '../../../electron/main/asset-path';

const root = resolve('/opt/till/dist-renderer');

describe('resolveAssetPath', () => {
  it('maps the root to index.html and files to their place under the renderer folder', () => {
    expect(resolveAssetPath('app://till/', root)).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAssetPath('app://till', root)).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAssetPath('app://till/index.html', root)).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAssetPath('app://till/assets/index-abc123.js', root)).toEqual({ ok: true, path: join(root, 'assets', 'index-abc123.js') });
  });

  it('ignores the query and the fragment', () => {
    expect(resolveAssetPath('app://till/assets/a.css?v=2#x', root)).toEqual({ ok: true, path: join(root, 'assets', 'a.css') });
  });

  it('decodes ordinary percent-encoding (spaces in names)', () => {
    expect(resolveAssetPath('app://till/assets/my%20logo.svg', root)).toEqual({ ok: true, path: join(root, 'assets', 'my logo.svg') });
  });

  it('keeps dot-dot in the URL inside the root (the URL parser already removed it)', () => {
    const result = resolveAssetPath('app://till/assets/../../../etc/passwd', root);
    expect(result).toEqual({ ok: true, path: join(root, 'etc', 'passwd') });
  });

  const refused: Array<[string, number]> = [
    // The URL parser treats %2e%2e as '..' and removes it: what is left is under the root.
    ['app://till/%2e%2e/%2e%2e/etc/passwd', 200],
    ['app://till/assets/%2E%2E%2F%2E%2E%2Fsecret', 403],
    ['app://till/..%2f..%2fetc%2fpasswd', 403],
    ['app://till/..%5c..%5cwindows%5cwin.ini', 403],
    ['app://till/assets%5c..%5c..%5csecret', 403],
    ['app://till/index.html%00.png', 403],
    ['app://till/%252e%252e/secret', 200],
    ['app://till/C:/Windows/win.ini', 403],
    ['app://till/c%3A/Windows/win.ini', 403],
    ['app://till/.env', 403],
    ['app://till/.vite/manifest.json', 403],
    ['app://till/assets/%E0%A4%A', 400],
    ['app://evil/index.html', 404],
    ['app://till.evil/index.html', 404],
    ['app://till@evil/index.html', 404],
    ['https://till/index.html', 404],
    ['file:///etc/passwd', 404],
    ['not a url', 400],
  ];
  for (const [url, status] of refused) {
    it(`${status === 200 ? 'keeps inside the root' : `refuses (${status})`}: ${url}`, () => {
      const result = resolveAssetPath(url, root);
      if (status === 200) {
        // Decoded once, a double-encoded name is a literal file name ("%2e%2e"): still under the root.
        expect(result.ok).toBe(true);
        if (result.ok) expect(relative(root, result.path).split(sep)).not.toContain('..');
        return;
      }
      expect(result).toMatchObject({ ok: false, status });
    });
  }

  it('never answers a path outside the root, whatever the URL (property)', async () => {
    const fc = await import('fast-check');
    const pieces = fc.constantFrom('..', '.', '%2e', '%2E%2e', '%2f', '%5c', '\\', '/', 'a', 'assets', '%00', 'C:', '%3a', '~', '%25', ' ');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const result = resolveAssetPath(`app://till/${parts.join('')}`, root);
        if (!result.ok) return true;
        return result.path.startsWith(root) && !result.path.slice(root.length).split(/[\\/]/).includes('..');
      }),
      { numRuns: 2_000, seed: 20261127 },
    );
  });
});
