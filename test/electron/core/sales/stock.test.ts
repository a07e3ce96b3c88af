// Vouchers sold from the till's own stock: journaled, claimed exactly once, never sent to Smartcall.
import { describe, expect, it } from 'vitest';
import { createSaleEngine, SaleError } from '../../../../electron/core/sales/engine';
import { createReconciler } from '../../../../electron/core/sales/reconciler';
import { rig } from './helpers';

const pins = (n: number) => Array.from({ length: n }, (_, i) => ({ productId: 65, amountCents: 1200, serial: `S${i}`, pin: `12341234${String(i).padStart(4, '0')}` }));

describe('sellFromStock', () => {
  it('delivers a stock PIN without touching the wallet, and refuses before journaling when the stock is empty', async () => {
    const r = await rig();
    r.store.vouchers.importVouchers(pins(1));
    const engine = createSaleEngine({ sales: r.store.sales, vouchers: r.store.vouchers, gateway: r.gateway, smartloadId: () => r.smartloadId, now: r.now, onSaleChanged: (s) => r.changes.push(s) });
    const sale = await engine.sellFromStock({ productId: 65, recipientMsisdn: '0829990000', amountCents: 1200 });
    expect(sale).toMatchObject({ state: 'delivered', kind: 'voucher', voucher: { hasPin: true, ticketNumber: 'S0' } });
    expect(r.store.sales.revealVoucherPins(sale.clientReference).pin).toBe('123412340000');
    expect(r.changes.map((s) => s.state)).toEqual(['intent', 'delivered']);
    expect(r.sim.controls.ledger().filter((e) => e.kind !== 'deposit')).toEqual([]);
    const error = await engine.sellFromStock({ productId: 65, recipientMsisdn: '0829990001', amountCents: 1200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaleError);
    expect((error as SaleError).code).toBe('SALE_OUT_OF_STOCK');
    expect(r.store.sales.listSales().sales).toHaveLength(1);
  });

  it('after a crash before the claim, the reconciler finishes the sale from stock, never through Smartcall', async () => {
    const r = await rig();
    r.store.vouchers.importVouchers(pins(2));
    const crashing = createSaleEngine({
      sales: r.store.sales,
      vouchers: r.store.vouchers,
      gateway: r.gateway,
      smartloadId: () => r.smartloadId,
      now: r.now,
      crash: (p) => {
        if (p === 'claiming-pin') throw new Error('power cut');
      },
    });
    await expect(crashing.sellFromStock({ productId: 65, recipientMsisdn: '0829990002', amountCents: 1200 })).rejects.toThrow('power cut');
    const [orphan] = r.store.sales.pendingSales();
    expect(orphan?.state).toBe('intent');
    const reconciler = createReconciler({ sales: r.store.sales, vouchers: r.store.vouchers, gateway: r.gateway, now: r.now });
    r.sim.controls.advanceClock(600_000);
    expect(await reconciler.tick()).toMatchObject({ checked: 1, resolved: 1 });
    expect(r.store.sales.getSale(orphan!.clientReference)?.state).toBe('delivered');
    expect(r.store.vouchers.availableVouchers(65)).toBe(1);
    expect(r.sim.controls.ledger().filter((e) => e.kind !== 'deposit')).toEqual([]);
  });
});
