#!/usr/bin/env node
// `npm start`: build what is needed and start the till in training mode.
// Electron shell when its binary is installed; otherwise (or with TILL_SHELL=browser) the browser
// shell, which prints exactly one line `Till ready at <url>` and runs until SIGINT/SIGTERM.
// Options: --port N, --data-dir DIR (passed through to the shell).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const require = createRequire(import.meta.url);

/** The Electron binary's path when it is really there (electron ≥ 42 downloads it on first use). */
function electronBinary() {
  try {
    const pathFile = join(dirname(require.resolve('electron/package.json')), 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(dirname(pathFile), 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

async function viteBuild(configFile) {
  const { build } = await import('vite');
  await build({ configFile: join(root, configFile), logLevel: 'warn' });
}

function run(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  // Ctrl-C reaches the whole process group; forward anything else (e.g. a service manager's SIGTERM).
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const wanted = process.env.TILL_SHELL;
const binary = wanted === 'browser' ? undefined : electronBinary();
if (wanted === 'electron' && !binary) {
  process.stderr.write('TILL_SHELL=electron, but the Electron binary is not installed. See README › Troubleshooting.\n');
  process.exit(1);
}

await viteBuild('build/vite.renderer.config.ts');
if (binary) {
  await viteBuild('build/vite.electron.config.ts');
  run(binary, ['.', ...args]);
} else {
  if (!wanted) process.stderr.write('Electron is not installed here: starting the browser shell.\n');
  run(process.execPath, ['--import', 'tsx', join(root, 'electron/browser/main.ts'), ...args]);
}
