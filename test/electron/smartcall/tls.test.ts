// TLS stays verified, and an extra CA can be trusted: a real HTTPS server on 127.0.0.1 with a
// certificate from a test CA (fixtures/tls).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaFetch, createSmartcallClient, isSmartcallError } from '../../../electron/smartcall';
import { runCli } from '../../../electron/smartcall/cli-main';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/tls');
const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
let server: Server;
let baseUrl: string;
const seen: { method: string; url: string; body: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer({ cert: readFileSync(join(dir, 'server.pem')), key: readFileSync(join(dir, 'server.key')) }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, auth: req.headers.authorization });
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/webservice/test/ping') return void res.end('{"response":"Pong"}');
      if (req.url === '/webservice/auth') return void res.end(JSON.stringify({ responseDescription: 'Authentication successful', accessToken: 'h.p.s', tokenType: 'Bearer', expiresAt: Date.now() + 86_400_000, scope: 'WEBSERVICE_SMARTLOAD_FULL' }));
      if (req.url === '/webservice/smartload/cashup') {
        const b = JSON.parse(body) as { smartloadId: string };
        return void res.end(JSON.stringify({ error: null, responseCode: null, cashupResponseItems: [{ groupDescription: 'Closing Balance', itemDescription: b.smartloadId, itemCount: 0, amount: 0, netAmount: 748.52, profit: 0 }] }));
      }
      if (req.url === '/webservice/hang') return; // never answers
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  baseUrl = `https://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/webservice`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('TLS', () => {
  it('refuses a certificate from an unknown CA: a typed TLS error, nothing sent, not outcome-unknown', async () => {
    const c = createSmartcallClient({ environment: 'qa', baseUrl, credentials: { username: 'u', password: 'p' } });
    const e = await c.ping().catch((x: unknown) => x);
    expect(isSmartcallError(e) && e.toJSON()).toMatchObject({ kind: 'transport', code: 'SMARTCALL_TLS', outcomeUnknown: false });
  });

  it('trusts the extra CA: GET, a POST with a body and Bearer auth all work, verification still on', async () => {
    const c = createSmartcallClient({ environment: 'qa', baseUrl, credentials: { username: 'u', password: 'p' }, extraCaCertificates: caPem });
    expect(await c.ping()).toBe('Pong');
    const cashup = await c.cashupPeriod('27813272161', '2018-01-01', '2018-01-31');
    expect(cashup.items[0]).toMatchObject({ item: '27813272161', netAmountCents: 74852 });
    const post = seen.find((s) => s.url === '/webservice/smartload/cashup');
    expect(JSON.parse(post!.body)).toEqual({ smartloadId: '27813272161', startDate: '2018-01-01', endDate: '2018-01-31' });
    expect(post!.auth).toBe('Bearer h.p.s');
  });

  it('a hanging server times out (the CA fetch honours the abort)', async () => {
    const c = createSmartcallClient({ environment: 'qa', baseUrl, credentials: { username: 'u', password: 'p' }, extraCaCertificates: caPem, paths: { ping: '/hang' }, timeouts: { ping: 300 } });
    const e = await c.ping().catch((x: unknown) => x);
    expect(isSmartcallError(e) && e.code).toBe('SMARTCALL_TIMEOUT');
  });

  it('refuses something that is not a PEM certificate', () => {
    expect(() => createCaFetch('not a cert')).toThrow(/PEM/);
  });

  it('the CLI takes --ca-file', async () => {
    const out: string[] = [];
    const code = await runCli(['ping', '--env', 'qa', '--base-url', baseUrl, '--ca-file', 'ca.pem', '--json'], {
      env: {},
      stdout: (t) => void out.push(t),
      stderr: () => undefined,
      readFile: async (p) => (p === 'ca.pem' ? caPem : Promise.reject(new Error('ENOENT'))),
      writeFile: async () => undefined,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ ok: true, value: { response: 'Pong' } });
  });
});
