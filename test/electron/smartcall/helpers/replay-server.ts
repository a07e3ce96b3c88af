// A tiny node:http server on 127.0.0.1 that answers with the RECORDED responses of one php-vcr
// cassette from test/fixtures/smartcall-recordings (status, headers, body byte for byte).
// Requests are matched by method + path below the host, in recorded order; once a path's entries
// are used up the last one repeats (so a retry sees the same answer). A login (POST /webservice/auth)
// the cassette does not hold is answered with the recorded `test_auth` success, because the php
// client that made the recordings logged in outside the cassette.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RECORDINGS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/smartcall-recordings');

export type RecordedExchange = {
  request: { method: string; url: string; headers: Record<string, string | null>; body?: string | null };
  response: { status: { code: number | string; message?: string }; headers: Record<string, string | string[]>; body?: string | null };
};

export type ReceivedRequest = { method: string; path: string; headers: IncomingMessage['headers']; body: string };

export type ReplayServer = {
  /** e.g. http://127.0.0.1:40123/webservice */
  baseUrl: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
};

/** Every cassette file name (not the README). */
export function cassetteNames(): string[] {
  return readdirSync(RECORDINGS_DIR).filter((f) => f !== 'README.md').sort();
}

export function loadCassette(name: string): RecordedExchange[] {
  return JSON.parse(readFileSync(join(RECORDINGS_DIR, name), 'utf8')) as RecordedExchange[];
}

const pathOf = (url: string) => new URL(url).pathname;

/** `anyMethod`: match on the path alone (to reach recorded entries whose method no client can send). */
export async function startReplayServer(name: string, opts: { anyMethod?: boolean } = {}): Promise<ReplayServer> {
  const exchanges = loadCassette(name);
  const login = loadCassette('test_auth')[0]!;
  const used = new Set<number>();
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      received.push({ method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const matches = exchanges.map((e, i) => [e, i] as const).filter(([e]) => (opts.anyMethod === true || e.request.method === req.method) && pathOf(e.request.url) === path);
      let chosen = matches.find(([, i]) => !used.has(i)) ?? matches.at(-1);
      if (!chosen && req.method === 'POST' && path === '/webservice/auth') chosen = [login, -1];
      if (!chosen) {
        res.writeHead(599, { 'Content-Type': 'text/plain' }).end(`replay: no recorded ${req.method} ${path} in ${name}`);
        return;
      }
      used.add(chosen[1]);
      const r = chosen[0].response;
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(r.headers)) {
        if (/^(transfer-encoding|content-length|connection|date)$/i.test(k)) continue;
        headers[k] = v;
      }
      res.writeHead(Number(r.status.code), headers);
      res.end(r.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return {
    baseUrl: `http://127.0.0.1:${addr.port}/webservice`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
