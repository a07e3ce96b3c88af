import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module (the Electron binary cannot run on the build machines):
 * just the calls electron/main/main.ts makes, each recorded so a test can check the wiring.
 * One instance per test file (the main module runs once when imported).
 */

type Listener = (...args: unknown[]) => unknown;

class FakeApp extends EventEmitter {
  readonly paths = new Map<string, string>([['userData', '/nonexistent/userData']]);
  appPath = '/nonexistent/app';
  readyAt: number | undefined;
  sandboxEnabled = false;
  quits = 0;
  exitCode: number | undefined;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  /** The test says when Electron is ready, after checking what had to happen before. */
  becomeReady() {
    this.readyAt = order.next++;
    this.readyResolve();
  }
  whenReady() {
    return this.ready;
  }
  isReady() {
    return this.readyAt !== undefined;
  }
  getPath(name: string) {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  setPath(name: string, path: string) {
    this.paths.set(name, path);
  }
  getAppPath() {
    return this.appPath;
  }
  getVersion() {
    return '7.7.7';
  }
  enableSandbox() {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock() {
    return true;
  }
  quit() {
    this.quits++;
  }
  exit(code: number) {
    this.exitCode = code;
  }
}

const order = { next: 0 };

class FakeWebContents extends EventEmitter {
  readonly sent: Array<[string, unknown]> = [];
  readonly mainFrame = { url: 'app://till/index.html', frameTreeNodeId: 1 };
  windowOpenHandler: Listener | undefined;
  send(channel: string, message: unknown) {
    this.sent.push([channel, message]);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
}

class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
    fake.onLoaded(url);
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
}

const permissions: Record<string, Listener | null> = {};
const headerFilters: Array<{ filter: unknown; listener: Listener }> = [];

let loadedResolve!: (url: string) => void;

export const fake = {
  app: new FakeApp(),
  windows: FakeBrowserWindow.instances,
  /** Resolves with the first URL a window loads. */
  loaded: new Promise<string>((resolve) => (loadedResolve = resolve)),
  onLoaded: (url: string) => loadedResolve(url),
  privilegedSchemes: [] as Array<{ scheme: string; privileges: Record<string, boolean>; at: number }>,
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Listener>(),
  removedIpcHandlers: [] as string[],
  removedIpcListeners: [] as string[],
  errorBoxes: [] as Array<[string, string]>,
  permissions,
  headerFilters,
};

/** The module object `vi.mock('electron', …)` returns. */
export const fakeElectronModule = {
  app: fake.app,
  BrowserWindow: FakeBrowserWindow,
  dialog: {
    showErrorBox: (title: string, content: string) => fake.errorBoxes.push([title, content]),
  },
  ipcMain: {
    handle: (channel: string, listener: Listener) => {
      if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      fake.ipcHandlers.set(channel, listener);
    },
    removeAllListeners: (channel: string) => {
      fake.removedIpcListeners.push(channel);
    },
    removeHandler: (channel: string) => {
      fake.ipcHandlers.delete(channel);
      fake.removedIpcHandlers.push(channel);
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) => {
      if (fake.app.isReady()) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
      for (const scheme of schemes) fake.privilegedSchemes.push({ ...scheme, at: order.next++ });
    },
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      if (!fake.app.isReady()) throw new Error('protocol.handle must be called after the app is ready');
      fake.protocolHandlers.set(scheme, handler);
    },
  },
  // A keychain that seals by prefixing: enough for main to create and reopen its data key.
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (plain: string) => Buffer.from(`sealed:${plain}`, 'utf8'),
    decryptString: (sealed: Buffer) => {
      const text = sealed.toString('utf8');
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice('sealed:'.length);
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: Listener | null) => (permissions.request = handler),
      setPermissionCheckHandler: (handler: Listener | null) => (permissions.check = handler),
      setDevicePermissionHandler: (handler: Listener | null) => (permissions.device = handler),
      webRequest: {
        onHeadersReceived: (filter: unknown, listener: Listener) => headerFilters.push({ filter, listener }),
      },
    },
  },
};
