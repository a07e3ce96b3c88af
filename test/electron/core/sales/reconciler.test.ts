// The reconciler against the real client, the real simulator and a real journal. Time is the
// simulator's clock, moved by hand; ticks are called directly.
import { describe, expect, it, vi } from 'vitest';
import { createSaleEngine } from '../../../../electron/core/sales/engine';
import { createReconciler, type ReconcilerStatus } from '../../../../electron/core/sales/reconciler';
import type { SaleGateway } from '../../../../electron/core/sales/ports';
import { createSmartcallClient } from '../../../../electron/smartcall';
import { rig } from './helpers';

async function setup(options: { maxInFlight?: number; gateway?: SaleGateway; asyncDelayMs?: number } = {}) {
  const r = await rig(options.asyncDelayMs === undefined ? {} : { asyncDelayMs: options.asyncDelayMs });
  const gateway = options.gateway ?? r.gateway;
  const engine = createSaleEngine({ sales: r.store.sales, gateway, smartloadId: () => r.smartloadId, now: r.now, onSaleChanged: (s) => r.changes.push(s) });
  const statuses: ReconcilerStatus[] = [];
  const reconciler = createReconciler({
    sales: r.store.sales,
    gateway,
    now: r.now,
    inFlight: engine.inFlight,
    graceMs: 60_000,
    maxInFlight: options.maxInFlight ?? 4,
    onSaleChanged: (s) => r.changes.push(s),
    onStatus: (s) => statuses.push(s),
  });
  return { ...r, engine, reconciler, statuses };
}

const causes = (r: Awaited<ReturnType<typeof setup>>, ref: string) => r.store.sales.saleEvents(ref).map((e) => `${e.from ?? '-'}>${e.to}:${e.cause}`);

