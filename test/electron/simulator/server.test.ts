// The simulator over real HTTP on 127.0.0.1: wire details (304, 415, 404), the /__sim controls,
// injected faults and what they do (and do not do) to the ledger, the voucher zip, and the CLI.
import { spawn } from 'node:child_process';
import { BlobReader, TextWriter, ZipReader } from '@zip.js/zip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../electron/simulator/index';

let sim: RunningSimulator;
const T0 = Date.parse('2026-03-02T08:00:00+02:00');

beforeAll(async () => {
  sim = await startSimulator({ now: () => T0, testControls: true, networkRotation: false, asyncDelayMs: 10_000 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.controls.reset();
});

const basic = (): string => `Basic ${Buffer.from(`${sim.demo.username}:${sim.demo.password}`).toString('base64')}`;
async function login(): Promise<string> {
  const r = await fetch(`${sim.baseUrl}/auth`, { method: 'POST', headers: { Authorization: basic() } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { accessToken: string }).accessToken;
}
let seq = 0;
const rechargeBody = (over: Record<string, unknown> = {}) => ({
  smartloadId: sim.demo.smartloadId,
  clientReference: `http-${++seq}`,
  smsRecipientMsisdn: '27831234567',
  deviceId: '27831234567',
  productId: 22,
  amount: 450,
  pinless: true,
  sendSms: false,
  ...over,
});
async function post(token: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${sim.baseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}
const get = (token: string, path: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${sim.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
const sim$ = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<Response> =>
  fetch(`${sim.origin}/__sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
type Ledger = { entries: { kind: string; clientReference: string | null; amountCents: number }[] };
const ledgerFor = async (ref: string) =>
  ((await (await sim$('/ledger')).json()) as Ledger).entries.filter((e) => e.clientReference === ref);

describe('wire details', () => {
  it('answers 304 with an empty body when If-None-Match carries the current Etag, for all three catalogue reads', async () => {
    const token = await login();
    for (const path of ['/smartload/networks', '/smartload/networks/1', '/smartload/products/22']) {
      const first = await get(token, path);
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^-?\d+$/);
      await first.arrayBuffer();
      const again = await get(token, path, { 'If-None-Match': etag! });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      const stale = await get(token, path, { 'If-None-Match': '12345' });
      expect(stale.status, path).toBe(200);
      await stale.arrayBuffer();
    }
  });

  it('keeps Etags stable across simulator restarts (same content, same Etag) and distinct per resource', async () => {
    const other = await startSimulator();
    try {
      const tokenA = await login();
      const r = await fetch(`${other.baseUrl}/auth`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${other.demo.username}:${other.demo.password}`).toString('base64')}` },
      });
      const tokenB = ((await r.json()) as { accessToken: string }).accessToken;
      const a = (await get(tokenA, '/smartload/networks/2')).headers.get('etag');
      const b = (await fetch(`${other.baseUrl}/smartload/networks/2`, { headers: { Authorization: `Bearer ${tokenB}` } })).headers.get(
        'etag',
      );
      expect(a).toBe(b);
      expect(a).not.toBe((await get(tokenA, '/smartload/networks/1')).headers.get('etag'));
    } finally {
      await other.close();
    }
  });

  it('answers an unknown product or network id with a 500 HTML page (RELATED-API), not JSON', async () => {
    const token = await login();
    for (const path of ['/smartload/products/999999', '/smartload/networks/77', '/smartload/products/abc']) {
      const r = await get(token, path);
      expect(r.status, path).toBe(500);
      expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await r.text(), path).toMatch(/Unknown (productId|networkId) passed/);
    }
  });

  it('refuses a POST without a JSON content type with the JBoss 415 page, before looking at the token', async () => {
    const r = await fetch(`${sim.baseUrl}/smartload/recharges`, {
      method: 'POST',
      headers: { Authorization: 'Bearer nonsense', 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(r.status).toBe(415);
    expect(r.headers.get('content-type')).toBe('text/html;charset=utf-8');
    expect(await r.text()).toContain('HTTP Status 415');
  });

  it('answers an unknown path with an empty 404 and a malformed JSON body with 400 {code, message}', async () => {
    const r = await fetch(`${sim.baseUrl}/smartload/nothing-here`);
    expect(r.status).toBe(404);
    expect(await r.text()).toBe('');
    const token = await login();
    const bad = await fetch(`${sim.baseUrl}/smartload/recharges`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{"smartloadId":',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()) as object)).toEqual(['code', 'message']);
  });

  it('treats an empty body with a JSON content type as no body (login still works)', async () => {
    const r = await fetch(`${sim.baseUrl}/auth`, {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/json' },
    });
    expect(r.status).toBe(200);
    const token = ((await r.json()) as { accessToken: string }).accessToken;
    const empty = await fetch(`${sim.baseUrl}/smartload/recharges`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    expect(empty.status).toBe(400);
    expect(Object.keys((await empty.json()) as object)).toEqual(['code', 'message']);
  });

  it('serves the PROPOSED operations at configurable paths', async () => {
    const moved = await startSimulator({ paths: { syncRecharge: '/smartload/recharge-sync' }, networkRotation: false });
    try {
      const r = await fetch(`${moved.baseUrl}/auth`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${moved.demo.username}:${moved.demo.password}`).toString('base64')}` },
      });
      const token = ((await r.json()) as { accessToken: string }).accessToken;
      const body = JSON.stringify({ ...rechargeBody(), smartloadId: moved.demo.smartloadId });
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      const sync = await fetch(`${moved.baseUrl}/smartload/recharge-sync`, { method: 'POST', headers, body });
      expect(((await sync.json()) as { transaction: { statusId: string } }).transaction.statusId).toBe('SUCESSFUL');
      expect((await fetch(`${moved.baseUrl}/smartload/recharges/sync`, { method: 'POST', headers, body })).status).toBe(404);
    } finally {
      await moved.close();
    }
  });

  it('does not mount /__sim unless test controls are asked for', async () => {
    const plain = await startSimulator();
    try {
      expect((await fetch(`${plain.origin}/__sim/ledger`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('test controls over HTTP', () => {
  it('moves the clock so a token dies after 4 idle hours', async () => {
    const token = await login();
    expect((await get(token, '/utilities/health')).status).toBe(200);
    await sim$('/clock', { advanceMs: 4 * 3600_000 });
    const r = await get(token, '/utilities/health');
    expect(r.status).toBe(401);
    expect(((await r.json()) as { responseDescription: string }).responseDescription).toBe('Authorization denied. Token validation failed');
  });

  it('expires tokens on demand and forces 429 on the next login', async () => {
    const token = await login();
    expect(((await (await sim$('/tokens/expire', {})).json()) as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    expect((await get(token, '/utilities/health')).status).toBe(401);
    await sim$('/faults', { kind: 'status-429', path: '/auth' });
    const r = await fetch(`${sim.baseUrl}/auth`, { method: 'POST', headers: { Authorization: basic() } });
    expect(r.status).toBe(429);
    expect(((await r.json()) as { responseDescription: string }).responseDescription).toBe(
      'Maximum concurrent session limit reached. Limit is 20',
    );
    expect((await fetch(`${sim.baseUrl}/auth`, { method: 'POST', headers: { Authorization: basic() } })).status).toBe(200);
  });

  it('takes a network down and up, visible in health and failing its recharges', async () => {
    const token = await login();
    await sim$('/networks/mtn', { state: 'DOWN' });
    expect(await (await get(token, '/utilities/health')).json()).toEqual({
      vodacom: 'UP',
      mtn: 'DOWN',
      cellc: 'UP',
      telkom: 'UP',
      virgin: 'UP',
    });
    const body = rechargeBody({ productId: 63, amount: 30 });
    const sync = await post(token, '/smartload/recharges/sync', body);
    expect(((await sync.json()) as { responseCode: string }).responseCode).toBe('APP_ERROR');
    await sim$('/networks/mtn', { state: 'UP' });
    expect(((await (await get(token, '/utilities/health')).json()) as { mtn: string }).mtn).toBe('UP');
  });

  it('resets users, wallets and the ledger to the seeded start', async () => {
    const token = await login();
    await post(token, '/smartload/recharges', rechargeBody());
    await sim$('/reset', {});
    expect(((await (await sim$('/ledger')).json()) as Ledger).entries.map((e) => e.kind)).toEqual(['deposit']);
    expect((await get(token, '/utilities/health')).status).toBe(401);
  });
});

describe('more test controls', () => {
  it('adds users, wallets, deposits and stock, queues outcomes and switches the rotation over HTTP', async () => {
    expect((await sim$('/accounts', { smartloadId: '27825550000', balanceCents: 5_000 })).status).toBe(200);
    expect((await sim$('/users', { username: 'second', password: 'pw', smartloadIds: ['27825550000'] })).status).toBe(200);
    expect((await sim$('/deposits', { smartloadId: '27825550000', cents: 2_500 })).status).toBe(200);
    expect((await sim$('/deposits', { smartloadId: '27825559999', cents: 1 })).status).toBe(404);
    expect(sim.controls.balanceCents('27825550000')).toBe(7_500);
    const auth = await fetch(`${sim.baseUrl}/auth`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('second:pw').toString('base64')}` },
    });
    const token = ((await auth.json()) as { accessToken: string }).accessToken;
    const bal = await get(token, '/smartload/balance/27825550000');
    expect(await bal.text()).toBe('{"error":null,"responseCode":"SUCCESS","balance":75.0000}');

    expect((await sim$('/stock', { productId: 65, quantity: 0 })).status).toBe(200);
    const o = await post(token, '/smartload/orders', {
      smartloadId: '27825550000',
      clientReference: 'no-stock',
      productId: 65,
      quantity: 1,
    });
    expect(((await o.json()) as { code: number }).code).toBe(18);

    await sim$('/outcomes', { outcomes: ['failure'] });
    const sync = await post(token, '/smartload/recharges/sync', rechargeBody({ smartloadId: '27825550000', productId: 62, amount: 5 }));
    expect(((await sync.json()) as { responseCode: string }).responseCode).toBe('APP_ERROR');

    expect((await sim$('/rotation', { enabled: true })).status).toBe(200);
    sim.controls.advanceClock(5 * 60_000); // the rotation's first down slot
    const health = (await (await get(token, '/utilities/health')).json()) as Record<string, string>;
    expect(Object.values(health).filter((v) => v === 'DOWN')).toHaveLength(1);
    expect((await sim$('/networks/eskom', { state: 'DOWN' })).status).toBe(404);
  });

  it('closes promptly even while a request hangs, and the hung client sees its connection end', async () => {
    const other = await startSimulator({ testControls: true });
    other.controls.fault({ kind: 'hang', path: '/test/ping' });
    const hung = fetch(`${other.baseUrl}/test/ping`).then(
      () => 'answered',
      () => 'failed',
    );
    // Wait until the hang fault has been consumed (the request reached the server).
    for (
      let i = 0;
      i < 200 && ((await (await fetch(`${other.origin}/__sim/faults`)).json()) as { faults: unknown[] }).faults.length > 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await other.close();
    expect(await hung).toBe('failed');
  });
});

