import type { CashierView, SessionState, ShiftView } from '../../../shared/contract/session';
import { TillFailure } from '../../../shared/contract/envelope';
import { isStoreError, type Cashier } from '../../store';
import type { Actor, CoreContext, SessionPort } from '../context';
import { defineHandlers } from '../gate';
import type { Domain } from '../domain';
import { DEFAULT_PIN_HASH_PARAMS, hashPin, verifyPin, type PinHashParams } from './pin-hash';
import { realTimers, type IntervalTimers } from '../timers';

export const sessionChannelNames = [
  'session:get',
  'session:setup',
  'session:signIn',
  'session:signOut',
  'session:lock',
  'session:unlock',
  'cashiers:list',
  'cashiers:create',
  'shift:open',
  'shift:close',
] as const;
type SessionChannel = (typeof sessionChannelNames)[number];

/** Stable codes of the session domain (support searches for them). */
export const SessionErrorCode = {
  SignedOut: 'SESSION_SIGNED_OUT',
  Locked: 'SESSION_LOCKED',
  NoShift: 'SESSION_NO_SHIFT',
  SupervisorOnly: 'SESSION_SUPERVISOR_ONLY',
  SetupDone: 'SESSION_SETUP_DONE',
  SetupNeeded: 'SESSION_SETUP_NEEDED',
  UnknownCashier: 'SESSION_UNKNOWN_CASHIER',
  WrongPin: 'SESSION_WRONG_PIN',
  LockedOut: 'SESSION_LOCKED_OUT',
  ShiftOpen: 'SESSION_SHIFT_ALREADY_OPEN',
  NameTaken: 'SESSION_CASHIER_NAME_TAKEN',
  NotLocked: 'SESSION_NOT_LOCKED',
} as const;

/** Wrong PINs in a row before a cashier is locked out. */
export const MAX_WRONG_PINS = 5;
/** How long a lockout lasts. */
export const LOCKOUT_MS = 5 * 60_000;
/** Idle minutes before the core locks the till by itself (there is no setting for it yet). */
export const DEFAULT_IDLE_LOCK_MINUTES = 5;

/** Timers the session uses for the idle check; real (unref'd) ones by default, tests pass their own. */
export type SessionTimers = IntervalTimers;

export type SessionDomainOptions = {
  idleLockMinutes?: number;
  /** scrypt cost for new PINs (default {@link DEFAULT_PIN_HASH_PARAMS}). */
  pinHashParams?: PinHashParams;
  timers?: SessionTimers;
  /** How often the idle check runs (default 15 s). Calls also check, so a late timer never lets a sale through. */
  idleCheckMs?: number;
};

/** The session domain: its channels plus the port the sales domain asks who is selling. */
export type SessionDomain = Domain<SessionChannel> & {
  port: SessionPort;
  /** Lock now if the till has been idle for `idleLockMinutes` (the timer calls it; tests may too). */
  checkIdle(): void;
};

type Attempts = { wrong: number; lockedUntil: number };

const toCashierView = (c: Cashier): CashierView => ({ id: c.id, name: c.name, role: c.role });

/**
 * Cashiers, sign-in, lock and shifts. One till, one session: the session lives here in the core,
 * so a reloaded screen cannot forget that the till is locked. PINs arrive once per call, are
 * checked against a slow hash and are never logged or kept.
 */
