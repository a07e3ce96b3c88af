// The engine against the real Smartcall client and the real simulator over loopback, with a real
// journal: every path journals the intent before the wire and records exactly what is known.
import { describe, expect, it } from 'vitest';
import { createSaleEngine, SaleError } from '../../../../electron/core/sales/engine';
import type { CrashPoint } from '../../../../electron/core/sales/ports';
import { isStoreError } from '../../../../electron/store';
import { openJournal } from '../../../../electron/store/open-journal';
import { createSalesRepository } from '../../../../electron/store/sales-repo';
import { tempDataDir, testCipher } from '../../store/helpers';
import { rig } from './helpers';

async function setup(options: { timeoutMs?: number } = {}) {
  const r = await rig(options);
  const points: CrashPoint[] = [];
  const engine = createSaleEngine({
    sales: r.store.sales,
    gateway: r.gateway,
    smartloadId: () => r.smartloadId,
    now: r.now,
    onSaleChanged: (s) => r.changes.push(s),
    crash: (p) => {
      points.push(p);
      // At the moment of each crash point, the journal must already say what the invariants require.
      const latest = r.changes.at(-1);
      if (p === 'after-journal' && latest) expect(r.store.sales.getSale(latest.clientReference)?.state).toBe('intent');
    },
  });
  return { ...r, engine, points };
}

describe('sell: asynchronous recharge', () => {
  it('journals the intent before the wire, records "submitted" (accepted, not delivered), never more than one charge', async () => {
    const r = await setup();
    let journaledBeforeSend = false;
    const sale = await createSaleEngine({
      sales: r.store.sales,
      gateway: {
        ...r.gateway,
        recharge: (input) => {
          journaledBeforeSend = r.store.sales.getSale(input.clientReference)?.state === 'intent';
          return r.gateway.recharge(input);
        },
        rechargeSync: r.gateway.rechargeSync.bind(r.gateway),
        prevend: r.gateway.prevend.bind(r.gateway),
        transaction: r.gateway.transaction.bind(r.gateway),
      },
      smartloadId: () => r.smartloadId,
      now: r.now,
    }).sell('pinless', { productId: 62, recipientMsisdn: '082 123 4567', amountCents: 1250 });
    expect(journaledBeforeSend).toBe(true);
    expect(sale).toMatchObject({ state: 'submitted', recipientMsisdn: '27821234567', amountCents: 1250, errorCode: null });
    expect(sale.orderReferenceId).toMatch(/^\d+$/);
    expect(r.store.sales.saleEvents(sale.clientReference).map((e) => [e.from, e.to, e.cause])).toEqual([
      [null, 'intent', 'journaled'],
      ['intent', 'submitted', 'smartcall:accepted'],
    ]);
    expect(r.debits(sale.clientReference)).toBe(1);
    expect(sale.request).toMatchObject({ method: 'async', productId: 62, recipientMsisdn: '27821234567', amountCents: 1250, pinless: true });
  });

  it('passes the crash points in order and tells the screens about each change', async () => {
    const r = await setup();
    const sale = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0831112222', amountCents: 1300 });
    expect(r.points).toEqual(['after-journal', 'after-send', 'after-answer', 'after-record']);
    expect(r.changes.map((s) => [s.clientReference, s.state])).toEqual([
      [sale.clientReference, 'intent'],
      [sale.clientReference, 'submitted'],
    ]);
  });

  it('records a definite refusal as failed with the reason, nothing charged', async () => {
    const r = await setup();
    const first = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0831230000', amountCents: 2000 });
    // Same number and amount within 5 minutes: Smartcall refuses (APP_ERROR 16).
    const second = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0831230000', amountCents: 2000 });
    expect(first.state).toBe('submitted');
    expect(second).toMatchObject({ state: 'failed', errorCode: 'SMARTCALL_APP_ERROR_16' });
    expect(second.errorMessage).toMatch(/5 minutes/);
    expect(r.charged(second.clientReference)).toBe(0);
  });

  it('a dropped answer after Smartcall committed is "unknown", never failed, and nothing is resent', async () => {
    const r = await setup();
    r.sim.controls.fault({ kind: 'drop-after', method: 'POST', path: '/smartload/recharges' });
    const sale = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0832223333', amountCents: 1400 });
    expect(sale).toMatchObject({ state: 'unknown', errorCode: 'SALE_OUTCOME_UNKNOWN' });
    expect(sale.errorMessage).toMatch(/do not sell it again/);
    expect(sale.nextCheckAt).toBeGreaterThan(r.now());
    expect(r.debits(sale.clientReference)).toBe(1);
  });

  it('a request that hangs is "unknown" as well', async () => {
    const r = await setup({ timeoutMs: 500 });
    r.sim.controls.fault({ kind: 'hang', method: 'POST', path: '/smartload/recharges' });
    const sale = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0832224444', amountCents: 1500 });
    expect(sale.state).toBe('unknown');
    expect(r.debits(sale.clientReference)).toBe(0);
  });
});

describe('sell: synchronous, vouchers and prevend', () => {
  it('a voucher sells synchronously: delivered, PIN sealed in the journal and out of the event log', async () => {
    const r = await setup();
    const sale = await r.engine.sell('voucher', { productId: 65, recipientMsisdn: '0834445555', amountCents: 200 });
    expect(sale.state).toBe('delivered');
    expect(sale.voucher?.hasPin).toBe(true);
    const { pin } = r.store.sales.revealVoucherPins(sale.clientReference);
    expect(pin).toMatch(/\d{6,}/);
    expect(JSON.stringify(r.store.sales.saleEvents(sale.clientReference))).not.toContain(pin!);
    expect(r.debits(sale.clientReference)).toBe(1);
  });

  it('prevend then recharge use the same reference; a refused prevend charges nothing', async () => {
    const r = await setup();
    const sale = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0835556666', amountCents: 1600, method: 'prevend' });
    expect(sale.state).toBe('submitted');
    expect(r.debits(sale.clientReference)).toBe(1);
    const refused = await r.engine.sell('pinless', { productId: 65, recipientMsisdn: '0835557777', amountCents: 200, pinless: false, method: 'prevend' });
    expect(refused.state).toBe('failed');
    expect(refused.errorCode).toMatch(/^SMARTCALL_/);
    expect(r.charged(refused.clientReference)).toBe(0);
  });
});

