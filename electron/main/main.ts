// The Electron shell's main process: one window on app://till/, the core behind the IPC gate.
// Every decision worth testing lives in the small modules next to this file; this one only wires
// them to Electron, in the order Electron needs (schemes and paths before `ready`, the rest after).
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../common/csp';
import { createGate } from '../core/gate';
import { createTillCore, type TillCore } from '../core/till-core';
import { resolveDataDir } from '../platform/data-dir';
import { createAssetHandler } from './asset-protocol';
import { hardenSession, hardenWebContents } from './harden';
import { forwardEvents, registerGateIpc } from './ipc';
import { createQuitGuard } from './lifecycle';
import { APP_ENTRY_URL, APP_SCHEME, isTrustedOrigin, isTrustedUrl, originOf, parseDevUrl, secureWebPreferences } from './security';
import { openElectronSettings } from './settings-store';
import { requestedDataDir } from './shell-args';
import { createSafeStorageDataKeyProvider } from './data-key-safe-storage';

const here = fileURLToPath(new URL('.', import.meta.url));
const log = (message: string) => console.log(`[main] ${message}`);

function fatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[main] the till could not start: ${message}`);
  dialog.showErrorBox('Smartload Till could not start', message);
  app.exit(1);
}

// Must happen before `ready`: the scheme's privileges, the sandbox for every renderer, the data folder.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

// The data folder (`--data-dir` or TILL_DATA_DIR) and TILL_RENDERER_URL (the vite dev server) are
// read once, before ready; a bad one stops the start below with a message.
let devUrl: string | undefined;
let startError: unknown;
try {
  const dataDir = requestedDataDir(process.argv, process.env);
  if (dataDir !== undefined) app.setPath('userData', resolve(dataDir));
  devUrl = parseDevUrl(process.env.TILL_RENDERER_URL);
} catch (error) {
  startError = error;
}

async function start(): Promise<void> {
  await app.whenReady();
  const trust = { devUrl };

  // userData is appData + productName: the same "Smartload Till" folder the browser shell uses.
  const dataDir = resolveDataDir(app.getPath('userData'));
  const settingsStore = openElectronSettings(dataDir);
  const settings = settingsStore.get();
  // electron-store answers a sync IPC message with the data folder path for renderer-side stores;
  // the till has none, and the page gets no IPC but tillBridge: one listener fewer to think about.
  ipcMain.removeAllListeners('electron-store-get-data');
  const core: TillCore = await createTillCore({
    shell: 'electron',
    dataDir,
    version: app.getVersion(),
    settings: settingsStore,
    keys: createSafeStorageDataKeyProvider(dataDir, safeStorage, log),
  });

  const gate = createGate({ handlers: core.handlers, isTrustedOrigin: (origin) => isTrustedOrigin(origin, trust) });
  const unregisterIpc = registerGateIpc(ipcMain, gate);
  let stopForwarding = () => {};

  app.on('will-quit', createQuitGuard({
    close: async () => {
      stopForwarding();
      unregisterIpc();
      await core.close();
    },
    quit: () => app.quit(),
    onCloseError: (error) => console.error('[main] closing the core failed', error instanceof Error ? error.message : String(error)),
  }));

  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAssetHandler({ rootDir: join(app.getAppPath(), 'dist-renderer') }));
  const devOrigin = devUrl === undefined ? null : originOf(devUrl);
  if (devOrigin !== null) {
    // The vite dev server sends no CSP; give its pages the till's (dev variant) so dev matches production.
    session.defaultSession.webRequest.onHeadersReceived({ urls: [`${devOrigin}/*`] }, (details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy({ dev: true })] } });
    });
  }

  const window = new BrowserWindow({
    title: 'Smartload Till',
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(join(here, 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  stopForwarding = forwardEvents(core.events, window.webContents);
  window.on('closed', () => stopForwarding());

  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  await window.loadURL(devUrl ?? APP_ENTRY_URL);
  log(`till open (${settings.environment}) from ${devUrl === undefined ? 'app://till' : 'the dev server'}; data in ${dataDir}`);
}

// Every page, including any Electron creates on its own, gets the same rules.
app.on('web-contents-created', (_event, contents) => {
  hardenWebContents(contents, (url) => isTrustedUrl(url, { devUrl }), log);
});
// A till is one window: closing it ends the till, on macOS too.
app.on('window-all-closed', () => app.quit());

if (!app.requestSingleInstanceLock()) {
  // Another till is already running on this PC; it gets focus (second-instance) and this one leaves.
  app.quit();
} else if (startError !== undefined) {
  fatal(startError);
} else {
  start().catch(fatal);
}
