import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSealedSecretsStore, SECRETS_FILE } from '../../../../electron/platform/secrets';
import { createFileDataKeyProvider } from '../../../../electron/platform/data-key';
import { openCoreWithSupervisor } from '../session/helpers';

const PASSWORD = 'Very$ecret-Pa55word';

describe('settings domain (real core)', () => {
  it('round-trips settings; the password is write-only and sealed on disk', async () => {
    const c = await openCoreWithSupervisor();
    const before = await c.call('settings:get', {});
    expect(before).toMatchObject({ environment: 'training', smartcall: { username: null, hasPassword: false }, restartRequired: false });

    const saved = await c.call('settings:update', {
      smartcall: { username: 'dealer-web', password: PASSWORD, requestTimeoutMs: 20_000 },
      dealer: { smartloadIds: ['27821234567'], defaultSmartloadId: '27821234567' },
      offlineQueue: { enabled: true, maxSales: 10 },
    });
    expect(saved.smartcall).toEqual({ baseUrl: null, requestTimeoutMs: 20_000, username: 'dealer-web', hasPassword: true });
    expect(saved.dealer).toEqual({ smartloadIds: ['27821234567'], defaultSmartloadId: '27821234567' });
    expect(saved.offlineQueue).toMatchObject({ enabled: true, maxSales: 10 });
    expect(saved.updatedAt).toEqual(expect.any(Number));
    expect(JSON.stringify(saved)).not.toContain(PASSWORD);
    expect(await c.call('settings:get', {})).toEqual(saved);

    // Not in the settings file; sealed in its own private file, not readable in clear.
    const settingsFile = readFileSync(c.core.context.settings.location, 'utf8');
    expect(settingsFile).not.toContain(PASSWORD);
    const sealedPath = join(c.dataDir, SECRETS_FILE);
    const sealed = readFileSync(sealedPath);
    expect(sealed.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(sealed.includes(Buffer.from(Buffer.from(PASSWORD).toString('base64')))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(sealedPath).mode & 0o777).toBe(0o600);
    // The same key opens it again (what the Smartcall client's credentials read).
    const reopened = createSealedSecretsStore({ dataDir: c.dataDir, key: () => createFileDataKeyProvider(c.dataDir).dataKey() });
    expect(reopened.get().smartcallPassword).toBe(PASSWORD);
  });

  it('a refused change saves nothing, the password included', async () => {
    const c = await openCoreWithSupervisor();
    const refused = await c.refusal('settings:update', {
      smartcall: { password: PASSWORD },
      dealer: { defaultSmartloadId: '27821234567' }, // not one of the listed IDs
    });
    expect(refused.code).toBe('SETTINGS_INVALID');
    expect(refused.fields).toHaveProperty(['dealer.defaultSmartloadId']);
    const now = await c.call('settings:get', {});
    expect(now.smartcall.hasPassword).toBe(false);
    expect(now.dealer.defaultSmartloadId).toBeNull();

    const badTimeout = await c.refusal('settings:update', { smartcall: { requestTimeoutMs: 5 } });
    expect(badTimeout.code).toBe('SETTINGS_INVALID');
    expect(badTimeout.fields).toHaveProperty(['smartcall.requestTimeoutMs']);
  });

  it('an environment change says it needs a restart', async () => {
    const c = await openCoreWithSupervisor();
    const saved = await c.call('settings:update', { environment: 'qa' });
    expect(saved).toMatchObject({ environment: 'qa', restartRequired: true });
    expect(c.core.context.mode).toBe('training'); // the running core keeps its mode
    expect((await c.call('settings:update', { environment: 'training' })).restartRequired).toBe(false);
  });

  it('a sealed file from another key reads as no password, and a new one replaces it', async () => {
    const c = await openCoreWithSupervisor();
    await c.call('settings:update', { smartcall: { password: PASSWORD } });
    const sealedPath = join(c.dataDir, SECRETS_FILE);
    const other = createSealedSecretsStore({ dataDir: join(c.dataDir, 'other'), key: () => Buffer.alloc(32, 7) });
    other.update({ smartcallPassword: 'someone-else' });
    writeFileSync(sealedPath, readFileSync(other.location));
    const fresh = createSealedSecretsStore({ dataDir: c.dataDir, key: () => createFileDataKeyProvider(c.dataDir).dataKey() });
    expect(() => fresh.get()).toThrow(expect.objectContaining({ code: 'SECRETS_UNREADABLE' }) as Error);
    fresh.update({ smartcallPassword: 'again' });
    expect(fresh.get().smartcallPassword).toBe('again');
  });
});
