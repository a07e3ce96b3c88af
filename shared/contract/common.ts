import { z } from 'zod';

/** Building blocks of the contract's schemas. Money is always integer cents; times are epoch ms. */
export const cents = z.number().int();
export const nonNegativeCents = z.number().int().nonnegative();
export const epochMs = z.number().int();
/** The till's own id for one sale (a UUID), the key Smartcall looks a sale up by. */
export const clientReference = z.uuid();
/** A cashier's PIN: 4 to 8 digits. It crosses into the core once per sign-in and is never stored in clear. */
export const pinSchema = z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits.');
export const personName = z.string().trim().min(1, 'Type a name.').max(40, 'Keep the name under 40 characters.');
export const empty = z.object({}).strict();
