// The real client against the real simulator over loopback HTTP: every operation, token expiry and
// renewal, 429, 304, each injected transport fault, and when `outcomeUnknown` is (and is not) set.
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../electron/simulator';
import {
  createMemoryHttpCache,
  createSmartcallClient,
  isSmartcallError,
  type SmartcallError,
  type RechargeInput,
  type SmartcallClientOptions,
  type SmartcallLogEntry,
} from '../../../electron/smartcall';

const START = Date.UTC(2026, 0, 15, 8, 0, 0);
const RECIPIENT = '27831234567';

let sim: RunningSimulator;
let log: SmartcallLogEntry[];

beforeEach(async () => {
  sim = await startSimulator({ port: 0, testControls: true, networkRotation: false, now: () => START, seed: 7 });
  log = [];
});
afterEach(async () => {
  await sim.close();
});

function client(extra: Partial<SmartcallClientOptions> = {}) {
  return createSmartcallClient({
    environment: 'training',
    baseUrl: sim.baseUrl,
    credentials: { username: sim.demo.username, password: sim.demo.password },
    now: () => sim.controls.now(),
    logger: { request: (e) => void log.push(e) },
    ...extra,
  });
}

const sale = (over: Partial<RechargeInput> = {}): RechargeInput => ({
  smartloadId: sim.demo.smartloadId,
  clientReference: randomUUID(),
  productId: 62, // Vodacom Airtime, open amount R2–R1000, pinless
  recipientMsisdn: RECIPIENT,
  amountCents: 1250,
  pinless: true,
  sendSms: false,
  ...over,
});

async function failure(p: Promise<unknown>): Promise<SmartcallError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isSmartcallError(e)) throw new Error(`expected a SmartcallError, got ${String(e)}`);
  return e;
}

const ledgerFor = (ref: string) => sim.controls.ledger().filter((e) => e.clientReference === ref);

