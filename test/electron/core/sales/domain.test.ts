// The sales domain's contract channels over the real engine, client, simulator and journal. The
// session is the one edge faked here (another domain owns it); events go through the real bus,
// which validates every payload against the contract.
import { describe, expect, it, vi } from 'vitest';
import { channels } from '../../../../shared/contract/channels';
import { TillFailure } from '../../../../shared/contract/envelope';
import type { EventName } from '../../../../shared/contract/events';
import { createEventBus } from '../../../../electron/core/event-bus';
import type { CoreContext, SessionPort } from '../../../../electron/core/context';
import { createSalesEngineDomain } from '../../../../electron/core/sales/domain';
import { openConfSettings } from '../../../../electron/platform/settings-conf';
import { tempDataDir } from '../../store/helpers';
import { rig } from './helpers';

async function setup(options: { role?: 'cashier' | 'supervisor' } = {}) {
  const r = await rig();
  const events = createEventBus();
  const seen: { name: EventName; payload: unknown }[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const cashier = r.store.people.createCashier({ name: 'Nomsa', role: options.role ?? 'cashier', pinHash: 'h' });
  const shift = r.store.people.openShift({ cashierId: cashier.id, floatCents: 0 });
  const session: SessionPort = {
    requireSeller: () => ({ cashierId: cashier.id, name: cashier.name, role: cashier.role, shiftId: shift.id }),
    requireSupervisor: () => {
      if (cashier.role !== 'supervisor') throw new TillFailure('SESSION_SUPERVISOR_ONLY', 'Only a supervisor can do that.');
      return { cashierId: cashier.id, name: cashier.name, role: cashier.role };
    },
  };
  const ctx: CoreContext = {
    mode: 'training',
    shell: 'browser',
    dataDir: tempDataDir(),
    version: 'test',
    now: r.now,
    events,
    store: r.store,
    client: r.client,
    settings: openConfSettings(tempDataDir()),
    dealerId: () => r.smartloadId,
    simulator: r.sim,
  };
  const domain = createSalesEngineDomain(ctx, session, { graceMs: 60_000 });
  const h = domain.handlers;
  return { ...r, domain, h, seen, cashier, shift };
}

const failureOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof TillFailure)) throw new Error(`expected a TillFailure, got ${String(e)}`);
  return e;
};