describe('reconciler: resolving by enquiry', () => {
  it('resolves submitted sales to delivered or failed once the network has answered', async () => {
    const r = await setup();
    const ok = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000001', amountCents: 5000 });
    const bad = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000002', amountCents: 1100 }); // the simulator fails R11
    // Not due yet: nothing is asked.
    expect((await r.reconciler.tick()).checked).toBe(0);
    r.sim.controls.advanceClock(60_000);
    const report = await r.reconciler.tick();
    expect(report).toMatchObject({ checked: 2, resolved: 2 });
    expect(r.store.sales.getSale(ok.clientReference)).toMatchObject({ state: 'delivered', costCents: 4725, nextCheckAt: null });
    expect(r.store.sales.getSale(bad.clientReference)).toMatchObject({ state: 'failed', errorCode: 'SALE_FAILED_BY_NETWORK' });
    expect(causes(r, ok.clientReference)).toEqual(['->intent:journaled', 'intent>submitted:smartcall:accepted', 'submitted>delivered:smartcall:delivered']);
    expect(r.charged(ok.clientReference)).toBe(-4725);
    expect(r.charged(bad.clientReference)).toBe(0);
    expect(r.store.sales.pendingCount()).toEqual({ unresolved: 0, queued: 0, needsAttention: 1 });
    expect(r.store.sales.getSale(bad.clientReference)?.needsAttention).toBe(true);
    expect(r.reconciler.status()).toEqual({ state: 'idle', message: null });
  });

  it('keeps asking a pending sale with growing back-off', async () => {
    // The network takes 10 simulated minutes: the sale stays pending through several checks.
    const r = await setup({ asyncDelayMs: 600_000 });
    const sale = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000003', amountCents: 1700 });
    const gaps: number[] = [];
    for (let i = 0; i < 3; i++) {
      const due = r.store.sales.getSale(sale.clientReference)!.nextCheckAt!;
      r.sim.controls.advanceClock(due - r.now());
      expect((await r.reconciler.tick()).checked).toBe(1);
      const after = r.store.sales.getSale(sale.clientReference)!;
      expect(after).toMatchObject({ state: 'submitted', checkAttempts: i + 1 });
      gaps.push(after.nextCheckAt! - r.now());
    }
    expect(gaps).toEqual([10_000, 20_000, 40_000]);
    // No event is written for "still pending": the history only has real changes.
    expect(r.store.sales.saleEvents(sale.clientReference)).toHaveLength(2);
  });

  it('an "unknown" sale whose request landed is adopted from the enquiry, and never resent', async () => {
    const r = await setup();
    r.sim.controls.fault({ kind: 'drop-after', method: 'POST', path: '/smartload/recharges' });
    const sale = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000004', amountCents: 1800 });
    expect(sale.state).toBe('unknown');
    r.sim.controls.advanceClock(60_000);
    await r.reconciler.tick();
    expect(r.store.sales.getSale(sale.clientReference)?.state).toBe('delivered');
    expect(r.debits(sale.clientReference)).toBe(1);
    expect(causes(r, sale.clientReference)).toEqual([
      '->intent:journaled',
      'intent>unknown:outcome-unknown:SMARTCALL_CONNECTION_RESET',
      'unknown>delivered:smartcall:delivered',
    ]);
  });

  it('"does not exist" waits out the grace period, then resends with the SAME reference, once', async () => {
    const r = await setup();
    r.sim.controls.fault({ kind: 'drop-before', method: 'POST', path: '/smartload/recharges' });
    const sale = await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000005', amountCents: 1900 });
    expect(sale.state).toBe('unknown');
    r.sim.controls.advanceClock(10_000);
    const early = await r.reconciler.tick();
    expect(early).toMatchObject({ checked: 1, resent: 0 });
    expect(r.debits(sale.clientReference)).toBe(0);
    r.sim.controls.advanceClock(60_000);
    const late = await r.reconciler.tick();
    expect(late).toMatchObject({ checked: 1, resent: 1 });
    expect(r.store.sales.getSale(sale.clientReference)?.state).toBe('submitted');
    expect(r.debits(sale.clientReference)).toBe(1);
    r.sim.controls.advanceClock(60_000);
    await r.reconciler.tick();
    expect(r.store.sales.getSale(sale.clientReference)?.state).toBe('delivered');
    expect(r.debits(sale.clientReference)).toBe(1);
    expect(causes(r, sale.clientReference)).toEqual([
      '->intent:journaled',
      'intent>unknown:outcome-unknown:SMARTCALL_CONNECTION_RESET',
      'unknown>intent:resend:same-reference after 1005',
      'intent>submitted:smartcall:accepted',
      'submitted>delivered:smartcall:delivered',
    ]);
  });

  it('after a crash right after journaling, a restarted reconciler resolves the intent without a second charge', async () => {
    const r = await setup();
    const crashing = createSaleEngine({
      sales: r.store.sales,
      gateway: r.gateway,
      smartloadId: () => r.smartloadId,
      now: r.now,
      crash: (p) => {
        if (p === 'after-journal') throw new Error('power cut');
      },
    });
    await expect(crashing.sell('pinless', { productId: 62, recipientMsisdn: '0821000006', amountCents: 2100 })).rejects.toThrow('power cut');
    const [orphan] = r.store.sales.pendingSales();
    expect(orphan?.state).toBe('intent');
    // A new reconciler, as after a restart: nothing in flight.
    const restarted = createReconciler({ sales: r.store.sales, gateway: r.gateway, now: r.now, graceMs: 60_000 });
    r.sim.controls.advanceClock(61_000);
    await restarted.tick();
    r.sim.controls.advanceClock(60_000);
    await restarted.tick();
    expect(r.store.sales.getSale(orphan!.clientReference)?.state).toBe('delivered');
    expect(r.debits(orphan!.clientReference)).toBe(1);
  });

  it('leaves alone a sale the engine is still sending', async () => {
    const r = await setup();
    const sale = r.store.sales.createSaleIntent({ clientReference: crypto.randomUUID(), kind: 'pinless', amountCents: 100, request: { method: 'async', smartloadId: r.smartloadId, productId: 62, recipientMsisdn: '27821000007', amountCents: 100, pinless: true, sendSms: false } });
    const busy = new Set([sale.clientReference]);
    const reconciler = createReconciler({ sales: r.store.sales, gateway: r.gateway, now: r.now, inFlight: () => busy });
    r.sim.controls.advanceClock(600_000);
    expect((await reconciler.tick()).checked).toBe(0);
  });
});