describe('sell: refused before the wire', () => {
  it.each([
    ['a bad number', { productId: 62, recipientMsisdn: '12345', amountCents: 1000 }],
    ['no amount', { productId: 62, recipientMsisdn: '0821234567', amountCents: 0 }],
    ['fractional cents', { productId: 62, recipientMsisdn: '0821234567', amountCents: 10.5 }],
  ])('%s: SaleError, nothing journaled, nothing sent', async (_name, input) => {
    const r = await setup();
    const error = await r.engine.sell('pinless', input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaleError);
    expect((error as SaleError).code).toBe('SALE_INVALID_INPUT');
    expect(r.store.sales.listSales().sales).toEqual([]);
    expect(r.sim.controls.ledger().filter((e) => e.kind === 'recharge')).toEqual([]);
  });

  it('electricity needs a meter number', async () => {
    const r = await setup();
    await expect(r.engine.sell('electricity', { productId: 62, recipientMsisdn: '0821234567', amountCents: 5000 })).rejects.toThrow(/meter number/);
  });

  it('a journal that cannot be written (disk full) stops the sale before any byte is sent', async () => {
    const r = await setup();
    const opened = openJournal({ dataDir: tempDataDir() });
    const sales = createSalesRepository(opened.db, { cipher: testCipher, now: r.now });
    opened.db.pragma(`max_page_count = ${Number(opened.db.pragma('page_count', { simple: true }))}`);
    let sent = 0;
    const engine = createSaleEngine({
      sales,
      gateway: { ...r.gateway, recharge: async (i) => (sent++, r.gateway.recharge(i)), rechargeSync: r.gateway.rechargeSync.bind(r.gateway), prevend: r.gateway.prevend.bind(r.gateway), transaction: r.gateway.transaction.bind(r.gateway) },
      smartloadId: () => r.smartloadId,
      now: r.now,
    });
    let error: unknown;
    for (let i = 0; i < 50 && !error; i++) {
      try {
        await engine.sell('pinless', { productId: 62, recipientMsisdn: `08312${String(i).padStart(5, '0')}`, amountCents: 1000 + i, productName: 'x'.repeat(150) });
      } catch (e) {
        error = e;
      }
    }
    expect(isStoreError(error, 'STORE_WRITE_FAILED')).toBe(true);
    const journaled = (opened.db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
    // Every send had its intent journaled first; the refused sale was never sent.
    expect(sent).toBe(journaled);
    opened.db.close();
  });
});

describe('offline queue and supervisor cancel', () => {
  it('queues pinless sales while offline within the limit, refuses vouchers, and only a supervisor cancels', async () => {
    const r = await setup();
    const engine = createSaleEngine({
      sales: r.store.sales,
      gateway: r.gateway,
      smartloadId: () => r.smartloadId,
      now: r.now,
      isOffline: () => true,
      offlinePolicy: { enabled: true, maxTotalCents: 5000, maxAgeMs: 3_600_000 },
    });
    const a = await engine.sell('pinless', { productId: 62, recipientMsisdn: '0821110000', amountCents: 3000 });
    expect(a.state).toBe('queued');
    await expect(engine.sell('pinless', { productId: 62, recipientMsisdn: '0821110001', amountCents: 2500 })).rejects.toMatchObject({ code: 'SALE_QUEUE_FULL' });
    await expect(engine.sell('voucher', { productId: 65, recipientMsisdn: '0821110002', amountCents: 200 })).rejects.toMatchObject({ code: 'SALE_NOT_ALLOWED' });
    expect(() => engine.cancelQueued(a.clientReference, { cashierId: 1, role: 'cashier' })).toThrow(/supervisor/);
    expect(engine.cancelQueued(a.clientReference, { cashierId: 2, role: 'supervisor' })).toMatchObject({ state: 'cancelled' });
    expect(r.store.sales.saleEvents(a.clientReference).at(-1)).toMatchObject({ from: 'queued', to: 'cancelled', cause: 'supervisor:2' });
    expect(r.sim.controls.ledger().filter((e) => e.kind === 'recharge')).toEqual([]);
  });

  it('refuses a queued sale past the most sales the queue may hold, with nothing journaled', async () => {
    const r = await setup();
    const engine = createSaleEngine({
      sales: r.store.sales,
      gateway: r.gateway,
      smartloadId: () => r.smartloadId,
      now: r.now,
      isOffline: () => true,
      offlinePolicy: { enabled: true, maxTotalCents: 100_000, maxAgeMs: 3_600_000, maxSales: 2 },
    });
    await engine.sell('pinless', { productId: 62, recipientMsisdn: '0821110010', amountCents: 1000 });
    await engine.sell('pinless', { productId: 62, recipientMsisdn: '0821110011', amountCents: 1000 });
    await expect(engine.sell('pinless', { productId: 62, recipientMsisdn: '0821110012', amountCents: 1000 })).rejects.toMatchObject({ code: 'SALE_QUEUE_FULL' });
    expect(r.store.sales.queuedTotals().count).toBe(2);
  });
});