describe('sales domain', () => {
  it('sells airtime: the answer and every pushed event fit the contract; the cashier and shift are on the sale', async () => {
    const r = await setup();
    const sale = await r.h['sales:sell']({ productId: 62, recipient: '082 765 4321', amountCents: 1500, sendSms: false, synchronous: false });
    expect(channels['sales:sell'].response.parse(sale)).toEqual(sale);
    expect(sale).toMatchObject({ state: 'submitted', recipient: '27827654321', amountCents: 1500, productName: expect.any(String), network: 'Vodacom', cashierName: 'Nomsa', needsAttention: false });
    expect(r.seen.map((e) => [e.name, (e.payload as { state: string }).state])).toEqual([
      ['sale:changed', 'intent'],
      ['sale:changed', 'submitted'],
    ]);
    expect(r.store.sales.getSale(sale.clientReference)).toMatchObject({ cashierId: r.cashier.id, shiftId: r.shift.id });
    const got = await r.h['sales:get']({ clientReference: sale.clientReference });
    expect(channels['sales:get'].response.parse(got).events.map((e) => e.to)).toEqual(['intent', 'submitted']);
    const list = await r.h['sales:list']({ text: '0827654321', limit: 50 });
    expect(list.items.map((s) => s.clientReference)).toEqual([sale.clientReference]);
    expect(list.nextCursor).toBeNull();
    expect(await r.h['sales:pending']({})).toEqual({ unresolved: 1, queued: 0, needsAttention: 0 });
  });

  it('sells a voucher synchronously and shows its PIN once, never in the history', async () => {
    const r = await setup();
    const sale = await r.h['sales:sell']({ productId: 65, recipient: '0827654322', sendSms: false, synchronous: false });
    expect(sale.state).toBe('delivered');
    expect(sale.voucher?.pin).toMatch(/\d{6,}/);
    const got = await r.h['sales:get']({ clientReference: sale.clientReference });
    expect(got.sale.voucher?.pin).toBeNull();
    expect(JSON.stringify(r.seen)).not.toContain(sale.voucher!.pin!);
  });

  it('refuses bad requests with a typed failure before anything is journaled', async () => {
    const r = await setup();
    const range = await failureOf(r.h['sales:sell']({ productId: 62, recipient: '0827654323', amountCents: 100, sendSms: false, synchronous: false }));
    expect(range.code).toBe('SALE_INVALID_INPUT');
    expect(range.fields?.amountCents).toMatch(/between R/);
    expect((await failureOf(r.h['sales:sell']({ productId: 999_999, recipient: '0827654323', amountCents: 1000, sendSms: false, synchronous: false }))).code).toBe('SALE_UNKNOWN_PRODUCT');
    expect((await failureOf(r.h['sales:sell']({ productId: 62, recipient: '12', amountCents: 1000, sendSms: false, synchronous: false }))).code).toBe('SALE_INVALID_INPUT');
    expect((await failureOf(r.h['sales:cancelQueued']({ clientReference: crypto.randomUUID() }))).code).toBe('SESSION_SUPERVISOR_ONLY');
    expect((await failureOf(r.h['sales:get']({ clientReference: crypto.randomUUID() }))).code).toBe('SALE_NOT_FOUND');
    expect(r.store.sales.listSales().sales).toEqual([]);
  });

  it('prevend then sell reuse one reference: one charge', async () => {
    const r = await setup();
    const check = await r.h['sales:prevend']({ productId: 62, recipient: '0827654324', amountCents: 2000 });
    expect(check.accepted).toBe(true);
    const sale = await r.h['sales:sell']({ productId: 62, recipient: '0827654324', amountCents: 2000, sendSms: false, synchronous: false, clientReference: check.clientReference });
    expect(sale.clientReference).toBe(check.clientReference);
    expect(r.debits(check.clientReference)).toBe(1);
    expect((await failureOf(r.h['sales:prevend']({ productId: 65, recipient: '0827654324', amountCents: 200 }))).code).toBe('SALE_PREVEND_UNAVAILABLE');
  });

  it('a sale that fails after it was accepted needs attention until acknowledged', async () => {
    const r = await setup();
    const sale = await r.h['sales:sell']({ productId: 62, recipient: '0827654325', amountCents: 1100, sendSms: false, synchronous: false });
    r.sim.controls.advanceClock(60_000);
    await r.domain.reconciler.tick();
    expect(await r.h['sales:pending']({})).toEqual({ unresolved: 0, queued: 0, needsAttention: 1 });
    const last = r.seen.at(-1)!;
    expect(last.name).toBe('sale:changed');
    expect(last.payload).toMatchObject({ clientReference: sale.clientReference, state: 'failed', needsAttention: true });
    const seen = await r.h['sales:acknowledge']({ clientReference: sale.clientReference });
    expect(seen.needsAttention).toBe(false);
    expect(await r.h['sales:pending']({})).toEqual({ unresolved: 0, queued: 0, needsAttention: 0 });
  });

  it('runs a batch in the background and reports its progress as events', async () => {
    const r = await setup();
    const items = Array.from({ length: 3 }, (_, i) => ({ productId: 62, recipient: `082765433${i}`, amountCents: 1000 + i, sendSms: false }));
    const started = await r.h['sales:batch']({ items });
    expect(started.count).toBe(3);
    await vi.waitFor(() => expect(r.seen.some((e) => e.name === 'batch:progress')).toBe(true), { timeout: 10_000, interval: 5 });
    expect(r.seen.find((e) => e.name === 'batch:progress')!.payload).toEqual({ batchId: started.batchId, done: 3, total: 3, failed: 0 });
    expect(r.store.sales.listSales({ batchId: started.batchId }).sales).toHaveLength(3);
    const bad = await failureOf(r.h['sales:batch']({ items: [...items, { productId: 62, recipient: '1', amountCents: 1000, sendSms: false }] }));
    expect(bad.message).toContain('line 4');
  });
});
