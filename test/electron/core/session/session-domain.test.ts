import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LOCKOUT_MS, MAX_WRONG_PINS } from '../../../../electron/core/session/session-domain';
import { openCore, openCoreWithSupervisor, testClock } from './helpers';

describe('session domain (real core)', () => {
  it('first run: setup is needed, creates the supervisor and signs them in; a second setup is refused', async () => {
    const c = await openCore();
    const first = await c.call('session:get', {});
    expect(first).toMatchObject({ setupNeeded: true, cashier: null, shift: null, locked: false });
    expect((await c.refusal('session:signIn', { cashierId: 1, pin: '1234' })).code).toBe('SESSION_SETUP_NEEDED');

    const state = await c.call('session:setup', { name: 'Nomsa', pin: '1234' });
    expect(state.setupNeeded).toBe(false);
    expect(state.cashier).toMatchObject({ name: 'Nomsa', role: 'supervisor' });
    expect((await c.refusal('session:setup', { name: 'Other', pin: '9999' })).code).toBe('SESSION_SETUP_DONE');
  });

  it('stores PINs as salted scrypt hashes, never in clear', async () => {
    const c = await openCoreWithSupervisor();
    await c.call('cashiers:create', { name: 'Thandi', pin: '4321', role: 'cashier' });
    await c.call('cashiers:create', { name: 'Sipho', pin: '4321', role: 'cashier' });
    const [thandi, sipho] = ['Thandi', 'Sipho'].map((n) => c.core.context.store.people.findCashierByName(n)!);
    expect(thandi!.pinHash).toMatch(/^scrypt\$N=16384,r=8,p=1\$/);
    expect(thandi!.pinHash).not.toContain('4321');
    expect(thandi!.pinHash).not.toBe(sipho!.pinHash); // same PIN, different salt
    const journal = readFileSync(c.core.context.store.path);
    expect(journal.includes(Buffer.from('"4321"'))).toBe(false);
  });

  it('sign in → wrong PIN lockout → lock/unlock → shift open/close', async () => {
    const clock = testClock();
    const c = await openCoreWithSupervisor({ now: clock.now });
    const cashier = await c.call('cashiers:create', { name: 'Thandi', pin: '4321', role: 'cashier' });
    expect((await c.call('cashiers:list', {})).cashiers.map((x) => x.name)).toEqual(['Nomsa', 'Thandi']);

    const signedIn = await c.call('session:signIn', { cashierId: cashier.id, pin: '4321' });
    expect(signedIn.cashier).toMatchObject({ id: cashier.id, role: 'cashier' });

    // Wrong PINs: counted, then a lockout with a message saying how long.
    for (let i = 1; i < MAX_WRONG_PINS; i++) {
      const wrong = await c.refusal('session:signIn', { cashierId: cashier.id, pin: '0000' });
      expect(wrong.code).toBe('SESSION_WRONG_PIN');
      expect(wrong.fields).toHaveProperty('pin');
    }
    const locked = await c.refusal('session:signIn', { cashierId: cashier.id, pin: '0000' });
    expect(locked.code).toBe('SESSION_LOCKED_OUT');
    expect(locked.message).toMatch(/5 minutes/);
    // Even the right PIN is refused during the lockout.
    expect((await c.refusal('session:signIn', { cashierId: cashier.id, pin: '4321' })).code).toBe('SESSION_LOCKED_OUT');
    clock.advance(LOCKOUT_MS - 60_000);
    expect((await c.refusal('session:signIn', { cashierId: cashier.id, pin: '4321' })).message).toMatch(/1 minute\b/);
    clock.advance(60_000);
    await c.call('session:signIn', { cashierId: cashier.id, pin: '4321' });

    // Lock and unlock (wrong PIN first).
    expect((await c.call('session:lock', {})).locked).toBe(true);
    expect((await c.refusal('shift:open', { floatCents: 50_000 })).code).toBe('SESSION_LOCKED');
    expect((await c.refusal('session:unlock', { pin: '1111' })).code).toBe('SESSION_WRONG_PIN');
    expect((await c.call('session:unlock', { pin: '4321' })).locked).toBe(false);

    // Shifts: no shift → cannot sell; open one with a float; a second is refused; close it.
    expect(() => sessionPort(c).requireSeller()).toThrow(expect.objectContaining({ code: 'SESSION_NO_SHIFT' }) as Error);
    const opened = await c.call('shift:open', { floatCents: 50_000 });
    expect(opened.shift).toMatchObject({ cashierId: cashier.id, floatCents: 50_000, closedAt: null });
    expect(sessionPort(c).requireSeller()).toMatchObject({ cashierId: cashier.id, shiftId: opened.shift!.id });
    expect((await c.refusal('shift:open', { floatCents: 100 })).code).toBe('SESSION_SHIFT_ALREADY_OPEN');
    const closed = await c.call('shift:close', {});
    expect(closed.shift).toBeNull();
    expect(c.core.context.store.people.getShift(opened.shift!.id)!.closedAt).toBe(clock.now());
    expect((await c.refusal('shift:close', {})).code).toBe('SESSION_NO_SHIFT');

    // Sign out: the seller check says so.
    await c.call('session:signOut', {});
    expect(() => sessionPort(c).requireSeller()).toThrow(expect.objectContaining({ code: 'SESSION_SIGNED_OUT' }) as Error);
  });

  it('locks by itself after the idle minutes without any call', async () => {
    const clock = testClock();
    const c = await openCoreWithSupervisor({ now: clock.now });
    const idleMs = (await c.call('session:get', {})).idleLockMinutes * 60_000;
    clock.advance(idleMs - 1);
    expect((await c.call('shift:open', { floatCents: 0 })).locked).toBe(false); // an action is activity: the idle time starts again
    clock.advance(idleMs - 1);
    expect((await c.call('session:get', {})).locked).toBe(false); // reading the session is not activity…
    clock.advance(1);
    expect((await c.call('session:get', {})).locked).toBe(true); // …so the till locks idleLockMinutes after the last action
    expect((await c.refusal('cashiers:create', { name: 'X', pin: '1234', role: 'cashier' })).code).toBe('SESSION_LOCKED');
  });

  it('supervisor-only: a cashier cannot add cashiers or change settings', async () => {
    const c = await openCoreWithSupervisor();
    const cashier = await c.call('cashiers:create', { name: 'Thandi', pin: '4321', role: 'cashier' });
    expect((await c.refusal('cashiers:create', { name: 'Thandi', pin: '5555', role: 'cashier' })).code).toBe('SESSION_CASHIER_NAME_TAKEN');
    await c.call('session:signIn', { cashierId: cashier.id, pin: '4321' });
    const refused = await c.refusal('cashiers:create', { name: 'Sipho', pin: '1111', role: 'supervisor' });
    expect(refused.code).toBe('SESSION_SUPERVISOR_ONLY');
    expect(c.core.context.store.people.findCashierByName('Sipho')).toBeUndefined();
    expect((await c.refusal('settings:update', { offlineQueue: { enabled: true } })).code).toBe('SESSION_SUPERVISOR_ONLY');
    expect(c.core.context.settings.get().offlineQueue.enabled).toBe(false);
  });

  it('refuses an unknown cashier and a bad PIN shape before anything runs', async () => {
    const c = await openCoreWithSupervisor();
    expect((await c.refusal('session:signIn', { cashierId: 99, pin: '1234' })).code).toBe('SESSION_UNKNOWN_CASHIER');
    const bad = await c.refusal('session:signIn', { cashierId: 1, pin: '12' });
    expect(bad.code).toBe('GATE_INVALID_REQUEST');
    expect(bad.fields).toHaveProperty('pin');
  });
});

/** The core's session port, as the sales domain sees it. */
function sessionPort(c: Awaited<ReturnType<typeof openCore>>) {
  return c.core.domains.session;
}