export function createSessionDomain(ctx: CoreContext, options: SessionDomainOptions = {}): SessionDomain {
  const people = ctx.store.people;
  const idleLockMinutes = options.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES;
  const idleMs = idleLockMinutes * 60_000;
  const params = options.pinHashParams ?? DEFAULT_PIN_HASH_PARAMS;
  const timers = options.timers ?? realTimers;

  let cashierId: number | null = null;
  let locked = false;
  let lastActivity = ctx.now();
  // Wrong-PIN counts live in memory: a restart clears them, which costs an attacker a restart per 5 tries.
  const attempts = new Map<number, Attempts>();
  let idleTimer: unknown;

  const checkIdle = () => {
    if (cashierId !== null && !locked && ctx.now() - lastActivity >= idleMs) locked = true;
  };
  /** Every call counts as activity, after the idle check (a call after the idle time finds the till locked). */
  const touch = () => {
    checkIdle();
    lastActivity = ctx.now();
  };

  const current = (): Cashier | undefined => {
    if (cashierId === null) return undefined;
    const cashier = people.getCashier(cashierId);
    if (!cashier?.active) {
      // Switched off while signed in: the session ends.
      cashierId = null;
      locked = false;
      return undefined;
    }
    return cashier;
  };

  const setupNeeded = () => !people.listCashiers().some((c) => c.role === 'supervisor');

  const state = (): SessionState => {
    const cashier = current();
    const shift = cashier ? people.openShiftOf(cashier.id) : undefined;
    return {
      setupNeeded: setupNeeded(),
      cashier: cashier ? toCashierView(cashier) : null,
      shift: shift ? toShiftView(shift) : null,
      locked: cashier ? locked : false,
      idleLockMinutes,
    };
  };

  const signedIn = (): Cashier => {
    const cashier = current();
    if (!cashier) throw new TillFailure(SessionErrorCode.SignedOut, 'Nobody is signed in. Sign in with your PIN first.');
    return cashier;
  };
  const unlocked = (): Cashier => {
    const cashier = signedIn();
    if (locked) throw new TillFailure(SessionErrorCode.Locked, `The till is locked. ${cashier.name}, type your PIN to unlock it.`);
    return cashier;
  };

  const refuseIfLockedOut = (cashier: Cashier) => {
    const a = attempts.get(cashier.id);
    if (!a || a.lockedUntil <= ctx.now()) return;
    const minutes = Math.max(1, Math.ceil((a.lockedUntil - ctx.now()) / 60_000));
    throw new TillFailure(
      SessionErrorCode.LockedOut,
      `Too many wrong PINs for ${cashier.name}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask a supervisor.`,
    );
  };

  /** Check a PIN, counting wrong ones; throws SESSION_WRONG_PIN / SESSION_LOCKED_OUT. */
  const checkPin = async (cashier: Cashier, pin: string): Promise<void> => {
    refuseIfLockedOut(cashier);
    if (await verifyPin(pin, cashier.pinHash)) {
      attempts.delete(cashier.id);
      return;
    }
    const a = attempts.get(cashier.id) ?? { wrong: 0, lockedUntil: 0 };
    if (a.lockedUntil !== 0 && a.lockedUntil <= ctx.now()) a.wrong = 0; // a served lockout starts a fresh count
    a.wrong += 1;
    a.lockedUntil = 0;
    if (a.wrong >= MAX_WRONG_PINS) a.lockedUntil = ctx.now() + LOCKOUT_MS;
    attempts.set(cashier.id, a);
    refuseIfLockedOut(cashier);
    const left = MAX_WRONG_PINS - a.wrong;
    throw new TillFailure(SessionErrorCode.WrongPin, `That PIN is not right. ${left} more wrong PIN${left === 1 ? '' : 's'} and ${cashier.name} is locked out for a few minutes.`, {
      fields: { pin: 'Wrong PIN.' },
    });
  };

  const port: SessionPort = {
    requireSeller(): Actor & { shiftId: number } {
      touch();
      const cashier = unlocked();
      const shift = people.openShiftOf(cashier.id);
      if (!shift) throw new TillFailure(SessionErrorCode.NoShift, `${cashier.name}, open your shift (count the float into the drawer) before selling.`);
      return { cashierId: cashier.id, name: cashier.name, role: cashier.role, shiftId: shift.id };
    },
    requireSupervisor(): Actor {
      touch();
      const cashier = unlocked();
      if (cashier.role !== 'supervisor') throw new TillFailure(SessionErrorCode.SupervisorOnly, 'Only a supervisor can do this. Ask a supervisor to sign in.');
      return { cashierId: cashier.id, name: cashier.name, role: cashier.role };
    },
  };

  // The first session built on a context is the core's own; a second one (a test's) does not replace it.

  const handlers = defineHandlers<SessionChannel>({
    'session:get': async () => {
      checkIdle();
      return state();
    },
    'session:setup': async ({ name, pin }) => {
      touch();
      if (!setupNeeded()) throw new TillFailure(SessionErrorCode.SetupDone, 'This till already has a supervisor. Sign in instead.');
      const pinHash = await hashPin(pin, params);
      // Checked again after the (slow) hash: two setup calls at once must not make two first supervisors.
      if (!setupNeeded()) throw new TillFailure(SessionErrorCode.SetupDone, 'This till already has a supervisor. Sign in instead.');
      const supervisor = storeCall(() => people.createCashier({ name, role: 'supervisor', pinHash }));
      cashierId = supervisor.id;
      locked = false;
      return state();
    },
    'session:signIn': async ({ cashierId: id, pin }) => {
      touch();
      if (setupNeeded()) throw new TillFailure(SessionErrorCode.SetupNeeded, 'This till has no supervisor yet. Create the supervisor first.');
      const cashier = people.getCashier(id);
      if (!cashier?.active) throw new TillFailure(SessionErrorCode.UnknownCashier, 'That cashier is not on this till. Pick your name from the list.');
      await checkPin(cashier, pin);
      cashierId = cashier.id;
      locked = false;
      return state();
    },
    'session:signOut': async () => {
      touch();
      cashierId = null;
      locked = false;
      return state();
    },
    'session:lock': async () => {
      touch();
      if (current()) locked = true;
      return state();
    },
    'session:unlock': async ({ pin }) => {
      touch();
      const cashier = signedIn();
      if (!locked) return state();
      await checkPin(cashier, pin);
      locked = false;
      return state();
    },
    'cashiers:list': async () => {
      checkIdle();
      return { cashiers: people.listCashiers().map(toCashierView) };
    },
    'cashiers:create': async ({ name, pin, role }) => {
      port.requireSupervisor();
      const pinHash = await hashPin(pin, params);
      return toCashierView(storeCall(() => people.createCashier({ name, role, pinHash }), { conflictCode: SessionErrorCode.NameTaken, conflictField: 'name' }));
    },
    'shift:open': async ({ floatCents }) => {
      touch();
      const cashier = unlocked();
      const open = people.openShiftOf(cashier.id);
      if (open) throw new TillFailure(SessionErrorCode.ShiftOpen, `${cashier.name} already has an open shift. Close it before opening another.`);
      storeCall(() => people.openShift({ cashierId: cashier.id, floatCents }), { conflictCode: SessionErrorCode.ShiftOpen });
      return state();
    },
    'shift:close': async () => {
      touch();
      const cashier = unlocked();
      const open = people.openShiftOf(cashier.id);
      if (!open) throw new TillFailure(SessionErrorCode.NoShift, `${cashier.name} has no open shift to close.`);
      storeCall(() => people.closeShift(open.id));
      return state();
    },
  });

  return {
    handlers,
    port,
    checkIdle,
    start() {
      idleTimer = timers.setInterval(checkIdle, options.idleCheckMs ?? 15_000);
    },
    async close() {
      if (idleTimer !== undefined) timers.clearInterval(idleTimer);
      idleTimer = undefined;
    },
  };
}

function toShiftView(s: { id: number; cashierId: number; openedAt: number; closedAt: number | null; floatCents: number }): ShiftView {
  return { id: s.id, cashierId: s.cashierId, openedAt: s.openedAt, closedAt: s.closedAt, floatCents: s.floatCents };
}

/** The store's typed errors keep their message (written for people); a conflict gets this domain's code. */
function storeCall<T>(fn: () => T, conflict?: { conflictCode: string; conflictField?: string }): T {
  try {
    return fn();
  } catch (error) {
    if (!isStoreError(error)) throw error;
    if (error.code === 'STORE_CONFLICT' && conflict) {
      throw new TillFailure(conflict.conflictCode, error.message, conflict.conflictField ? { fields: { [conflict.conflictField]: error.message } } : undefined);
    }
    throw new TillFailure(error.code, error.message);
  }
}
