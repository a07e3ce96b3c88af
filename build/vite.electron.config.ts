import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

// The Electron shell in two bundles (the renderer is build/vite.renderer.config.ts):
//   dist-electron/main.js      the main process, ESM for Node; electron, Node builtins and every
//                              package dependency stay external (better-sqlite3 is native and is
//                              rebuilt for Electron by electron-builder, so it must not be bundled).
//   dist-electron/preload.cjs  the preload, ONE CommonJS file: a sandboxed preload can require only
//                              `electron` (and a few builtins we do not use), so everything else is inlined.
// Both are environments of one vite build, so `vite build --config build/vite.electron.config.ts` makes both.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
const dependencies = Object.keys(packageJson.dependencies ?? {});
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** True for imports the main bundle leaves to Node/Electron at run time. */
export function isMainExternal(id: string): boolean {
  if (id === 'electron' || id.startsWith('electron/')) return true;
  if (builtins.has(id) || id.startsWith('node:')) return true;
  return dependencies.some((name) => id === name || id.startsWith(`${name}/`));
}

/**
 * Files the main process reads at run time through `new URL('./x.sql', import.meta.url)` (the
 * journal's migrations). Vite copies such assets only in browser builds, so for main this plugin
 * copies each one into `<outDir>/assets/` and points the URL there. Lines are kept as they were, so
 * the source map stays right.
 */
export function importMetaUrlAssets(): Plugin {
  const pattern = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;
  const emitted = new Map<string, string>(); // output name → source file
  return {
    name: 'till:import-meta-url-assets',
    applyToEnvironment: (environment) => environment.name === 'main',
    buildStart() {
      emitted.clear();
    },
    transform(code, id) {
      if (!code.includes('import.meta.url') || id.includes('/node_modules/')) return null;
      let changed = false;
      const out = code.replace(pattern, (whole, _quote: string, relative: string) => {
        if (/\.[cm]?[jt]sx?$/.test(relative)) return whole;
        const file = resolve(dirname(id.split('?')[0]!), relative);
        const source = readFileSync(file);
        let name = `assets/${basename(file)}`;
        if (emitted.has(name) && emitted.get(name) !== file) {
          const hash = createHash('sha256').update(file).digest('hex').slice(0, 8);
          name = `assets/${basename(file, extname(file))}-${hash}${extname(file)}`;
        }
        if (!emitted.has(name)) {
          emitted.set(name, file);
          this.emitFile({ type: 'asset', fileName: name, source });
        }
        changed = true;
        return `new URL(${JSON.stringify(`./${name}`)}, import.meta.url)`;
      });
      return changed ? { code: out, map: null } : null;
    },
  };
}

export type ElectronBuildOptions = {
  /** Where main.js and preload.cjs go; tests build into a temp folder. */
  outDir?: string;
  /** Source maps next to the bundles (on for the real build, for readable stack traces in logs). */
  sourcemap?: boolean;
};

/** The vite config of the Electron bundles (exported so a test can build into a temp folder). */
export function electronBuildConfig(options: ElectronBuildOptions = {}): UserConfig {
  const outDir = options.outDir ?? fileURLToPath(new URL('../dist-electron', import.meta.url));
  const sourcemap = options.sourcemap ?? true;
  return {
    root: repoRoot,
    publicDir: false,
    logLevel: 'warn',
    plugins: [importMetaUrlAssets()],
    builder: {
      // Only these two; vite's default `client` environment (an index.html app) is not ours here.
      async buildApp(builder) {
        await builder.build(builder.environments.main!);
        await builder.build(builder.environments.preload!);
      },
    },
    environments: {
      main: {
        consumer: 'server',
        build: {
          outDir,
          emptyOutDir: true,
          target: 'node22',
          // Server environments drop emitted assets by default; main needs its migrations.
          emitAssets: true,
          sourcemap,
          minify: false,
          copyPublicDir: false,
          reportCompressedSize: false,
          rolldownOptions: {
            input: { main: 'electron/main/main.ts' },
            external: isMainExternal,
            platform: 'node',
            // One file: the asset URLs above are relative to main.js, so no code may live in a subfolder.
            output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false },
          },
        },
      },
      preload: {
        consumer: 'client',
        build: {
          outDir,
          // main went first and emptied the folder; this one adds to it.
          emptyOutDir: false,
          target: 'chrome130',
          sourcemap,
          minify: false,
          copyPublicDir: false,
          reportCompressedSize: false,
          modulePreload: false,
          rolldownOptions: {
            input: { preload: 'electron/preload/preload.ts' },
            external: ['electron'],
            platform: 'browser',
            output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
          },
        },
      },
    },
  };
}

export default defineConfig(electronBuildConfig());
