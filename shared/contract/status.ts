import { z } from 'zod';
import { tillModeSchema } from './mode';
import { cents, empty, epochMs } from './common';
import { networkHealthSchema } from './catalogue';

/** What the status bar shows: mode, link to Smartcall, networks, balance, pending work. */

export const reconcilerStatusSchema = z.object({
  state: z.enum(['idle', 'working', 'paused-offline', 'stopped-auth']),
  /** What a person should know or do, when there is something. */
  message: z.string().nullable(),
});

export const statusViewSchema = z.object({
  mode: tillModeSchema,
  /** Smartcall answered the last check. */
  online: z.boolean(),
  checkedAt: epochMs.nullable(),
  networks: z.array(z.object({ key: z.string(), name: z.string(), health: networkHealthSchema })),
  dealer: z
    .object({ smartloadId: z.string(), balanceCents: cents.nullable(), balanceAt: epochMs.nullable(), low: z.boolean() })
    .nullable(),
  pending: z.object({ unresolved: z.number().int(), queued: z.number().int(), needsAttention: z.number().int() }),
  catalogueRefreshedAt: epochMs.nullable(),
  reconciler: reconcilerStatusSchema,
});
export type StatusView = z.infer<typeof statusViewSchema>;

export const statusChannels = {
  /** Everything the status bar shows, now. */
  'status:get': { request: empty, response: statusViewSchema },
} as const;

export const statusEvents = {
  /** The status bar's data changed (online/offline, a network, the balance, pending counts). */
  'status:changed': statusViewSchema,
} as const;
