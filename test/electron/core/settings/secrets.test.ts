import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSealedSecretsStore } from '../../../../electron/platform/secrets';

function temp() {
  const dir = mkdtempSync(join(tmpdir(), 'till-secrets-'));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('sealed secrets store', () => {
  it('is empty at first, seals, reopens with the same key, removes with null', () => {
    using t = temp();
    const key = randomBytes(32);
    const store = createSealedSecretsStore({ dataDir: t.dir, key: () => key });
    expect(store.get()).toEqual({});
    store.update({ smartcallPassword: 'pa55' });
    expect(createSealedSecretsStore({ dataDir: t.dir, key: () => key }).get()).toEqual({ smartcallPassword: 'pa55' });
    store.update({});
    expect(store.get()).toEqual({ smartcallPassword: 'pa55' });
    store.update({ smartcallPassword: null });
    expect(createSealedSecretsStore({ dataDir: t.dir, key: () => key }).get()).toEqual({});
    expect(readdirSync(t.dir)).toEqual(['secrets.sealed.json']); // no temp files left behind
  });

  it('each save uses a fresh IV: the same password never gives the same file', () => {
    using t = temp();
    const key = randomBytes(32);
    const store = createSealedSecretsStore({ dataDir: t.dir, key: () => key });
    store.update({ smartcallPassword: 'same' });
    const a = readFileSync(store.location, 'utf8');
    store.update({ smartcallPassword: 'same' });
    expect(readFileSync(store.location, 'utf8')).not.toBe(a);
  });

  it('refuses a tampered file or another key with SECRETS_UNREADABLE', () => {
    using t = temp();
    const key = randomBytes(32);
    const store = createSealedSecretsStore({ dataDir: t.dir, key: () => key });
    store.update({ smartcallPassword: 'pa55' });
    expect(() => createSealedSecretsStore({ dataDir: t.dir, key: () => randomBytes(32) }).get()).toThrow(expect.objectContaining({ code: 'SECRETS_UNREADABLE' }) as Error);
    const file = JSON.parse(readFileSync(store.location, 'utf8')) as { data: string };
    const bytes = Buffer.from(file.data, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(store.location, JSON.stringify({ ...file, data: bytes.toString('base64') }));
    expect(() => createSealedSecretsStore({ dataDir: t.dir, key: () => key }).get()).toThrow(expect.objectContaining({ code: 'SECRETS_UNREADABLE' }) as Error);
    writeFileSync(store.location, 'not json');
    expect(() => createSealedSecretsStore({ dataDir: t.dir, key: () => key }).get()).toThrow(expect.objectContaining({ code: 'SECRETS_UNREADABLE' }) as Error);
  });

  it('a failed write changes nothing and says so', () => {
    using t = temp();
    const key = randomBytes(32);
    const blocked = join(t.dir, 'file-not-folder');
    writeFileSync(blocked, 'x');
    const store = createSealedSecretsStore({ dataDir: blocked, key: () => key });
    expect(() => store.update({ smartcallPassword: 'pa55' })).toThrow(expect.objectContaining({ code: 'SECRETS_WRITE_FAILED' }) as Error);
    expect(readFileSync(blocked, 'utf8')).toBe('x');
  });
});