describe('faults and the ledger', () => {
  it('drop-before: the connection dies, nothing was charged, the reference is unknown', async () => {
    const token = await login();
    await sim$('/faults', { kind: 'drop-before', method: 'POST', path: '/smartload/recharges' });
    const body = rechargeBody();
    await expect(post(token, '/smartload/recharges', body)).rejects.toThrow();
    expect(await ledgerFor(body.clientReference)).toEqual([]);
    const q = await get(token, `/smartload/recharges/${sim.demo.smartloadId}/${body.clientReference}`);
    expect(await q.json()).toEqual({ code: 1005, message: 'ClientReference does not exist' });
  });

  it('drop-after: no answer, but the wallet was debited once; the enquiry finds it and a retry is refused, never charged twice', async () => {
    const token = await login();
    await sim$('/faults', { kind: 'drop-after', method: 'POST', path: '/smartload/recharges' });
    const body = rechargeBody();
    await expect(post(token, '/smartload/recharges', body)).rejects.toThrow();
    expect((await ledgerFor(body.clientReference)).map((e) => [e.kind, e.amountCents])).toEqual([['recharge', -42525]]);
    const q = await get(token, `/smartload/recharges/${sim.demo.smartloadId}/${body.clientReference}`);
    expect(((await q.json()) as { transaction: { statusId: string } }).transaction.statusId).toBe('PENDING');
    const retry = await post(token, '/smartload/recharges', body);
    expect(retry.status).toBe(400);
    expect(((await retry.json()) as { code: number }).code).toBe(1001);
    expect(await ledgerFor(body.clientReference)).toHaveLength(1);
  });

  it('hang: the client times out and nothing changed', async () => {
    const token = await login();
    await sim$('/faults', { kind: 'hang', path: '/smartload/recharges' });
    const body = rechargeBody();
    await expect(post(token, '/smartload/recharges', body, AbortSignal.timeout(300))).rejects.toThrow();
    expect(await ledgerFor(body.clientReference)).toEqual([]);
  });

  it('error-500: a JBoss Exception report page, nothing changed; the next request is served normally', async () => {
    const token = await login();
    await sim$('/faults', { kind: 'error-500', path: '/smartload/recharges' });
    const body = rechargeBody();
    const r = await post(token, '/smartload/recharges', body);
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await r.text()).toContain('Exception report');
    expect(await ledgerFor(body.clientReference)).toEqual([]);
    const ok = await post(token, '/smartload/recharges', body);
    expect(ok.status).toBe(200);
    expect(await ledgerFor(body.clientReference)).toHaveLength(1);
  });

  it('late-commit: no answer, 1005 at first, then the recharge lands; a resend with the same reference is refused, charged once', async () => {
    const token = await login();
    await sim$('/faults', { kind: 'late-commit', method: 'POST', path: '/smartload/recharges', commitAfterMs: 60_000 });
    const body = rechargeBody();
    await expect(post(token, '/smartload/recharges', body)).rejects.toThrow();
    const enquiry = `/smartload/recharges/${sim.demo.smartloadId}/${body.clientReference}`;
    expect(((await (await get(token, enquiry)).json()) as { code: number }).code).toBe(1005);
    expect(await ledgerFor(body.clientReference)).toEqual([]);
    sim.controls.advanceClock(60_000);
    expect(((await (await get(token, enquiry)).json()) as { transaction: { statusId: string } }).transaction.statusId).toBe('PENDING');
    const resend = await post(token, '/smartload/recharges', body);
    expect(((await resend.json()) as { code: number }).code).toBe(1001);
    expect((await ledgerFor(body.clientReference)).map((e) => e.kind)).toEqual(['recharge']);
  });

  it('error-1003: committed, but answered "internal timeout, query to confirm"; the enquiry finds it', async () => {
    const token = await login();
    sim.controls.fault({ kind: 'error-1003', method: 'POST', path: '/smartload/recharges' });
    const body = rechargeBody();
    const r = await post(token, '/smartload/recharges', body);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: number }).code).toBe(1003);
    expect(sim.controls.ledger().filter((e) => e.clientReference === body.clientReference)).toHaveLength(1);
    expect((await get(token, `/smartload/recharges/${sim.demo.smartloadId}/${body.clientReference}`)).status).toBe(200);
  });

  it('targets faults by method, path and count, leaving other requests alone', async () => {
    const token = await login();
    await sim$('/faults', { kind: 'error-503', method: 'GET', path: '/smartload/balance', times: 2 });
    const other = await post(token, '/smartload/recharges', rechargeBody());
    expect(other.status).toBe(200);
    expect((await get(token, `/smartload/balance/${sim.demo.smartloadId}`)).status).toBe(503);
    expect((await get(token, `/smartload/balance/${sim.demo.smartloadId}`)).status).toBe(503);
    expect((await get(token, `/smartload/balance/${sim.demo.smartloadId}`)).status).toBe(200);
    await sim$('/faults', { kind: 'latency', ms: 20, path: '/utilities/health' });
    expect((await get(token, '/utilities/health')).status).toBe(200);
    expect(((await (await sim$('/faults')).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('refuses a malformed fault with a 400 that names the field', async () => {
    const r = await sim$('/faults', { kind: 'explode' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toMatch(/kind/);
  });
});

describe('voucher batch order file', () => {
  async function unzip(base64: string, password: string): Promise<string> {
    const reader = new ZipReader(new BlobReader(new Blob([Buffer.from(base64, 'base64')])), { password });
    try {
      const [entry] = await reader.getEntries();
      if (!entry || entry.directory) throw new Error('empty zip');
      return await entry.getData(new TextWriter());
    } finally {
      await reader.close();
    }
  }

  it('is PENDING until ready, then a password-protected zip holding a CSV of the ordered vouchers; recreate changes the password only', async () => {
    const token = await login();
    const ref = `order-${++seq}`;
    const o = await post(token, '/smartload/orders', {
      smartloadId: sim.demo.smartloadId,
      clientReference: ref,
      productId: 65,
      quantity: 5,
    });
    expect(o.status).toBe(200);
    const placed = (await o.json()) as { filePassword: string; recharge: { orderReferenceId: number } };
    const fileUrl = (orderRef: number) => `/smartload/orders/${sim.demo.smartloadId}/${ref}/${orderRef}`;

    const early = (await (await get(token, fileUrl(placed.recharge.orderReferenceId))).json()) as {
      responseCode: string;
      file: string | null;
    };
    expect(early.responseCode).toBe('PENDING');
    expect(early.file).toBeNull();

    sim.controls.advanceClock(10_000);
    const ready = (await (await get(token, fileUrl(placed.recharge.orderReferenceId))).json()) as {
      responseCode: string;
      file: string;
      fileName: string;
    };
    expect(ready.responseCode).toBe('SUCCESS');
    expect(ready.fileName).toBe(`${placed.recharge.orderReferenceId}.zip`);
    const csv = await unzip(ready.file, placed.filePassword);
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('PIN,BatchNumber,SerialNumber,ExpiryDate,Description');
    expect(rows).toHaveLength(6);
    for (const row of rows.slice(1)) expect(row).toMatch(/^\d{12},\d{8},\d{11},\d{4}-\d{2}-\d{2},"Vodacom R2 voucher"$/);
    await expect(unzip(ready.file, 'wrong-password')).rejects.toThrow();

    const again = await fetch(`${sim.baseUrl}/smartload/orders/${sim.demo.smartloadId}/${ref}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}` },
    });
    const recreated = (await again.json()) as { filePassword: string; recharge: { orderReferenceId: number } };
    expect(recreated.filePassword).not.toBe(placed.filePassword);
    expect(recreated.recharge.orderReferenceId).not.toBe(placed.recharge.orderReferenceId);
    const second = (await (await get(token, fileUrl(recreated.recharge.orderReferenceId))).json()) as { file: string };
    expect(await unzip(second.file, recreated.filePassword)).toBe(csv);
    await expect(unzip(second.file, placed.filePassword)).rejects.toThrow();
    expect((await ledgerFor(ref)).length).toBe(1); // recreating is free
  });
});

describe('CLI', () => {
  it('prints the listening line and the demo login, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/simulator/cli.ts', '--port', '0', '--seed', '3', '--time-scale', '60'],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.on('exit', (code) => reject(new Error(`exited early (${code}): ${out}`)));
        const poll = setInterval(() => {
          if (out.includes('Demo login:')) {
            clearInterval(poll);
            resolve();
          }
        }, 50);
      });
      const lines = out.trim().split('\n');
      expect(lines[0]).toMatch(/^Smartcall simulator listening on http:\/\/127\.0\.0\.1:\d+\/webservice$/);
      expect(lines[1]).toMatch(/^Demo login: \S+ \S+ dealer 27\d{9}$/);
      const base = /http:\/\/\S+/.exec(lines[0]!)![0];
      expect(await (await fetch(`${base}/test/ping`)).json()).toEqual({ response: 'Pong' });
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      // Never leave a simulator behind if an assertion failed half-way.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
