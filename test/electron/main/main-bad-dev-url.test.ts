import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fake } from './fake-electron';

// main.ts with a TILL_RENDERER_URL that points off this PC: it must refuse to start, visibly.
vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule);
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return { default: Conf };
});

describe('electron/main/main.ts with a dev URL off this PC', () => {
  const saved = process.env.TILL_RENDERER_URL;
  beforeAll(async () => {
    process.env.TILL_RENDERER_URL = 'http://192.168.1.20:5173/';
    await import('../../../electron/main/main');
    fake.app.becomeReady();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TILL_RENDERER_URL;
    else process.env.TILL_RENDERER_URL = saved;
  });

  it('shows an error box naming the setting and exits with 1, before opening anything', async () => {
    expect(fake.errorBoxes).toHaveLength(1);
    expect(fake.errorBoxes[0]![0]).toBe('Smartload Till could not start');
    expect(fake.errorBoxes[0]![1]).toContain('TILL_RENDERER_URL');
    expect(fake.app.exitCode).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.windows).toEqual([]);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.protocolHandlers.size).toBe(0);
  });
});