describe('reconciler: network, authentication, bounds', () => {
  it('pauses when Smartcall cannot be reached and picks up again when it is back', async () => {
    const r = await setup({ maxInFlight: 1 });
    for (let i = 0; i < 3; i++) await r.engine.sell('pinless', { productId: 62, recipientMsisdn: `082100002${i}`, amountCents: 2200 + i });
    r.sim.controls.advanceClock(60_000);
    r.sim.controls.fault({ kind: 'drop-before', method: 'GET', path: '/smartload/recharges/', times: 0 });
    const down = await r.reconciler.tick();
    // The first failure stops the round: the other two are not hammered.
    expect(down.checked).toBe(1);
    expect(down.status.state).toBe('paused-offline');
    r.sim.controls.clearFaults();
    r.sim.controls.advanceClock(600_000);
    const up = await r.reconciler.tick();
    expect(up).toMatchObject({ checked: 3, resolved: 3 });
    expect(r.reconciler.status().state).toBe('idle');
    expect(r.statuses.map((s) => s.state)).toEqual(['working', 'paused-offline', 'working', 'idle']);
  });

  it('stops loudly on an authentication failure instead of hammering, and resumes when told', async () => {
    const r = await setup();
    let password = r.sim.demo.password;
    const client = createSmartcallClient({
      environment: 'training',
      baseUrl: r.sim.baseUrl,
      credentials: () => ({ username: r.sim.demo.username, password }),
      now: r.now,
    });
    const reconciler = createReconciler({ sales: r.store.sales, gateway: client, now: r.now });
    await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000030', amountCents: 2300 });
    password = 'wrong';
    r.sim.controls.advanceClock(60_000);
    const stopped = await reconciler.tick();
    expect(stopped.status.state).toBe('stopped-auth');
    expect(stopped.status.message).toMatch(/username and password/);
    expect((await reconciler.tick()).checked).toBe(0);
    password = r.sim.demo.password;
    reconciler.resume();
    expect(await reconciler.tick()).toMatchObject({ checked: 1, resolved: 1 });
  });

  it('never has more enquiries in flight than the bound, and one hung enquiry does not block the rest', async () => {
    const r = await rig({ timeoutMs: 2_000 });
    let current = 0;
    let peak = 0;
    const counting: SaleGateway = {
      recharge: (i) => r.gateway.recharge(i),
      rechargeSync: (i) => r.gateway.rechargeSync(i),
      prevend: (i) => r.gateway.prevend(i),
      batchRecharge: (id, items) => r.gateway.batchRecharge(id, items),
      async transaction(id, ref) {
        current++;
        peak = Math.max(peak, current);
        try {
          return await r.gateway.transaction(id, ref);
        } finally {
          current--;
        }
      },
    };
    const engine = createSaleEngine({ sales: r.store.sales, gateway: r.gateway, smartloadId: () => r.smartloadId, now: r.now });
    const sold = [];
    for (let i = 0; i < 9; i++) sold.push(await engine.sell('pinless', { productId: 62, recipientMsisdn: `08210001${String(i).padStart(2, '0')}`, amountCents: 2400 + i }));
    r.sim.controls.advanceClock(60_000);
    // The enquiry for the first sale hangs until the client gives up; the rest must still resolve.
    r.sim.controls.fault({ kind: 'hang', method: 'GET', path: sold[0]!.clientReference });
    const reconciler = createReconciler({ sales: r.store.sales, gateway: counting, now: r.now, maxInFlight: 3 });
    const report = await reconciler.tick();
    expect(peak).toBe(3);
    expect(report.checked).toBe(9);
    expect(report.resolved).toBe(8);
    expect(r.store.sales.getSale(sold[0]!.clientReference)?.state).toBe('submitted');
    for (const s of sold.slice(1)) expect(r.store.sales.getSale(s.clientReference)?.state).toBe('delivered');
  });
});

