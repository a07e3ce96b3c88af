// The browser shell: the till's core behind a loopback HTTP bridge, for machines where Electron
// cannot run (and for the end-to-end tests). `npm start` runs this when the Electron binary is
// missing or TILL_SHELL=browser. Prints exactly one line `Till ready at <url>` on stdout.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGate } from '../core/gate';
import { createTillCore } from '../core/till-core';
import { resolveDataDir } from '../platform/data-dir';
import { createFileDataKeyProvider } from '../platform/data-key';
import { openConfSettings } from '../platform/settings-conf';
import { isAllowedOrigin } from './bridge-security';
import { startBridgeServer } from './bridge-server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm start -- [--port N] [--data-dir DIR]\n`);
  process.exit(2);
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be a whole number from 0 to 65535, not "${value}".`);
  return port;
}

async function main(): Promise<void> {
  let values: { port?: string; 'data-dir'?: string; 'renderer-dir'?: string; 'simulator-port'?: string };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'renderer-dir': { type: 'string' },
        // Training mode: where the embedded simulator listens (tests steer it through its /__sim controls).
        'simulator-port': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const port = parsePort(values.port ?? process.env.TILL_PORT);
  const dataDir = resolveDataDir(values['data-dir']);
  const rendererDir = resolve(values['renderer-dir'] ?? join(root, 'dist-renderer'));
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

  const core = await createTillCore({
    shell: 'browser',
    dataDir,
    version,
    settings: openConfSettings(dataDir),
    keys: createFileDataKeyProvider(dataDir),
    simulator: { port: parsePort(values['simulator-port']) },
  });
  let boundPort = 0;
  const gate = createGate({ handlers: core.handlers, isTrustedOrigin: (origin) => isAllowedOrigin(origin, boundPort, true) });
  let bridge;
  try {
    bridge = await startBridgeServer({ gate, events: core.events, rendererDir, port });
  } catch (error) {
    await core.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') usage(`Port ${port} is already in use: choose another with --port N (or --port 0 for any free port).`);
    throw error;
  }
  boundPort = bridge.port;
  process.stdout.write(`Till ready at ${bridge.launchUrl}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`Till stopping (${signal})…\n`);
    void (async () => {
      await bridge.close();
      await core.close();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The till could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
