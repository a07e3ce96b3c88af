import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { createBuilder } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeWire } from '../../../shared/contract/bridge';
import { electronBuildConfig, isMainExternal } from '../../../build/vite.electron.config';

// Runs the real Electron build (vite, the same config as `npm run build:electron`) into a temp
// folder, then checks what a sandboxed preload and Electron's ESM loader will get.

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
    runInNewContext(preload, { require: sandboxRequire, module, exports: module.exports, console }, { filename: 'preload.cjs' });

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

  it('keeps the externals list honest', () => {
    for (const id of ['electron', 'node:fs', 'fs', 'path', 'better-sqlite3', 'zod', 'electron-store', 'conf']) expect(isMainExternal(id), id).toBe(true);
    for (const id of ['./security', '../core/gate', 'left-pad', 'zodiac']) expect(isMainExternal(id), id).toBe(false);
  });
});