describe('every operation against the simulator', () => {
  it('reads: ping, login, token query, balance, catalogue, registered, SIM network, health, cashup', async () => {
    const c = client();
    expect(await c.ping()).toBe('Pong');
    expect(log[0]?.operation).toBe('ping');
    const info = await c.login();
    expect(info.expiresAt).toBe(START + 24 * 3_600_000);
    expect(info.scope).toContain('WEBSERVICE_SMARTLOAD_FULL');
    expect(await c.tokenQuery()).toBe(19);
    expect(await c.balance(sim.demo.smartloadId)).toBe(sim.controls.balanceCents(sim.demo.smartloadId));
    const networks = await c.networks();
    expect(networks).toHaveLength(12);
    expect((await c.network(1)).description).toBe('Vodacom');
    const product = await c.product(22);
    expect(product.map((p) => [p.retailCents, p.typeCode, p.smsIndicator])).toEqual([[45000, 'S', false], [45000, 'S', true]]);
    expect(await c.registered(sim.demo.smartloadId)).toBe(true);
    expect(await c.registered('27839999999')).toBe(false);
    sim.controls.setSimNetwork(RECIPIENT, 'MTN', true);
    expect(await c.simNetwork(RECIPIENT)).toMatchObject({ msisdn: RECIPIENT, network: 'MTN', ported: true });
    sim.controls.setNetwork('mtn', 'DOWN');
    const health = await c.networkStatus();
    expect(health.mtn).toBe('down');
    expect(health.vodacom).toBe('up');
    const today = await c.cashupToday(sim.demo.smartloadId);
    expect(today.items.at(-1)?.group).toBe('Total Profit');
    expect(c.loginCount()).toBe(1);
  });

  it('recharge → pending → successful via the enquiry; cashup adds up to the ledger', async () => {
    const c = client();
    const before = await c.balance(sim.demo.smartloadId);
    const input = sale({ amountCents: 5000 });
    const r = await c.recharge(input);
    expect(r.retailPriceCents).toBe(5000);
    expect(r.dealerDiscountBp).toBe(550);
    expect(r.balanceCents).toBe(before - (5000 - 275));
    expect((await c.transaction(input.smartloadId, input.clientReference)).status).toBe('pending');
    sim.controls.advanceClock(60_000);
    const t = await c.transaction(input.smartloadId, input.clientReference);
    expect(t).toMatchObject({ status: 'successful', statusId: 'SUCESSFUL', amountCents: 5000, costCents: 4725, discountBp: 550 });
    const ledger = ledgerFor(input.clientReference);
    expect(ledger.map((e) => e.amountCents)).toEqual([-4725]);
    const day = new Date(sim.controls.now() + 2 * 3_600_000).toISOString().slice(0, 10);
    const cashup = await c.cashupPeriod(sim.demo.smartloadId, day, day);
    const vod = cashup.items.find((i) => i.group === 'Recharges');
    expect(vod).toMatchObject({ netAmountCents: -4725, profitCents: 275 });
  });

  it('an unknown clientReference is 1005; a recharge of R11 is a business failure; APP_ERROR 16 on a quick duplicate', async () => {
    const c = client();
    const e1005 = await failure(c.transaction(sim.demo.smartloadId, randomUUID()));
    expect(e1005.toJSON()).toMatchObject({ kind: 'api', code: 'SMARTCALL_API_ERROR_1005', outcomeUnknown: false, apiCode: 1005 });
    const r11 = sale({ amountCents: 1100 });
    await c.recharge(r11);
    sim.controls.advanceClock(60_000);
    expect((await c.transaction(r11.smartloadId, r11.clientReference)).status).toBe('failed');
    const first = sale({ amountCents: 2000 });
    await c.recharge(first);
    const dup = await failure(c.recharge(sale({ amountCents: 2000 })));
    expect(dup.toJSON()).toMatchObject({ kind: 'api', code: 'SMARTCALL_APP_ERROR_16', outcomeUnknown: false });
    expect(dup.message).toMatch(/5 minutes/);
  });

  it('an empty wallet is APP_ERROR 15 with its meaning and the server text; nothing charged', async () => {
    sim.controls.addUser({ username: 'poor', password: 'poor-pass', smartloadIds: ['27820000099'] });
    const c = client({ credentials: { username: 'poor', password: 'poor-pass' } });
    const input = sale({ smartloadId: '27820000099' });
    const e = await failure(c.recharge(input));
    expect(e.toJSON()).toMatchObject({ kind: 'api', code: 'SMARTCALL_APP_ERROR_15', apiCode: 15, outcomeUnknown: false });
    expect(e.message).toContain('not enough money');
    expect(e.message).toContain(e.serverMessage ?? '<none>');
    expect(ledgerFor(input.clientReference)).toEqual([]);
  });

  it('prevend then recharge with the same clientReference; a second prevend is SYS_ERROR', async () => {
    const c = client();
    const input = sale();
    const p = await c.prevend(input);
    expect(p.responseCode).toBe('SUCCESS');
    const again = await failure(c.prevend(input));
    expect(again.toJSON()).toMatchObject({ kind: 'api', code: 'SMARTCALL_SYS_ERROR', responseCode: 'SYS_ERROR' });
    await c.recharge(input);
    expect(ledgerFor(input.clientReference)).toHaveLength(1);
    const voucherPrevend = await failure(c.prevend(sale({ productId: 65, amountCents: 200, pinless: false })));
    expect(voucherPrevend.code).toBe('SMARTCALL_APP_ERROR');
  });

  it('sync recharge is final; batch reports each item; >100 is refused before sending', async () => {
    const c = client();
    const s = await c.rechargeSync(sale({ amountCents: 3000 }));
    expect(['successful', 'pending']).toContain(s.status);
    expect(s.recharge?.retailPriceCents ?? s.transaction?.amountCents).toBe(3000);
    const good = sale({ amountCents: 1500 });
    const bad = sale({ amountCents: 1500, recipientMsisdn: '27831234568', productId: 999_999 });
    const b = await c.batchRecharge(sim.demo.smartloadId, [good, bad]);
    expect(b.responseCode).toBe('PART_SUCCESS');
    expect(b.items.map((i) => [i.clientReference, i.ok])).toEqual([[good.clientReference, true], [bad.clientReference, false]]);
    const refused = b.items[1];
    expect(refused?.ok === false && refused.errorCode).toBe('SMARTCALL_APP_ERROR_9');
    const requestsBefore = log.length;
    const tooMany = await failure(c.batchRecharge(sim.demo.smartloadId, Array.from({ length: 101 }, () => sale())));
    expect(tooMany.toJSON()).toMatchObject({ code: 'SMARTCALL_BATCH_LIMIT_EXCEEDED', outcomeUnknown: false });
    expect(log.length).toBe(requestsBefore);
  });

  it('a sync recharge that fails is final: APP_ERROR, nothing charged', async () => {
    const c = client();
    const input = sale({ amountCents: 1100 });
    const e = await failure(c.rechargeSync(input));
    expect(e.toJSON()).toMatchObject({ kind: 'api', code: 'SMARTCALL_APP_ERROR_2', outcomeUnknown: false });
    expect(ledgerFor(input.clientReference)).toEqual([]);
    sim.controls.queueOutcomes(['pending']);
    const pending = await c.rechargeSync(sale({ amountCents: 1200 }));
    expect(pending.status).toBe('pending');
  });

  it('funds transfer in whole rands; cents are refused before sending', async () => {
    const c = client();
    const t = await c.fundsTransfer({ sourceSmartloadId: sim.demo.smartloadId, recipientSmartloadId: '27829677746', amountCents: 10_000, sendSms: false });
    expect(t.sourceBalanceCents).toBe(sim.controls.balanceCents(sim.demo.smartloadId));
    expect(sim.controls.balanceCents('27829677746')).toBe(10_000);
    const cents = await failure(c.fundsTransfer({ sourceSmartloadId: sim.demo.smartloadId, recipientSmartloadId: '27829677746', amountCents: 1050, sendSms: false }));
    expect(cents.code).toBe('SMARTCALL_BAD_REQUEST');
  });

  it('voucher order → file (a zip) when ready → recreate with a new password', async () => {
    const c = client();
    const ref = randomUUID();
    const order = await c.orderVouchers({ smartloadId: sim.demo.smartloadId, clientReference: ref, productId: 65, quantity: 3 });
    expect(order.filePassword).toMatch(/^\w{12}$/);
    expect(order.orderReferenceId).toMatch(/^\d+$/);
    const early = await failure(c.fetchOrderFile(sim.demo.smartloadId, ref, order.orderReferenceId!));
    expect(early.toJSON()).toMatchObject({ kind: 'api', code: 'SMARTCALL_ORDER_NOT_READY', outcomeUnknown: false });
    sim.controls.advanceClock(60_000);
    const file = await c.fetchOrderFile(sim.demo.smartloadId, ref, order.orderReferenceId!);
    expect([...file.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // "PK"
    const again = await c.recreateOrderFile(sim.demo.smartloadId, ref);
    expect(again.filePassword).not.toBe(order.filePassword);
    const zero = await failure(c.orderVouchers({ smartloadId: sim.demo.smartloadId, clientReference: randomUUID(), productId: 65, quantity: 0 }));
    expect(zero.code).toBe('SMARTCALL_APP_ERROR_19');
  });

  it('RICA register, status, change of ownership', async () => {
    const c = client();
    const body = {
      agentId: '27821234567',
      firstName: 'Jane',
      surname: 'Doe',
      idDetails: { idNumber: '8001015009087', idType: 'said' },
      registrationType: 'new',
      subscriberId: '8911000000010240123456',
      last4Iccid: '3456',
      residentialAddress: { address1: '1 Main Road', postalCode: '8001', country: { countryCode: 'ZA' } },
      previousIdNumber: null,
      previousIdType: null,
      network: { id: 1 },
      businessOwnerIdDetails: null,
    };
    const r = await c.ricaRegister(body);
    expect(r.responseCode).toBe('SUCCESS');
    expect(r.ricaReference).toMatch(/^RICA\d+/);
    expect((await c.ricaStatus(r.ricaReference!)).status).toBe('PENDING');
    sim.controls.advanceClock(120_000);
    expect((await c.ricaStatus(r.ricaReference!)).status).toBe('REGISTERED');
    const change = await failure(c.ricaChangeOwner(body));
    expect(change.code).toBe('SMARTCALL_APP_ERROR_9');
    expect(change.serverMessage).toMatch(/previous/i);
    expect((await c.ricaChangeOwner({ ...body, previousIdNumber: '7001015009086', previousIdType: 'said' })).responseCode).toBe('SUCCESS');
  });

  it('a dealer number not linked to the user is a 403 http error', async () => {
    const e = await failure(client().balance('27829999999'));
    expect(e.toJSON()).toMatchObject({ kind: 'http', code: 'SMARTCALL_NOT_OUR_ACCOUNT', status: 403 });
  });
});

describe('token manager', () => {
  it('200 concurrent operations use ONE login', async () => {
    const c = client();
    const ops = Array.from({ length: 200 }, (_, i) =>
      i % 4 === 0 ? c.balance(sim.demo.smartloadId) : i % 4 === 1 ? c.networkStatus() : i % 4 === 2 ? c.registered(RECIPIENT) : c.product(22),
    );
    const results = await Promise.allSettled(ops);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(c.loginCount()).toBe(1);
    expect(log.filter((e) => e.operation === 'login')).toHaveLength(1);
    expect(await c.tokenQuery()).toBe(19);
  });

  it('renews before the 24 h expiry and after 4 h idle, without ever seeing a 401', async () => {
    const c = client();
    await c.balance(sim.demo.smartloadId);
    sim.controls.advanceClock(3 * 3_600_000);
    await c.balance(sim.demo.smartloadId); // used within 4 h: same token
    expect(c.loginCount()).toBe(1);
    sim.controls.advanceClock(3 * 3_600_000 + 55 * 60_000); // idle 3 h 55 min: renewed first
    await c.balance(sim.demo.smartloadId);
    expect(c.loginCount()).toBe(2);
    for (let h = 0; h < 8; h++) {
      sim.controls.advanceClock(3 * 3_600_000);
      await c.balance(sim.demo.smartloadId);
    }
    expect(c.loginCount()).toBe(3); // the 24 h limit forced one more
    expect(log.filter((e) => e.status === 401)).toEqual([]);
  });

  it.each([
    ['3 days ahead', 3 * 86_400_000],
    ['3 days behind', -3 * 86_400_000],
  ])('a till clock %s of Smartcall still uses one token (no session burn)', async (_label, skew) => {
    const c = client({ now: () => sim.controls.now() + skew });
    for (let i = 0; i < 5; i++) await c.balance(sim.demo.smartloadId);
    expect(c.loginCount()).toBe(1);
    // …and, used every 3 h (never idle), it is renewed once the 24 h run out on OUR clock.
    for (let h = 3; h <= 21; h += 3) {
      sim.controls.advanceClock(3 * 3_600_000);
      await c.balance(sim.demo.smartloadId);
    }
    expect(c.loginCount()).toBe(1);
    sim.controls.advanceClock(3 * 3_600_000);
    await c.balance(sim.demo.smartloadId);
    expect(c.loginCount()).toBe(2);
    expect(log.filter((e) => e.status === 401)).toEqual([]);
  });

  it('a token killed server-side: a safe read logs in again once and retries; a recharge is not retried', async () => {
    const c = client();
    await c.balance(sim.demo.smartloadId);
    sim.controls.expireTokens();
    expect(await c.balance(sim.demo.smartloadId)).toBeGreaterThan(0);
    expect(c.loginCount()).toBe(2);
    sim.controls.expireTokens();
    const input = sale();
    const e = await failure(c.recharge(input));
    expect(e.toJSON()).toMatchObject({ kind: 'auth', code: 'SMARTCALL_AUTH_TOKEN_INVALID', outcomeUnknown: false });
    expect(c.loginCount()).toBe(2);
    expect(ledgerFor(input.clientReference)).toEqual([]);
    // The next call logs in again by itself.
    await c.recharge(input);
    expect(c.loginCount()).toBe(3);
    expect(ledgerFor(input.clientReference)).toHaveLength(1);
  });

  it('429 at login is the session-limit error; token flush recovers', async () => {
    const c = client();
    sim.controls.fault({ kind: 'status-429', method: 'POST', path: '/auth' });
    const forced = await failure(c.balance(sim.demo.smartloadId));
    expect(forced.toJSON()).toMatchObject({ kind: 'auth', code: 'SMARTCALL_SESSION_LIMIT', status: 429 });
    expect(forced.message).toMatch(/flush/i);
    // The real limit: 20 live tokens.
    for (let i = 0; i < 20; i++) await client().login();
    const e = await failure(c.login());
    expect(e.code).toBe('SMARTCALL_SESSION_LIMIT');
    expect(await c.tokenQuery()).toBe(0);
    expect(await c.tokenFlush()).toBe(20);
    await c.login();
    expect(await c.tokenQuery()).toBe(19);
  });

  it('bad credentials and missing credentials are typed auth errors', async () => {
    const wrong = await failure(client({ credentials: { username: sim.demo.username, password: 'nope' } }).balance(sim.demo.smartloadId));
    expect(wrong.code).toBe('SMARTCALL_AUTH_INVALID_PASSWORD');
    const none = await failure(client({ credentials: () => undefined }).balance(sim.demo.smartloadId));
    expect(none.code).toBe('SMARTCALL_AUTH_NO_CREDENTIALS');
  });

  it('an explicit login replaces the token and gives the old session back', async () => {
    const c = client();
    await c.login();
    await c.login();
    expect(c.loginCount()).toBe(2);
    expect(await c.tokenQuery()).toBe(19);
  });

  it('shutdown invalidates the token (the session is given back)', async () => {
    const c = client();
    await c.login();
    expect(await c.tokenQuery()).toBe(19);
    await c.shutdown();
    expect(c.tokenInfo()).toBeNull();
    expect(await c.tokenQuery()).toBe(20);
  });

  it('no token, password or Basic credential reaches the log', async () => {
    sim.controls.addUser({ username: 'logcheck', password: 'Zq9-very-secret', smartloadIds: [sim.demo.smartloadId] });
    const c = client({ credentials: { username: 'logcheck', password: 'Zq9-very-secret' } });
    await c.login();
    await c.balance(sim.demo.smartloadId);
    sim.controls.fault({ kind: 'drop-before', method: 'GET', path: '/balance' });
    await failure(c.balance(sim.demo.smartloadId));
    const text = JSON.stringify(log);
    expect(log.length).toBeGreaterThan(2);
    expect(text).not.toMatch(/eyJ|Bearer |Basic /);
    expect(text).not.toContain('Zq9-very-secret');
    expect(text).not.toContain(Buffer.from('logcheck:Zq9-very-secret').toString('base64'));
  });
});

describe('ETag cache', () => {
  it('sends If-None-Match, takes a 304 from the kept copy, and serves the catalogue offline', async () => {
    const cache = createMemoryHttpCache();
    const c = client({ cache });
    const first = await c.networks();
    expect(cache.get('/smartload/networks')?.etag).toMatch(/^-?\d+$/);
    const second = await c.networks();
    expect(second).toEqual(first);
    expect(log.filter((e) => e.operation === 'networks').map((e) => e.status)).toEqual([200, 304]);
    await c.product(22);
    await c.product(22);
    expect(log.filter((e) => e.operation === 'product').map((e) => e.status)).toEqual([200, 304]);
    // A new client on the same store (a restart) starts with the catalogue and revalidates it.
    await sim.close();
    const offline = client({ cache });
    expect(offline.cachedNetworks()).toEqual(first);
    sim = await startSimulator({ port: 0, testControls: true, networkRotation: false, now: () => START });
  });
});

describe('transport faults and outcomeUnknown', () => {
  type Row = { kind: 'drop-before' | 'drop-after' | 'hang' | 'error-500' | 'error-503'; code: string; errKind: string; moneyMoved: boolean };
  const rows: Row[] = [
    { kind: 'drop-before', code: 'SMARTCALL_CONNECTION_RESET', errKind: 'transport', moneyMoved: false },
    { kind: 'drop-after', code: 'SMARTCALL_CONNECTION_RESET', errKind: 'transport', moneyMoved: true },
    { kind: 'hang', code: 'SMARTCALL_TIMEOUT', errKind: 'transport', moneyMoved: false },
    { kind: 'error-500', code: 'SMARTCALL_SERVER_ERROR', errKind: 'http', moneyMoved: false },
    { kind: 'error-503', code: 'SMARTCALL_SERVER_ERROR', errKind: 'http', moneyMoved: false },
  ];

  for (const row of rows) {
    it(`${row.kind}: a recharge is outcome-unknown (money moved: ${row.moneyMoved}); a balance read is not`, async () => {
      // Short timeouts only where a request hangs on purpose (no timing is asserted).
      const c = client(row.kind === 'hang' ? { timeouts: { recharge: 700, balance: 700 } } : {});
      await c.login();
      const input = sale();
      sim.controls.fault({ kind: row.kind, method: 'POST', path: '/smartload/recharges' });
      const e = await failure(c.recharge(input));
      expect(e.toJSON()).toMatchObject({ kind: row.errKind, code: row.code, outcomeUnknown: true, operation: 'recharge' });
      expect(e.message).toMatch(/check the transaction/i);
      expect(ledgerFor(input.clientReference)).toHaveLength(row.moneyMoved ? 1 : 0);
      // The enquiry tells the truth afterwards (what the reconciler does).
      const truth = await c.transaction(input.smartloadId, input.clientReference).then(
        (t) => t.status,
        (err: unknown) => (isSmartcallError(err) ? err.code : 'other'),
      );
      expect(truth).toBe(row.moneyMoved ? 'pending' : 'SMARTCALL_API_ERROR_1005');
      // Never retried by the client: exactly one recharge request went out.
      expect(log.filter((l) => l.operation === 'recharge')).toHaveLength(1);

      sim.controls.fault({ kind: row.kind, method: 'GET', path: '/smartload/balance' });
      const read = await failure(c.balance(sim.demo.smartloadId));
      expect(read.toJSON()).toMatchObject({ kind: row.errKind, code: row.code, outcomeUnknown: false });
    });
  }

  it('latency only: the answer arrives', async () => {
    sim.controls.fault({ kind: 'latency', ms: 50, method: 'POST', path: '/smartload/recharges' });
    const r = await client().recharge(sale());
    expect(r.orderReferenceId).toMatch(/^\d+$/);
  });

  it('a refused connection is NOT outcome-unknown, even for a recharge (nothing was sent)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        const p = typeof a === 'object' && a ? a.port : 0;
        s.close(() => resolve(p));
      });
    });
    const c = createSmartcallClient({ environment: 'training', baseUrl: `http://127.0.0.1:${port}/webservice`, credentials: { username: 'u', password: 'p' } });
    const e = await failure(c.recharge(sale()));
    expect(e.toJSON()).toMatchObject({ kind: 'transport', code: 'SMARTCALL_CONNECTION_REFUSED', outcomeUnknown: false, operation: 'login' });
    expect(e.message).toMatch(/safe to try again/);
  });

  it('a recharge whose connection is refused after login fails fast and is NOT outcome-unknown', async () => {
    const c = client();
    await c.login();
    await sim.close();
    const e = await failure(c.recharge(sale()));
    expect(e.toJSON()).toMatchObject({ kind: 'transport', code: 'SMARTCALL_CONNECTION_REFUSED', outcomeUnknown: false, operation: 'recharge' });
    sim = await startSimulator({ port: 0, testControls: true, networkRotation: false, now: () => START });
  });

  it('a login that drops is not outcome-unknown (no money moves at login)', async () => {
    sim.controls.fault({ kind: 'drop-after', method: 'POST', path: '/auth' });
    const e = await failure(client().recharge(sale()));
    expect(e.toJSON()).toMatchObject({ kind: 'transport', operation: 'login', outcomeUnknown: false });
  });
});
