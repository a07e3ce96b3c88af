import { z } from 'zod';
import { clientReference, epochMs, nonNegativeCents } from './common';

/** Selling, the journal's view of sales, and their live updates. */

export const saleStateSchema = z.enum(['intent', 'submitted', 'delivered', 'failed', 'unknown', 'queued', 'cancelled']);
export type SaleStateView = z.infer<typeof saleStateSchema>;

export const saleKindSchema = z.enum(['pinless', 'voucher', 'data', 'sms', 'electricity', 'bundle', 'other']);

export const voucherViewSchema = z.object({
  /** The voucher PIN or electricity token: cash. Shown to the cashier for this sale; never logged. */
  pin: z.string().nullable(),
  /** Free basic electricity units PIN, when Smartcall sends one. */
  extraPin: z.string().nullable(),
  serial: z.string().nullable(),
  batchNumber: z.string().nullable(),
  boxNumber: z.string().nullable(),
  expiresAt: epochMs.nullable(),
});

export const saleViewSchema = z.object({
  clientReference,
  kind: saleKindSchema,
  state: saleStateSchema,
  productId: z.number().int().nullable(),
  productName: z.string().nullable(),
  network: z.string().nullable(),
  recipient: z.string().nullable(),
  meterNumber: z.string().nullable(),
  /** What the customer pays. */
  amountCents: nonNegativeCents,
  /** What the dealer wallet pays (amount less discount), once Smartcall has said. */
  costCents: nonNegativeCents.nullable(),
  orderReferenceId: z.string().nullable(),
  voucher: voucherViewSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  cashierName: z.string().nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
  /** Failed after it was first shown as accepted/unknown: the screen keeps a notice up until acknowledged. */
  needsAttention: z.boolean(),
});
export type SaleView = z.infer<typeof saleViewSchema>;

export const saleEventViewSchema = z.object({
  at: epochMs,
  from: saleStateSchema.nullable(),
  to: saleStateSchema,
  cause: z.string(),
});

export const sellRequestSchema = z
  .object({
    productId: z.number().int().positive(),
    /** The number as the cashier typed it; the core normalises and refuses a bad one. */
    recipient: z.string().trim().min(1, 'Type the cell number.').max(32),
    /** For open-amount products; fixed-price products sell at their price whatever is sent. */
    amountCents: nonNegativeCents.max(10_000_000).optional(),
    meterNumber: z.string().trim().max(32).optional(),
    sendSms: z.boolean().default(false),
    /** The reference a prevend used: the recharge must reuse it. */
    clientReference: clientReference.optional(),
    /** Ask for a final answer (synchronous recharge) instead of an accepted-then-check one. */
    synchronous: z.boolean().default(false),
  })
  .strict();
export type SellRequest = z.input<typeof sellRequestSchema>;

export const listSalesRequestSchema = z
  .object({
    /** Number, meter, reference or product name fragment. */
    text: z.string().trim().max(64).optional(),
    state: saleStateSchema.optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const salesChannels = {
  /** Check a pinless Vodacom/MTN recharge with the network before the cash is taken. */
  'sales:prevend': {
    request: z
      .object({ productId: z.number().int().positive(), recipient: z.string().trim().min(1).max(32), amountCents: nonNegativeCents.max(10_000_000) })
      .strict(),
    response: z.object({ clientReference, accepted: z.boolean(), message: z.string() }),
  },
  /** Sell: journaled before the wire; answers with what is known now (accepted, delivered, failed, queued, unknown). */
  'sales:sell': { request: sellRequestSchema, response: saleViewSchema },
  /** One sale with its event timeline. */
  'sales:get': {
    request: z.object({ clientReference }).strict(),
    response: z.object({ sale: saleViewSchema, events: z.array(saleEventViewSchema) }),
  },
  /** Search the journal, newest first. */
  'sales:list': {
    request: listSalesRequestSchema,
    response: z.object({ items: z.array(saleViewSchema), nextCursor: z.string().nullable() }),
  },
  /** How many sales are not final, and how many need a person. */
  'sales:pending': {
    request: z.object({}).strict(),
    response: z.object({ unresolved: z.number().int(), queued: z.number().int(), needsAttention: z.number().int() }),
  },
  /**
   * Show a sale's voucher PIN or electricity token: the first time when it arrived after the sale was
   * answered (the reconciler brought it), a marked copy every later time. Every showing is recorded.
   */
  'sales:reveal': {
    request: z.object({ clientReference }).strict(),
    response: z.object({ sale: saleViewSchema, copy: z.boolean() }),
  },
  /** The cashier has seen the failure notice of this sale (and refunded the customer). */
  'sales:acknowledge': { request: z.object({ clientReference }).strict(), response: saleViewSchema },
  /** Supervisor only: cancel a sale queued offline before it is forwarded. */
  'sales:cancelQueued': { request: z.object({ clientReference }).strict(), response: saleViewSchema },
  /** Many recharges at once (split into batches of 100); progress arrives as `batch:progress`. */
  'sales:batch': {
    request: z
      .object({
        items: z
          .array(
            z
              .object({
                productId: z.number().int().positive(),
                recipient: z.string().trim().min(1).max(32),
                amountCents: nonNegativeCents.max(10_000_000).optional(),
                meterNumber: z.string().trim().max(32).optional(),
                sendSms: z.boolean().default(false),
              })
              .strict(),
          )
          .min(1)
          .max(1000),
      })
      .strict(),
    response: z.object({ batchId: z.string(), count: z.number().int() }),
  },
} as const;

export const salesEvents = {
  /** A sale changed state (sold, resolved by the reconciler, forwarded, cancelled, acknowledged). */
  'sale:changed': saleViewSchema,
  /** Progress of a batch sale. */
  'batch:progress': z.object({ batchId: z.string(), done: z.number().int(), total: z.number().int(), failed: z.number().int() }),
} as const;
