import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/common/csp';
import { contentTypeFor, createAssetHandler } from '../../../electron/main/asset-protocol';

describe('createAssetHandler (real files in a temp renderer folder)', () => {
  let base: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'till-assets-'));
    const root = join(base, 'dist-renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Smartload Till</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log("till");');
    writeFileSync(join(root, 'assets', 'blob.bin'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
    handler = createAssetHandler({ rootDir: root });
  });
  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves index.html for the root with its type, the CSP and nosniff', async () => {
    const response = await get('app://till/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ dev: false }));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('Smartload Till');
  });

  it('serves scripts as JavaScript and unknown kinds as bytes', async () => {
    const script = await get('app://till/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("till");');
    const bytes = await get('app://till/assets/blob.bin');
    expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([0, 1, 2, 3]);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://till/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String('<!doctype html><title>Smartload Till</title>'.length));
    expect(await response.text()).toBe('');
  });

  it('answers 404 for a missing file and for a folder', async () => {
    expect((await get('app://till/nope.js')).status).toBe(404);
    expect((await get('app://till/assets')).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of ['app://till/..%2fsecret.txt', 'app://till/%2e%2e/secret.txt', 'app://till/../secret.txt', 'app://till/..%5csecret.txt']) {
      const response = await get(url);
      expect(response.status, url).not.toBe(200);
      expect(await response.text(), url).not.toContain('outside the renderer');
      expect(response.headers.get('content-security-policy'), url).toBe(contentSecurityPolicy({ dev: false }));
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://till/index.html', 'POST')).status).toBe(405);
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer build outputs, case-insensitively', () => {
    expect(contentTypeFor('a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('icon.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('noext')).toBe('application/octet-stream');
  });
});
