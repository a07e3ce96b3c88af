import { z } from 'zod';
import { empty, epochMs, nonNegativeCents, personName, pinSchema } from './common';

/** Cashiers, sign-in, the lock screen and shifts. */

export const cashierRoleSchema = z.enum(['cashier', 'supervisor']);
export type CashierRole = z.infer<typeof cashierRoleSchema>;

export const cashierViewSchema = z.object({ id: z.number().int(), name: z.string(), role: cashierRoleSchema });
export type CashierView = z.infer<typeof cashierViewSchema>;

export const shiftViewSchema = z.object({
  id: z.number().int(),
  cashierId: z.number().int(),
  openedAt: epochMs,
  closedAt: epochMs.nullable(),
  floatCents: nonNegativeCents,
});
export type ShiftView = z.infer<typeof shiftViewSchema>;

/** Who is at the till right now. One till, one session: it lives in the core, not in the screen. */
export const sessionStateSchema = z.object({
  /** No supervisor exists yet: the first run must create one before anything else. */
  setupNeeded: z.boolean(),
  cashier: cashierViewSchema.nullable(),
  shift: shiftViewSchema.nullable(),
  /** Locked after idle time: the signed-in cashier's PIN unlocks it; nothing can be sold meanwhile. */
  locked: z.boolean(),
  idleLockMinutes: z.number().int().positive(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const sessionChannels = {
  /** The current session (for the first screen after a reload). */
  'session:get': { request: empty, response: sessionStateSchema },
  /** First run only: create the supervisor and sign them in. Refused once any supervisor exists. */
  'session:setup': { request: z.object({ name: personName, pin: pinSchema }).strict(), response: sessionStateSchema },
  /** Sign in with a PIN. Repeated wrong PINs lock that cashier out for a while. */
  'session:signIn': { request: z.object({ cashierId: z.number().int().positive(), pin: pinSchema }).strict(), response: sessionStateSchema },
  /** Sign out (the shift stays open until it is closed). */
  'session:signOut': { request: empty, response: sessionStateSchema },
  /** Lock the screen now (the screen also asks for this after idle time). */
  'session:lock': { request: empty, response: sessionStateSchema },
  /** Unlock with the signed-in cashier's PIN. */
  'session:unlock': { request: z.object({ pin: pinSchema }).strict(), response: sessionStateSchema },
  /** Everyone who may sign in, for the sign-in picker. */
  'cashiers:list': { request: empty, response: z.object({ cashiers: z.array(cashierViewSchema) }) },
  /** Supervisor only: add a cashier or supervisor. */
  'cashiers:create': {
    request: z.object({ name: personName, pin: pinSchema, role: cashierRoleSchema }).strict(),
    response: cashierViewSchema,
  },
  /** Open a shift with the cash float counted into the drawer. */
  'shift:open': { request: z.object({ floatCents: nonNegativeCents.max(10_000_000) }).strict(), response: sessionStateSchema },
  /** Close the signed-in cashier's shift (the cash-up screen builds on this). */
  'shift:close': { request: empty, response: sessionStateSchema },
} as const;
