import { describe, expect, it } from 'vitest';
import { isStoreError } from '../../../electron/store';
import { manualClock, openTestStore, ref } from './helpers';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isStoreError(e)) return e.code;
    throw e;
  }
  return 'no error';
};

describe('cashiers and shifts', () => {
  it('keeps cashiers with their role and PIN hash, unique by name regardless of case', () => {
    const store = openTestStore();
    const thandi = store.people.createCashier({ name: 'Thandi', role: 'supervisor', pinHash: 'scrypt$abc' });
    expect(thandi).toMatchObject({ name: 'Thandi', role: 'supervisor', pinHash: 'scrypt$abc', active: true });
    expect(codeOf(() => store.people.createCashier({ name: 'thandi', role: 'cashier', pinHash: 'x' }))).toBe('STORE_CONFLICT');
    expect(codeOf(() => store.people.createCashier({ name: ' ', role: 'cashier', pinHash: 'x' }))).toBe('STORE_INVALID_INPUT');
    expect(codeOf(() => store.people.createCashier({ name: 'Sipho', role: 'boss' as never, pinHash: 'x' }))).toBe('STORE_INVALID_INPUT');
    expect(store.people.findCashierByName('THANDI')?.id).toBe(thandi.id);
    store.people.setCashierPinHash(thandi.id, 'scrypt$def');
    expect(store.people.getCashier(thandi.id)?.pinHash).toBe('scrypt$def');
    const sipho = store.people.createCashier({ name: 'Sipho', role: 'cashier', pinHash: 'h' });
    store.people.setCashierActive(sipho.id, false);
    expect(store.people.listCashiers().map((c) => c.name)).toEqual(['Thandi']);
    expect(store.people.listCashiers({ includeInactive: true }).map((c) => c.name)).toEqual(['Sipho', 'Thandi']);
    expect(codeOf(() => store.people.setCashierActive(999, true))).toBe('STORE_NOT_FOUND');
  });

  it('opens one shift per cashier at a time, closes it, and links sales to it', () => {
    const clock = manualClock();
    const store = openTestStore({ now: clock.now });
    const c = store.people.createCashier({ name: 'Lerato', role: 'cashier', pinHash: 'h' });
    const shift = store.people.openShift({ cashierId: c.id, floatCents: 50_000 });
    expect(shift).toMatchObject({ cashierId: c.id, floatCents: 50_000, openedAt: clock.now(), closedAt: null });
    expect(codeOf(() => store.people.openShift({ cashierId: c.id, floatCents: 0 }))).toBe('STORE_CONFLICT');
    expect(codeOf(() => store.people.openShift({ cashierId: c.id, floatCents: 10.5 }))).toBe('STORE_INVALID_INPUT');
    expect(codeOf(() => store.people.openShift({ cashierId: 404, floatCents: 0 }))).toBe('STORE_NOT_FOUND');
    expect(store.people.openShiftOf(c.id)?.id).toBe(shift.id);
    const sale = store.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 100, cashierId: c.id, shiftId: shift.id });
    expect(store.sales.listSales({ shiftId: shift.id }).sales.map((s) => s.id)).toEqual([sale.id]);
    clock.advance(8 * 3600_000);
    expect(store.people.closeShift(shift.id).closedAt).toBe(clock.now());
    expect(codeOf(() => store.people.closeShift(shift.id))).toBe('STORE_CONFLICT');
    expect(store.people.openShiftOf(c.id)).toBeUndefined();
    expect(store.people.openShift({ cashierId: c.id, floatCents: 0 }).id).not.toBe(shift.id);
  });
});
