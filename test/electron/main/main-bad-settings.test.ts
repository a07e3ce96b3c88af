import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { settingsFilePath } from '../../../electron/platform/settings-conf';
import { fake } from './fake-electron';

// main.ts over a damaged settings file: the till must stop with a message naming the file, not
// start on defaults (which could quietly turn a live till into a training one).
vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule);
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStore extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown> & { name?: string }) {
      const { name = 'config', ...rest } = options;
      super({ ...rest, configName: name });
    }
  }
  return { default: ElectronStore };
});

describe('electron/main/main.ts with a damaged settings file', () => {
  let base: string;
  let dataDir: string;
  const saved = { data: process.env.TILL_DATA_DIR, dev: process.env.TILL_RENDERER_URL };

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'till-main-bad-settings-'));
    dataDir = join(base, 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(settingsFilePath(dataDir), '{"environment": "live", ');
    process.env.TILL_DATA_DIR = dataDir;
    delete process.env.TILL_RENDERER_URL;
    await import('../../../electron/main/main');
    fake.app.becomeReady();
    await vi.waitFor(() => expect(fake.app.exitCode).toBeDefined());
  });
  afterAll(() => {
    for (const [key, value] of [['TILL_DATA_DIR', saved.data], ['TILL_RENDERER_URL', saved.dev]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('shows one error box naming the settings file, exits 1 and opens nothing', () => {
    expect(fake.app.exitCode).toBe(1);
    expect(fake.errorBoxes).toHaveLength(1);
    expect(fake.errorBoxes[0]![1]).toContain(settingsFilePath(dataDir));
    expect(fake.windows).toEqual([]);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('leaves the damaged file for support to look at', () => {
    expect(readFileSync(settingsFilePath(dataDir), 'utf8')).toBe('{"environment": "live", ');
  });
});
