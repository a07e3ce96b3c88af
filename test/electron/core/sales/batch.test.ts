// Batch sales against the real client + simulator: lines checked first, groups of 100, each group
// journaled before it is sent, progress after each group.
import { describe, expect, it } from 'vitest';
import { createSaleEngine, SaleError, type BatchProgress } from '../../../../electron/core/sales/engine';
import { createReconciler } from '../../../../electron/core/sales/reconciler';
import { rig } from './helpers';

const line = (i: number) => ({ productId: 62, recipientMsisdn: `0824${String(i).padStart(6, '0')}`, amountCents: 1000 + i });

describe('sellBatch', () => {
  it('splits 230 lines into 100 + 100 + 30, reports progress, and journals every line with the batch id', async () => {
    const r = await rig();
    const sent: number[] = [];
    const engine = createSaleEngine({
      sales: r.store.sales,
      gateway: { ...r.gateway, batchRecharge: (id, items) => (sent.push(items.length), r.gateway.batchRecharge(id, items)) },
      smartloadId: () => r.smartloadId,
      now: r.now,
    });
    const progress: BatchProgress[] = [];
    const lines = Array.from({ length: 230 }, (_, i) => line(i));
    lines[120] = { ...lines[120]!, productId: 999_999 }; // Smartcall refuses this one item
    const { batchId, sales } = await engine.sellBatch(lines, { onProgress: (p) => progress.push(p) });
    expect(sent).toEqual([100, 100, 30]);
    expect(progress).toEqual([
      { batchId, done: 100, total: 230, failed: 0 },
      { batchId, done: 200, total: 230, failed: 1 },
      { batchId, done: 230, total: 230, failed: 1 },
    ]);
    expect(sales).toHaveLength(230);
    expect(sales.filter((s) => s.state === 'submitted')).toHaveLength(229);
    expect(sales[120]).toMatchObject({ state: 'failed' });
    expect(sales[120]!.errorCode).toMatch(/^SMARTCALL_/);
    expect(r.store.sales.listSales({ batchId, limit: 500 }).sales).toHaveLength(230);
    for (const s of sales) expect(r.debits(s.clientReference)).toBe(s.state === 'submitted' ? 1 : 0);
    expect(sales[0]!.request).toMatchObject({ method: 'async' });
  });

  it('refuses the whole batch, naming the line, when one line is bad: nothing journaled or sent', async () => {
    const r = await rig();
    const engine = createSaleEngine({ sales: r.store.sales, gateway: r.gateway, smartloadId: () => r.smartloadId, now: r.now });
    const lines = [line(1), { ...line(2), recipientMsisdn: '999' }, line(3)];
    const error = await engine.sellBatch(lines).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaleError);
    expect((error as SaleError).message).toContain('line 2');
    expect(r.store.sales.listSales().sales).toEqual([]);
    expect(r.sim.controls.ledger().filter((e) => e.kind === 'recharge')).toEqual([]);
    await expect(engine.sellBatch([])).rejects.toThrow(/empty/);
  });

  it('a batch whose answer is lost leaves every line unknown; the reconciler adopts each, one charge each', async () => {
    const r = await rig();
    const engine = createSaleEngine({ sales: r.store.sales, gateway: r.gateway, smartloadId: () => r.smartloadId, now: r.now });
    r.sim.controls.fault({ kind: 'drop-after', method: 'POST', path: '/recharges/batch' });
    const { sales } = await engine.sellBatch(Array.from({ length: 12 }, (_, i) => line(500 + i)));
    expect(new Set(sales.map((s) => s.state))).toEqual(new Set(['unknown']));
    r.sim.controls.advanceClock(60_000);
    const reconciler = createReconciler({ sales: r.store.sales, gateway: r.gateway, now: r.now });
    expect(await reconciler.tick()).toMatchObject({ checked: 12, resolved: 12 });
    for (const s of sales) {
      expect(r.store.sales.getSale(s.clientReference)?.state).toBe('delivered');
      expect(r.debits(s.clientReference)).toBe(1);
    }
  });
});
