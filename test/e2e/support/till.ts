import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export type RunningTill = {
  url: string;
  dataDir: string;
  /** Training mode's embedded simulator (browser shell only): its origin, e.g. http://127.0.0.1:5123. */
  simulatorUrl: string;
  process: ChildProcess;
  /** All stdout lines so far. */
  stdout: string[];
  /** SIGTERM, wait for the exit, clean the data dir; resolves with the exit code. */
  stop(): Promise<number | null>;
};

/**
 * Start the till the way a shop would, on a free port with a fresh data folder, and wait for
 * `Till ready at <url>`. `command` chooses between `npm start`'s script and the browser shell itself.
 */
/** A free loopback port, found by binding port 0 and letting it go. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Steer the embedded simulator through its `/__sim` test controls; throws on a refusal. */
export async function simControl(till: Pick<RunningTill, 'simulatorUrl'>, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<unknown> {
  const response = await fetch(`${till.simulatorUrl}/__sim/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator ${method} /__sim/${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function startTill(options: { via?: 'start-script' | 'browser-shell'; env?: Record<string, string> } = {}): Promise<RunningTill> {
  const dataDir = mkdtempSync(join(tmpdir(), 'till-e2e-'));
  const simulatorPort = await freePort();
  const args =
    options.via === 'start-script'
      ? [join(repoRoot, 'build/scripts/start.mjs'), '--port', '0', '--data-dir', join(dataDir, 'data')]
      : ['--import', 'tsx', join(repoRoot, 'electron/browser/main.ts'), '--port', '0', '--data-dir', join(dataDir, 'data'), '--simulator-port', String(simulatorPort)];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, TILL_SHELL: 'browser', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        const match = /^Till ready at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/.exec(line);
        if (match) resolve(match[1]!);
      }
    });
    void exited.then((code) => reject(new Error(`the till exited (${code}) before it was ready:\n${stderr}`)));
  });

  return {
    url,
    dataDir: join(dataDir, 'data'),
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`,
    process: child,
    stdout,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
