import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeWire } from '../../../shared/contract/bridge';
import { contentSecurityPolicy } from '../../../electron/common/csp';
import { settingsFilePath } from '../../../electron/platform/settings-conf';
import { secureWebPreferences } from '../../../electron/main/security';
import { fake } from './fake-electron';

// electron/main/main.ts run against a stand-in `electron` (the binary cannot run here) and, because
// electron-store imports `electron` itself, against electron-store's own logic over the real conf.
// Everything of ours is real: the data folder, settings file, core, gate, protocol handler.
vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule);
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  // What electron-store does with its options when a `cwd` is given (index.js): `name` → `configName`.
  class ElectronStore extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown> & { name?: string }) {
      const { name = 'config', ...rest } = options;
      super({ ...rest, configName: name, projectVersion: '7.7.7' });
    }
  }
  return { default: ElectronStore };
});

describe('electron/main/main.ts wiring', () => {
  let base: string;
  let dataDir: string;
  const savedEnv = { data: process.env.TILL_DATA_DIR, dev: process.env.TILL_RENDERER_URL };

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'till-main-'));
    dataDir = join(base, 'user data', 'Smartload Till');
    const appPath = join(base, 'app');
    mkdirSync(join(appPath, 'dist-renderer'), { recursive: true });
    writeFileSync(join(appPath, 'dist-renderer', 'index.html'), '<!doctype html><title>till</title>');
    writeFileSync(join(base, 'secret.txt'), 'not for the page');
    fake.app.appPath = appPath;
    process.env.TILL_DATA_DIR = dataDir;
    delete process.env.TILL_RENDERER_URL;
    // A settings file from an earlier run: the window should pick up its heartbeat.
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    writeFileSync(settingsFilePath(dataDir), JSON.stringify({ heartbeat: { intervalMs: 2_000 } }));
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });

    await import('../../../electron/main/main');
    expect(fake.privilegedSchemes.length).toBe(1); // before ready
    fake.app.becomeReady();
    await fake.loaded;
  });

  afterAll(() => {
    vi.useRealTimers();
    if (savedEnv.data === undefined) delete process.env.TILL_DATA_DIR;
    else process.env.TILL_DATA_DIR = savedEnv.data;
    if (savedEnv.dev !== undefined) process.env.TILL_RENDERER_URL = savedEnv.dev;
    rmSync(base, { recursive: true, force: true });
  });

  it('starts without an error box', () => {
    expect(fake.errorBoxes).toEqual([]);
    expect(fake.app.exitCode).toBeUndefined();
  });

  it('registers app:// as a privileged scheme before ready, and sandboxes every renderer', () => {
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true }, at: expect.any(Number) }]);
    expect(fake.privilegedSchemes[0]!.at).toBeLessThan(fake.app.readyAt!);
    expect(fake.app.sandboxEnabled).toBe(true);
  });

  it('uses TILL_DATA_DIR as userData and makes it private', () => {
    expect(fake.app.getPath('userData')).toBe(dataDir);
    if (process.platform !== 'win32') expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it('opens one window on app://till with the secure webPreferences and the bundled preload', () => {
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    const prefs = window.options.webPreferences as { preload: string };
    expect(prefs.preload).toMatch(/preload\.cjs$/);
    expect(prefs).toEqual(secureWebPreferences(prefs.preload));
    expect(window.loaded).toEqual(['app://till/index.html']);
  });

  it('serves the built renderer on app:// with the CSP, and nothing outside it', async () => {
    const handler = fake.protocolHandlers.get('app')!;
    const page = await handler(new Request('app://till/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ dev: false }));
    expect(await page.text()).toContain('<title>till</title>');
    const escape = await handler(new Request('app://till/..%2fsecret.txt'));
    expect(escape.status).toBe(403);
  });

  it('answers the till page through the gate, with the core it started', async () => {
    const listener = fake.ipcHandlers.get(bridgeWire.ipcInvoke)!;
    const mainFrame = fake.windows[0]!.webContents.mainFrame;
    const answer = await listener({ senderFrame: mainFrame, sender: { mainFrame } }, 'app:info', {});
    expect(answer).toEqual({ ok: true, value: expect.objectContaining({ shell: 'electron', mode: 'training', version: '7.7.7', dataDir }) });
  });

  it('refuses an iframe and a foreign page', async () => {
    const listener = fake.ipcHandlers.get(bridgeWire.ipcInvoke)!;
    const mainFrame = fake.windows[0]!.webContents.mainFrame;
    const iframe = { url: 'app://till/x.html', frameTreeNodeId: 2 };
    expect(await listener({ senderFrame: iframe, sender: { mainFrame } }, 'app:info', {})).toMatchObject({ ok: false, error: { code: 'GATE_FORBIDDEN_SENDER' } });
    const foreign = { url: 'https://evil.example/', frameTreeNodeId: 1 };
    expect(await listener({ senderFrame: foreign, sender: { mainFrame: foreign } }, 'app:info', {})).toMatchObject({ ok: false, error: { code: 'GATE_FORBIDDEN_SENDER' } });
  });

  it('hardens the window: no navigation away, no pop-ups, no webviews, no permissions', () => {
    const contents = fake.windows[0]!.webContents;
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const granted: boolean[] = [];
    fake.permissions.request?.({}, 'media', (value: boolean) => granted.push(value));
    expect(granted).toEqual([false]);
    expect(fake.permissions.check?.()).toBe(false);
    expect(fake.headerFilters).toEqual([]); // no dev server, no header rewriting
    expect(fake.removedIpcListeners).toEqual(['electron-store-get-data']);
  });

  it('forwards core events to the window at the interval from the settings file', () => {
    const heartbeats = () => fake.windows[0]!.webContents.sent.filter(([, message]) => (message as { event: string }).event === 'app:heartbeat');
    expect(heartbeats()).toEqual([]);
    vi.advanceTimersByTime(1_999);
    expect(heartbeats()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(heartbeats()).toEqual([[bridgeWire.ipcEvent, { event: 'app:heartbeat', payload: expect.objectContaining({ seq: 0 }) }]]);
  });

  it('holds the quit until the core is closed, then quits and stops answering', async () => {
    let prevented = 0;
    fake.app.emit('will-quit', { preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    await vi.waitFor(() => expect(fake.app.quits).toBe(1));
    expect(fake.removedIpcHandlers).toEqual([bridgeWire.ipcInvoke]);
    const heartbeats = () => fake.windows[0]!.webContents.sent.filter(([, message]) => (message as { event: string }).event === 'app:heartbeat').length;
    const sent = heartbeats();
    vi.advanceTimersByTime(10_000);
    expect(heartbeats()).toBe(sent); // heartbeat stopped
    fake.app.emit('will-quit', { preventDefault: () => prevented++ });
    expect(prevented).toBe(1); // the real quit passes
  });
});
