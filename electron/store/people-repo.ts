import type { Database } from 'better-sqlite3';
import { StoreError } from './errors';
import { sqliteCode, toWriteError } from './sqlite-errors';

export type CashierRole = 'cashier' | 'supervisor';

/** A person who may use the till. `pinHash` is whatever the caller's hashing produced. */
export type Cashier = {
  id: number;
  name: string;
  role: CashierRole;
  pinHash: string;
  active: boolean;
  createdAt: number;
};

/** A cashier's working session, with the cash float counted in. */
export type Shift = {
  id: number;
  cashierId: number;
  openedAt: number;
  closedAt: number | null;
  floatCents: number;
};

/** Cashiers and shifts: what the till screen's sign-in and shift buttons need. */
export type PeopleRepository = {
  /** Add a cashier; the name must be unique (case-insensitive). */
  createCashier(input: { name: string; role: CashierRole; pinHash: string; at?: number }): Cashier;
  /** One cashier by id. */
  getCashier(id: number): Cashier | undefined;
  /** One cashier by name (case-insensitive), for sign-in. */
  findCashierByName(name: string): Cashier | undefined;
  /** Every cashier, active ones only unless asked. */
  listCashiers(options?: { includeInactive?: boolean }): Cashier[];
  /** Replace a cashier's PIN hash. */
  setCashierPinHash(id: number, pinHash: string): void;
  /** Switch a cashier on or off (never deleted: sales point at them). */
  setCashierActive(id: number, active: boolean): void;
  /** Open a shift for a cashier; refused if that cashier already has an open one. */
  openShift(input: { cashierId: number; floatCents: number; at?: number }): Shift;
  /** Close an open shift. */
  closeShift(id: number, at?: number): Shift;
  /** One shift by id. */
  getShift(id: number): Shift | undefined;
  /** The cashier's open shift, if any. */
  openShiftOf(cashierId: number): Shift | undefined;
};

type CashierRow = { id: number; name: string; role: CashierRole; pin_hash: string; active: number; created_at: number };
type ShiftRow = { id: number; cashier_id: number; opened_at: number; closed_at: number | null; float_cents: number };

const toCashier = (r: CashierRow): Cashier => ({
  id: r.id,
  name: r.name,
  role: r.role,
  pinHash: r.pin_hash,
  active: r.active === 1,
  createdAt: r.created_at,
});
const toShift = (r: ShiftRow): Shift => ({
  id: r.id,
  cashierId: r.cashier_id,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  floatCents: r.float_cents,
});

/** The cashiers-and-shifts repository over an open journal. */
export function createPeopleRepository(db: Database, now: () => number): PeopleRepository {
  const insertCashier = db.prepare('INSERT INTO cashiers (name, role, pin_hash, active, created_at) VALUES (?, ?, ?, 1, ?)');
  const cashierById = db.prepare<[number], CashierRow>('SELECT * FROM cashiers WHERE id = ?');
  const cashierByName = db.prepare<[string], CashierRow>('SELECT * FROM cashiers WHERE name = ? COLLATE NOCASE');
  const allCashiers = db.prepare<[number], CashierRow>('SELECT * FROM cashiers WHERE active >= ? ORDER BY name COLLATE NOCASE');
  const updatePin = db.prepare('UPDATE cashiers SET pin_hash = ? WHERE id = ?');
  const updateActive = db.prepare('UPDATE cashiers SET active = ? WHERE id = ?');
  const insertShift = db.prepare('INSERT INTO shifts (cashier_id, opened_at, float_cents) VALUES (?, ?, ?)');
  const shiftById = db.prepare<[number], ShiftRow>('SELECT * FROM shifts WHERE id = ?');
  const openShiftByCashier = db.prepare<[number], ShiftRow>('SELECT * FROM shifts WHERE cashier_id = ? AND closed_at IS NULL');
  const updateClose = db.prepare('UPDATE shifts SET closed_at = ? WHERE id = ? AND closed_at IS NULL');

  const write = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw toWriteError(error, what);
    }
  };
  const mustChange = (changes: number, what: string) => {
    if (changes === 0) throw new StoreError('STORE_NOT_FOUND', `${what} was not found.`);
  };

  return {
    createCashier(input) {
      const name = input.name.trim();
      if (!name) throw new StoreError('STORE_INVALID_INPUT', 'A cashier needs a name.');
      if (input.role !== 'cashier' && input.role !== 'supervisor') {
        throw new StoreError('STORE_INVALID_INPUT', 'A cashier is either a cashier or a supervisor.');
      }
      if (!input.pinHash) throw new StoreError('STORE_INVALID_INPUT', 'A cashier needs a PIN.');
      try {
        const { lastInsertRowid } = insertCashier.run(name, input.role, input.pinHash, input.at ?? now());
        return toCashier(cashierById.get(Number(lastInsertRowid))!);
      } catch (error) {
        if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new StoreError('STORE_CONFLICT', `A cashier called ${name} already exists: choose another name.`, { cause: error });
        }
        throw toWriteError(error, 'the cashier');
      }
    },
    getCashier(id) {
      const row = cashierById.get(id);
      return row ? toCashier(row) : undefined;
    },
    findCashierByName(name) {
      const row = cashierByName.get(name.trim());
      return row ? toCashier(row) : undefined;
    },
    listCashiers(options = {}) {
      return allCashiers.all(options.includeInactive ? 0 : 1).map(toCashier);
    },
    setCashierPinHash(id, pinHash) {
      if (!pinHash) throw new StoreError('STORE_INVALID_INPUT', 'A cashier needs a PIN.');
      write('the cashier\'s PIN', () => mustChange(updatePin.run(pinHash, id).changes, `Cashier ${id}`));
    },
    setCashierActive(id, active) {
      write('the cashier', () => mustChange(updateActive.run(active ? 1 : 0, id).changes, `Cashier ${id}`));
    },
    openShift(input) {
      if (!Number.isSafeInteger(input.floatCents) || input.floatCents < 0) {
        throw new StoreError('STORE_INVALID_INPUT', 'The float must be a whole number of cents, zero or more.');
      }
      const cashier = cashierById.get(input.cashierId);
      if (!cashier || cashier.active !== 1) throw new StoreError('STORE_NOT_FOUND', `Cashier ${input.cashierId} was not found or is switched off.`);
      try {
        const { lastInsertRowid } = insertShift.run(input.cashierId, input.at ?? now(), input.floatCents);
        return toShift(shiftById.get(Number(lastInsertRowid))!);
      } catch (error) {
        if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new StoreError('STORE_CONFLICT', `${cashier.name} already has an open shift: close it first.`, { cause: error });
        }
        throw toWriteError(error, 'the new shift');
      }
    },
    closeShift(id, at) {
      return write('the shift', () => {
        const shift = shiftById.get(id);
        if (!shift) throw new StoreError('STORE_NOT_FOUND', `Shift ${id} was not found.`);
        if (shift.closed_at !== null) throw new StoreError('STORE_CONFLICT', `Shift ${id} is already closed.`);
        updateClose.run(Math.max(at ?? now(), shift.opened_at), id);
        return toShift(shiftById.get(id)!);
      });
    },
    getShift(id) {
      const row = shiftById.get(id);
      return row ? toShift(row) : undefined;
    },
    openShiftOf(cashierId) {
      const row = openShiftByCashier.get(cashierId);
      return row ? toShift(row) : undefined;
    },
  };
}
