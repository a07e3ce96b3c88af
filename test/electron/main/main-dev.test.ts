import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeWire } from '../../../shared/contract/bridge';
import { contentSecurityPolicy } from '../../../electron/common/csp';
import { fake } from './fake-electron';

// main.ts with TILL_RENDERER_URL (the vite dev server): see main.test.ts for the stand-ins.
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

describe('electron/main/main.ts with the dev server', () => {
  let base: string;
  const saved = { data: process.env.TILL_DATA_DIR, dev: process.env.TILL_RENDERER_URL };

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'till-main-dev-'));
    process.env.TILL_DATA_DIR = join(base, 'data');
    process.env.TILL_RENDERER_URL = 'http://127.0.0.1:5173';
    await import('../../../electron/main/main');
    fake.app.becomeReady();
    await fake.loaded;
  });
  afterAll(async () => {
    fake.app.emit('will-quit', { preventDefault: () => {} });
    await vi.waitFor(() => expect(fake.app.quits).toBe(1));
    for (const [key, value] of [['TILL_DATA_DIR', saved.data], ['TILL_RENDERER_URL', saved.dev]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('loads the dev server instead of app://till', () => {
    expect(fake.errorBoxes).toEqual([]);
    expect(fake.windows[0]!.loaded).toEqual(['http://127.0.0.1:5173/']);
  });

  it('gives the dev server pages the dev CSP, and only them', () => {
    expect(fake.headerFilters).toHaveLength(1);
    const { filter, listener } = fake.headerFilters[0]!;
    expect(filter).toEqual({ urls: ['http://127.0.0.1:5173/*'] });
    let answer: { responseHeaders: Record<string, string[]> } | undefined;
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, (value: typeof answer) => (answer = value));
    expect(answer?.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy({ dev: true })] });
  });

  it('trusts exactly the dev origin, for calls and for navigation', async () => {
    const listener = fake.ipcHandlers.get(bridgeWire.ipcInvoke)!;
    const devFrame = { url: 'http://127.0.0.1:5173/', frameTreeNodeId: 1 };
    expect(await listener({ senderFrame: devFrame, sender: { mainFrame: devFrame } }, 'app:info', {})).toMatchObject({ ok: true });
    const otherPort = { url: 'http://127.0.0.1:5174/', frameTreeNodeId: 1 };
    expect(await listener({ senderFrame: otherPort, sender: { mainFrame: otherPort } }, 'app:info', {})).toMatchObject({
      ok: false,
      error: { code: 'GATE_FORBIDDEN_SENDER' },
    });
    const contents = fake.windows[0]!.webContents;
    const prevented: string[] = [];
    for (const url of ['http://127.0.0.1:5173/src/App.tsx', 'http://localhost:5173/']) {
      contents.emit('will-navigate', { preventDefault: () => prevented.push(url) }, url);
    }
    expect(prevented).toEqual(['http://localhost:5173/']);
  });
});
