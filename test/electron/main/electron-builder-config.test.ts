import type { Configuration } from 'electron-builder';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR_NAME } from '../../../electron/platform/data-dir';

// electron-builder cannot package here (it downloads Electron), but its own loader and schema
// validation run offline: the config is read and checked exactly as `npm run dist` would.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (projectDir: string, configPath: string, fromOptions: null) => Promise<Configuration>;
  validateConfiguration: (config: Configuration, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { main: string; productName: string };

describe('build/electron-builder.yml', () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await getConfig(repoRoot, 'build/electron-builder.yml', null);
  });

  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked for real: the same validation refuses a misspelt option', async () => {
    await expect(validateConfiguration({ ...structuredClone(config), asarUnpak: ['**/*.node'] } as Configuration, new DebugLogger(false))).rejects.toThrow(/asarUnpak/);
  });

  it('names the product as the data folder and package.json do', () => {
    expect(config.productName).toBe('Smartload Till');
    expect(config.productName).toBe(packageJson.productName);
    expect(config.productName).toBe(DATA_DIR_NAME);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
  });

  it('packs the bundles, the screen and package.json, with native modules unpacked and rebuilt', () => {
    const filters = (config.files as Array<{ filter: string[] }>).flatMap((set) => set.filter);
    expect(filters).toEqual(expect.arrayContaining(['dist-electron/**/*', 'dist-renderer/**/*', 'package.json']));
    expect(packageJson.main).toBe('dist-electron/main.js');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
  });

  it('builds an x64 NSIS installer for Windows and an AppImage for Linux into release/', () => {
    expect(config.directories?.output).toBe('release');
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux?.target).toEqual([{ target: 'AppImage', arch: ['x64'] }]);
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('switches off the fuses that would turn the till into a plain Node', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false });
  });
});