describe('reconciler: the offline queue', () => {
  it('forwards queued sales in order with their own references when back online, and cancels expired ones', async () => {
    const r = await rig();
    let offline = true;
    const policy = { enabled: true, maxTotalCents: 100_000, maxAgeMs: 3_600_000 };
    const engine = createSaleEngine({ sales: r.store.sales, gateway: r.gateway, smartloadId: () => r.smartloadId, now: r.now, isOffline: () => offline, offlinePolicy: policy });
    const old = await engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000040', amountCents: 2500 });
    r.sim.controls.advanceClock(3_000_000);
    const a = await engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000041', amountCents: 2600 });
    const b = await engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000042', amountCents: 2700 });
    const reconciler = createReconciler({ sales: r.store.sales, gateway: r.gateway, now: r.now, isOffline: () => offline, offlinePolicy: policy });
    expect((await reconciler.tick()).status.state).toBe('paused-offline');
    expect(r.store.sales.pendingCount().queued).toBe(3);
    offline = false;
    r.sim.controls.advanceClock(700_000); // the first queued sale is now older than an hour
    const report = await reconciler.tick();
    expect(report).toMatchObject({ forwarded: 2, expired: 1 });
    expect(r.store.sales.getSale(old.clientReference)).toMatchObject({ state: 'cancelled', errorCode: 'SALE_QUEUE_EXPIRED' });
    for (const s of [a, b]) {
      expect(r.store.sales.getSale(s.clientReference)?.state).toBe('submitted');
      expect(r.debits(s.clientReference)).toBe(1);
      expect(causes2(r.store.sales.saleEvents(s.clientReference))).toEqual(['->queued', 'queued>intent', 'intent>submitted']);
    }
    const order = r.sim.controls.ledger().filter((e) => e.kind === 'recharge').map((e) => e.clientReference);
    expect(order).toEqual([a.clientReference, b.clientReference]);
    expect(r.debits(old.clientReference)).toBe(0);
  });

  it('leaves the queue alone while Smartcall does not answer a ping, even if the till thinks it is online', async () => {
    const r = await rig();
    let offline = true;
    const policy = { enabled: true, maxTotalCents: 100_000, maxAgeMs: 3_600_000 };
    const engine = createSaleEngine({ sales: r.store.sales, gateway: r.gateway, smartloadId: () => r.smartloadId, now: r.now, isOffline: () => offline, offlinePolicy: policy });
    const queued = await engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000060', amountCents: 3100 });
    offline = false;
    const reconciler = createReconciler({ sales: r.store.sales, gateway: r.gateway, now: r.now, isOffline: () => offline, offlinePolicy: policy });
    r.sim.controls.fault({ kind: 'drop-before', path: '/ping', times: 0 });
    const report = await reconciler.tick();
    expect(report).toMatchObject({ forwarded: 0, status: { state: 'paused-offline' } });
    expect(r.store.sales.getSale(queued.clientReference)?.state).toBe('queued');
    r.sim.controls.clearFaults();
    expect(await reconciler.tick()).toMatchObject({ forwarded: 1 });
    expect(r.store.sales.getSale(queued.clientReference)?.state).toBe('submitted');
  });
});

function causes2(events: { from: string | null; to: string }[]) {
  return events.map((e) => `${e.from ?? '-'}>${e.to}`);
}

describe('reconciler: running on timers', () => {
  it('ticks on its interval, never two rounds at once, and stops cleanly', async () => {
    const r = await setup();
    await r.engine.sell('pinless', { productId: 62, recipientMsisdn: '0821000050', amountCents: 2900 });
    const pending: { fn: () => void; ms: number; id: number }[] = [];
    let id = 0;
    const timers = {
      setTimeout: (fn: () => void, ms: number) => (pending.push({ fn, ms, id: ++id }), id),
      clearTimeout: (handle: unknown) => void pending.splice(pending.findIndex((p) => p.id === handle), 1),
    };
    r.reconciler.start(timers, 1_000);
    r.reconciler.start(timers, 1_000); // a second start does not arm a second loop
    expect(pending.map((p) => p.ms)).toEqual([1_000]);
    r.sim.controls.advanceClock(60_000);
    const first = r.reconciler.tick();
    expect(r.reconciler.tick()).toBe(first); // the same round, not a second one
    await first;
    pending.shift()!.fn();
    await vi.waitFor(() => expect(pending).toHaveLength(1), { timeout: 10_000, interval: 5 });
    expect(r.store.sales.pendingCount().unresolved).toBe(0);
    r.reconciler.stop();
    expect(pending).toHaveLength(0);
  });
});
