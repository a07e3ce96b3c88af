import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { createBuilder } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeWire } from '../../../shared/contract/bridge';
import { electronBuildConfig, importMetaUrlAssets, isMainExternal } from '../../../build/vite.electron.config';

// Runs the real Electron build (vite, the same config as `npm run build:electron`) into a temp
// folder, then checks what a sandboxed preload and Electron's ESM loader will get.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('Electron build (build/vite.electron.config.ts)', () => {
  let outDir: string;
  let preload: string;
  let main: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'till-electron-build-'));
    const builder = await createBuilder({ ...electronBuildConfig({ outDir, sourcemap: false }), configFile: false, logLevel: 'silent' });
    await builder.buildApp();
    preload = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    main = readFileSync(join(outDir, 'main.js'), 'utf8');
  });
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('bundles the preload into one CommonJS file that requires nothing but electron', () => {
    const requires = [...preload.matchAll(/\brequire\s*\(/g)].length;
    const literal = [...preload.matchAll(/\brequire\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((match) => match[2]);
    expect(literal.length).toBe(requires); // no require(variable) either
    expect(new Set(literal)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).not.toMatch(/\bimport\s*\(/);
  });

  it('gives a sandboxed page exactly window.tillBridge, working over ipcRenderer', async () => {
    const exposed: Record<string, unknown> = {};
    const sent: unknown[][] = [];
    const listeners: Array<(event: unknown, message: unknown) => void> = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          exposed[key] = api;
        },
      },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          sent.push(args);
          return { ok: true, value: 'answered' };
        },
        on: (_channel: string, listener: (event: unknown, message: unknown) => void) => listeners.push(listener),
        removeListener: () => {},
      },
    };
    // What a sandboxed preload has: a `require` that knows `electron` (and a few builtins we refuse here).
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return electron;
      throw new Error(`Cannot require "${id}" in a sandboxed preload`);
    };
    const module = { exports: {} };
    const context: Record<string, unknown> = { require: sandboxRequire, module, exports: module.exports, console };
    // No eval of strings, as under the page's CSP (no 'unsafe-eval').
    runInNewContext(preload, context, { filename: 'preload.cjs', contextCodeGeneration: { strings: false, wasm: false } });
    expect(context.__zod_globalConfig).toMatchObject({ jitless: true });

    expect(Object.keys(exposed)).toEqual(['tillBridge']);
    const bridge = exposed.tillBridge as { invoke: (channel: string, request: unknown) => Promise<unknown>; on: (event: string, listener: (payload: unknown) => void) => () => void };
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    await expect(bridge.invoke('app:info', {})).resolves.toEqual({ ok: true, value: 'answered' });
    await expect(bridge.invoke('not:a-channel', {})).resolves.toMatchObject({ ok: false });
    expect(sent).toEqual([[bridgeWire.ipcInvoke, 'app:info', {}]]);
    const got: unknown[] = [];
    bridge.on('app:heartbeat', (payload) => got.push(payload));
    for (const listener of listeners) listener({ sender: 'event' }, { event: 'app:heartbeat', payload: { seq: 3, at: 4 } });
    expect(got).toEqual([{ seq: 3, at: 4 }]);
  });

  it('builds main as one ES module that imports only Electron, Node builtins and package dependencies', () => {
    const specifiers = [...main.matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
    expect(specifiers).toContain('electron');
    for (const specifier of specifiers) expect(isMainExternal(specifier), specifier).toBe(true);
    expect(main).not.toMatch(/\brequire\s*\(/);
    // The native SQLite binding is never inlined (it is rebuilt for Electron's ABI and loaded from node_modules).
    expect(main).not.toMatch(/better_sqlite3\.node/);
    expect(main).toContain(`"${bridgeWire.ipcInvoke}"`);
  });

  it('ships every file main reads through new URL(…, import.meta.url) next to it (the journal migrations)', () => {
    const references = [...main.matchAll(/new URL\(\s*"(\.\/[^"]+)"\s*,\s*import\.meta\.url\s*\)/g)].map((match) => match[1]!);
    const sql = references.filter((reference) => reference.endsWith('.sql'));
    for (const reference of references) {
      const shipped = join(outDir, reference);
      expect(existsSync(shipped), reference).toBe(true);
    }
    for (const reference of sql) {
      const source = join(repoRoot, 'electron', 'store', 'migrations', basename(reference));
      expect(readFileSync(join(outDir, reference), 'utf8'), reference).toBe(readFileSync(source, 'utf8'));
    }
  });

  it('keeps the externals list honest', () => {
    for (const id of ['electron', 'node:fs', 'fs', 'path', 'better-sqlite3', 'zod', 'electron-store', 'conf']) expect(isMainExternal(id), id).toBe(true);
    for (const id of ['./security', '../core/gate', 'left-pad', 'zodiac']) expect(isMainExternal(id), id).toBe(false);
  });
});

describe('importMetaUrlAssets (a fixture built with the plugin, then run)', () => {
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'till-asset-plugin-'));
  });
  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('copies files a module reads by URL and the built module reads them back', async () => {
    const src = join(base, 'src');
    mkdirSync(join(src, 'a'), { recursive: true });
    mkdirSync(join(src, 'b'), { recursive: true });
    writeFileSync(join(src, 'a', 'same.sql'), 'SELECT 1;');
    writeFileSync(join(src, 'b', 'same.sql'), 'SELECT 2;');
    writeFileSync(join(src, 'a', 'list.ts'), "export const a = new URL('./same.sql', import.meta.url);");
    writeFileSync(join(src, 'b', 'list.ts'), "export const b = new URL('./same.sql', import.meta.url);");
    writeFileSync(
      join(src, 'entry.ts'),
      [
        "import { readFileSync } from 'node:fs';",
        "import { a } from './a/list';",
        "import { b } from './b/list';",
        'export const read = () => [readFileSync(a, "utf8"), readFileSync(b, "utf8")];',
      ].join('\n'),
    );
    const outDir = join(base, 'out');
    const builder = await createBuilder({
      root: src,
      configFile: false,
      logLevel: 'silent',
      plugins: [importMetaUrlAssets()],
      builder: {
        async buildApp(b) {
          await b.build(b.environments.main!);
        },
      },
      environments: {
        main: {
          consumer: 'server',
          build: {
            outDir,
            emitAssets: true,
            rolldownOptions: { input: { main: join(src, 'entry.ts') }, external: (id) => id.startsWith('node:'), output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false } },
          },
        },
      },
    });
    await builder.buildApp();
    // Two files with one name land side by side, neither overwrites the other.
    const built = (await import(pathToFileURL(join(outDir, 'main.js')).href)) as { read: () => string[] };
    expect(built.read()).toEqual(['SELECT 1;', 'SELECT 2;']);
    expect(readdirSync(join(outDir, 'assets')).filter((name) => name.endsWith('.sql'))).toHaveLength(2);
    // The copies are read, not the sources: with these gone the built module still works.
    rmSync(src, { recursive: true, force: true });
    expect(built.read()).toEqual(['SELECT 1;', 'SELECT 2;']);
  });
});
