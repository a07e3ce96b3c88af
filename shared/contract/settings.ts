import { z } from 'zod';
import { tillModeSchema } from './mode';
import { epochMs } from './common';

/** The settings screen (supervisor only for changes). The password is write-only: it never comes back. */

const smartloadId = z.string().regex(/^27[1-9]\d{8}$/, 'A Smartload ID is the dealer wallet number in the form 27821234567.');

export const settingsViewSchema = z.object({
  environment: tillModeSchema,
  smartcall: z.object({
    baseUrl: z.string().nullable(),
    requestTimeoutMs: z.number().int(),
    username: z.string().nullable(),
    /** A password is stored (encrypted); its value never leaves the core. */
    hasPassword: z.boolean(),
  }),
  dealer: z.object({ smartloadIds: z.array(z.string()), defaultSmartloadId: z.string().nullable() }),
  offlineQueue: z.object({
    enabled: z.boolean(),
    maxSales: z.number().int(),
    maxTotalCents: z.number().int(),
    maxAgeMinutes: z.number().int(),
  }),
  updatedAt: epochMs.nullable(),
  /** True when a saved change (environment, Smartcall address) only takes effect after the till restarts. */
  restartRequired: z.boolean().optional(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsUpdateSchema = z
  .object({
    environment: tillModeSchema.optional(),
    smartcall: z
      .object({
        baseUrl: z.string().max(300).nullable().optional(),
        requestTimeoutMs: z.number().int().optional(),
        username: z.string().trim().min(1).max(100).optional(),
        /** Write-only; kept in the main process, encrypted at rest. */
        password: z.string().min(1).max(200).optional(),
      })
      .strict()
      .optional(),
    dealer: z
      .object({ smartloadIds: z.array(smartloadId).max(20).optional(), defaultSmartloadId: smartloadId.nullable().optional() })
      .strict()
      .optional(),
    offlineQueue: z
      .object({
        enabled: z.boolean().optional(),
        maxSales: z.number().int().optional(),
        maxTotalCents: z.number().int().optional(),
        maxAgeMinutes: z.number().int().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const settingsChannels = {
  /** The till's settings as the settings screen shows them (no secrets). */
  'settings:get': { request: z.object({}).strict(), response: settingsViewSchema },
  /** Supervisor only: change settings; a refused change saves nothing. */
  'settings:update': { request: settingsUpdateSchema, response: settingsViewSchema },
} as const;
