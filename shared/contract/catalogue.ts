import { z } from 'zod';
import { empty, epochMs, nonNegativeCents } from './common';

/** Products the till can sell, and the recipient's network. */

export const networkHealthSchema = z.enum(['up', 'down', 'unknown']);
export type NetworkHealth = z.infer<typeof networkHealthSchema>;

/** How the screen groups products (from Smartcall's product types). */
export const productKindSchema = z.enum(['airtime', 'data', 'sms', 'bundle', 'voucher', 'electricity', 'other']);
export type ProductKind = z.infer<typeof productKindSchema>;

export const productViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  networkId: z.number().int(),
  networkName: z.string(),
  typeId: z.number().int(),
  typeName: z.string(),
  kind: productKindSchema,
  /** A PIN (voucher or token) is issued; false = a direct (pinless) top-up. */
  pinned: z.boolean(),
  /** The price is fixed (`priceCents`); otherwise the cashier types an amount within min..max. */
  fixedPrice: z.boolean(),
  minCents: nonNegativeCents,
  maxCents: nonNegativeCents,
  priceCents: nonNegativeCents.nullable(),
  /** Dealer discount in basis points (5.5 % = 550). */
  discountBasisPoints: z.number().int(),
  /** Electricity: a meter number is required. */
  needsMeter: z.boolean(),
  /** Pinless Vodacom and MTN: a prevend can check the recipient before the cash is taken. */
  prevendAvailable: z.boolean(),
});
export type ProductView = z.infer<typeof productViewSchema>;

export const networkViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  health: networkHealthSchema,
  products: z.array(productViewSchema),
});
export type NetworkView = z.infer<typeof networkViewSchema>;

export const catalogueViewSchema = z.object({
  networks: z.array(networkViewSchema),
  /** When Smartcall last confirmed this catalogue (fresh answer or 304); null = never. */
  refreshedAt: epochMs.nullable(),
  /** True when Smartcall could not be reached and this is the last stored catalogue. */
  fromCache: z.boolean(),
});
export type CatalogueView = z.infer<typeof catalogueViewSchema>;

export const recipientViewSchema = z.object({
  /** Wire form 27XXXXXXXXX. */
  msisdn: z.string(),
  /** As people read it: 082 123 4567. */
  display: z.string(),
  networkId: z.number().int().nullable(),
  networkName: z.string().nullable(),
  ported: z.boolean(),
  /** lookup = Smartcall's SIM network lookup (knows ports); prefix = guessed offline from the number. */
  source: z.enum(['lookup', 'prefix', 'unknown']),
});
export type RecipientView = z.infer<typeof recipientViewSchema>;

export const catalogueChannels = {
  /** The catalogue grouped by network (cached; refreshed with If-None-Match in the background). */
  'catalogue:get': { request: empty, response: catalogueViewSchema },
  /** Ask Smartcall for the catalogue now. */
  'catalogue:refresh': { request: empty, response: catalogueViewSchema },
  /** Normalise a typed number and find its network (ported numbers included), falling back offline. */
  'recipient:lookup': { request: z.object({ number: z.string().max(32) }).strict(), response: recipientViewSchema },
} as const;
