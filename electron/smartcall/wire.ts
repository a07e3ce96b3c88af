/**
 * The Smartcall V3 wire: zod schemas for every request and response body (API.md §4–§10), and the
 * parsed, cents-based domain types the rest of the till uses.
 *
 * Two layers on purpose:
 *  - `*RequestSchema` / `*ResponseSchema` describe JSON exactly as it crosses the wire (rands).
 *    The simulator (electron/simulator) imports the REQUEST schemas to validate what it receives,
 *    so their names are stable.
 *  - `to*` functions turn a validated response into a domain value (integer cents, basis points,
 *    trimmed codes, normalised statuses) using shared/money, the one module that converts money.
 *
 * Leniency is deliberate and only where real answers vary: space-padded PINs/codes are trimmed,
 * "SUCESSFUL" (V2's spelling) and "SUCCESSFUL" both mean delivered, cashup's `responseCode: null`,
 * unknown health values become "unknown", `profit: null`. Unknown extra keys are ignored
 * (zod objects strip them) so a new field on Smartcall's side never breaks a sale.
 */
import { z } from 'zod';
import { percentToBasisPoints, randsToCents } from '../../shared/money';

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** `27` + 9 digits, as Smartcall wants MSISDNs on the wire. */
export const wireMsisdnSchema = z.string().regex(/^27[1-9]\d{8}$/, 'an MSISDN like 27821234567');

/** `YYYY-MM-DD` (cashup period bounds). */
export const wireDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2018-01-31');

/** A rands amount as a JSON number with at most 4 decimals. */
const randsNumber = z.number().finite();

/** The `error` object some answers carry; `null` on success (RELATED-API: filled on in-band failure). */
export const wireErrorObjectSchema = z.object({ code: z.union([z.number(), z.string()]), message: z.string().nullable().optional() });

/** A string that Smartcall may space-pad (PINs, ticket numbers, type codes): trimmed, `""` → null. */
const paddedString = z
  .string()
  .nullable()
  .optional()
  .transform((s) => {
    const t = s?.trim();
    return t === undefined || t === '' ? null : t;
  });

// ---------------------------------------------------------------------------------------------
// Requests (wire form). Names are stable: the simulator imports them.
// ---------------------------------------------------------------------------------------------

/** 8f recharge body; 8g sync recharge and 8i prevend send the identical body. */
export const rechargeRequestSchema = z.object({
  smartloadId: wireMsisdnSchema,
  clientReference: z.string().min(1).max(64),
  smsRecipientMsisdn: wireMsisdnSchema,
  /** The MSISDN being recharged, or the meter number for electricity. */
  deviceId: z.string().min(1).max(32),
  productId: z.number().int().nonnegative(),
  /** Rands (≤ 2 decimals when built by the client from cents). */
  amount: z.number().finite().nonnegative(),
  pinless: z.boolean(),
  sendSms: z.boolean(),
});
export type RechargeRequest = z.infer<typeof rechargeRequestSchema>;

/** 8g (PROPOSED): same body as 8f. */
export const syncRechargeRequestSchema = rechargeRequestSchema;
/** 8i: same body as 8f (OBSERVED). */
export const prevendRequestSchema = rechargeRequestSchema;

/** 8h batch (PROPOSED). No length cap here on purpose: the server answers BATCH_LIMIT_EXCEEDED above 100. */
export const batchRechargeRequestSchema = z.object({
  smartloadId: wireMsisdnSchema,
  recharges: z.array(rechargeRequestSchema).min(1),
});
export type BatchRechargeRequest = z.infer<typeof batchRechargeRequestSchema>;

/** 8j funds transfer: `amount` is whole rands (V2 type int). */
export const fundsTransferRequestSchema = z.object({
  sourceSmartloadId: wireMsisdnSchema,
  recipientSmartloadId: wireMsisdnSchema,
  amount: z.number().int().positive(),
  sendSms: z.boolean(),
});
export type FundsTransferRequest = z.infer<typeof fundsTransferRequestSchema>;

/** 8p cashup for a period (inclusive dates). */
export const cashupRequestSchema = z.object({
  smartloadId: wireMsisdnSchema,
  startDate: wireDateSchema,
  endDate: wireDateSchema,
});
export type CashupRequest = z.infer<typeof cashupRequestSchema>;

/** 8k order batch vouchers (PROPOSED path; V2 field names). */
export const orderVouchersRequestSchema = z.object({
  smartloadId: wireMsisdnSchema,
  clientReference: z.string().min(1).max(64),
  productId: z.number().int().nonnegative(),
  quantity: z.number().int(),
});
export type OrderVouchersRequest = z.infer<typeof orderVouchersRequestSchema>;

/** RICA identity document. */
export const ricaIdDetailsSchema = z.object({
  idNumber: z.string().min(1),
  idType: z.string().min(1),
  passportExpiryDate: z.string().optional(),
  idNationality: z.string().optional(),
});

/** 9b RICA registration (fields FROM-CLIENT-CODE); 9a change of ownership uses the same body. */
export const ricaRegistrationRequestSchema = z.object({
  agentId: wireMsisdnSchema,
  firstName: z.string().min(1),
  surname: z.string().min(1),
  idDetails: ricaIdDetailsSchema.nullable(),
  registrationType: z.string().nullable(),
  subscriberId: z.string().min(1),
  last4Iccid: z.string().regex(/^\d{4}$/),
  residentialAddress: z
    .object({
      address1: z.string(),
      address2: z.string().optional(),
      address3: z.string().optional(),
      postalCode: z.string(),
      country: z.object({ countryCode: z.string() }),
    })
    .nullable(),
  previousIdNumber: z.string().nullable(),
  previousIdType: z.string().nullable(),
  network: z.object({ id: z.number().int() }).nullable(),
  businessOwnerIdDetails: ricaIdDetailsSchema.nullable(),
  altContactNumber: z.string().optional(),
});
export type RicaRegistrationRequest = z.infer<typeof ricaRegistrationRequestSchema>;
/** 9a: same body as 9b (OBSERVED request). */
export const ricaChangeOwnershipRequestSchema = ricaRegistrationRequestSchema;

// ---------------------------------------------------------------------------------------------
// Responses (wire form)
// ---------------------------------------------------------------------------------------------

/** E1: the auth envelope every protected endpoint answers 401 (and 429) with. */
export const authEnvelopeSchema = z.object({
  responseDescription: z.string().nullable(),
  accessToken: z.string().nullable().optional(),
  tokenType: z.string().nullable().optional(),
  expiresAt: z.number().nullable().optional(),
  scope: z.string().nullable().optional(),
});

/** E2: `{code, message}` bodies on HTTP 400/403. */
export const codeMessageSchema = z.object({ code: z.number(), message: z.string() });

/** Aa: a successful login. */
export const authResponseSchema = z.object({
  responseDescription: z.string().nullable().optional(),
  accessToken: z.string().min(1),
  tokenType: z.string().nullable().optional(),
  expiresAt: z.number().int(),
  scope: z.string().nullable().optional(),
});

/** Ab: token invalidation success (E1-shaped with a success description). */
export const invalidateResponseSchema = authEnvelopeSchema;

/** Ac/Ad: token flush and token query. */
export const availableTokensResponseSchema = z.object({ availableTokens: z.number().int() });

/** A0: ping. */
export const pingResponseSchema = z.object({ response: z.string() });

/** The fields every Smartload answer carries. */
const smartloadBase = {
  error: wireErrorObjectSchema.nullable().optional(),
  responseCode: z.string().nullable().optional(),
};

/** 8a balance. */
export const balanceResponseSchema = z.object({ ...smartloadBase, balance: randsNumber });

/** Catalogue product row (§8). */
export const productWireSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable().optional(),
  typeCode: z.string().nullable().optional(),
  minAmount: randsNumber,
  maxAmount: randsNumber,
  discountPercentage: z.number().finite(),
  retailValue: randsNumber,
  pinIndicator: z.boolean(),
  smsIndicator: z.boolean(),
});
export const productTypeWireSchema = z.object({
  id: z.number().int(),
  code: z.string().nullable().optional(),
  description: z.string(),
  fixedAmount: z.boolean(),
  products: z.array(productWireSchema),
});
export const networkWireSchema = z.object({
  id: z.number().int(),
  description: z.string(),
  productTypes: z.array(productTypeWireSchema),
});
/** 8c one network (not wrapped). */
export const networkResponseSchema = networkWireSchema;
/** 8d all networks. */
export const networksResponseSchema = z.object({ networks: z.array(networkWireSchema) });
/** 8b product: the id appears once per smsIndicator value. */
export const productsResponseSchema = z.object({ products: z.array(productWireSchema) });

/** 8e dealer registration check. */
export const registeredResponseSchema = z.object({ ...smartloadBase, registered: z.boolean() });

/** 8f `recharge` object. */
export const rechargeResultWireSchema = z.object({
  balance: randsNumber.nullable().optional(),
  orderReferenceId: z.union([z.number().int(), z.string()]),
  ticketNumber: paddedString,
  boxNumber: paddedString,
  batchNumber: paddedString,
  voucherPin: paddedString,
  additionalVoucherPin: paddedString,
  expiryDate: z.number().nullable().optional(),
  retailPrice: z.union([z.string(), z.number()]).nullable().optional(),
  dealerDiscount: z.union([z.string(), z.number()]).nullable().optional(),
});

/** 8n `transaction` object. */
export const transactionWireSchema = z.object({
  description: z.string().nullable().optional(),
  network: z.string().nullable().optional(),
  recipientMsisdn: z.string().nullable().optional(),
  statusDate: z.number().nullable().optional(),
  reference: z.union([z.string(), z.number()]).nullable().optional(),
  amount: z.union([z.string(), z.number()]).nullable().optional(),
  discount: z.union([z.string(), z.number()]).nullable().optional(),
  cost: z.union([z.string(), z.number()]).nullable().optional(),
  status: z.string().nullable().optional(),
  statusId: z.string().nullable().optional(),
  ticketNumber: paddedString,
  voucherPin: paddedString,
  additionalVoucherPin: paddedString,
  boxNumber: paddedString,
  batchNumber: paddedString,
  expiryDate: z.number().nullable().optional(),
});

/** 8f recharge answer. */
export const rechargeResponseSchema = z.object({ ...smartloadBase, recharge: rechargeResultWireSchema });
/** 8g sync recharge answer (PROPOSED): 8f plus an optional final transaction. */
export const syncRechargeResponseSchema = z.object({
  ...smartloadBase,
  recharge: rechargeResultWireSchema.nullable().optional(),
  transaction: transactionWireSchema.nullable().optional(),
});
/** 8h one item of a batch answer (PROPOSED). */
export const batchItemWireSchema = z.object({
  clientReference: z.string(),
  error: wireErrorObjectSchema.nullable().optional(),
  responseCode: z.string().nullable().optional(),
  recharge: rechargeResultWireSchema.nullable().optional(),
});
/** 8h batch answer (PROPOSED). */
export const batchRechargeResponseSchema = z.object({ ...smartloadBase, recharges: z.array(batchItemWireSchema).default([]) });

/** 8i prevend answer: always HTTP 200; `message` is the network's text. */
export const prevendResponseSchema = z.object({ responseCode: z.string(), message: z.string().nullable().optional() });

/** 8j funds transfer answer. */
export const fundsTransferResponseSchema = z.object({
  ...smartloadBase,
  newDealerBalance: randsNumber.nullable().optional(),
  currentDealerBalance: randsNumber.nullable().optional(),
});

/** 8k / 8m order answer (PROPOSED path; V2 fields). */
export const orderVouchersResponseSchema = z.object({
  ...smartloadBase,
  recharge: rechargeResultWireSchema.partial().nullable().optional(),
  orderReferenceId: z.union([z.number().int(), z.string()]).nullable().optional(),
  filePassword: z.string().nullable().optional(),
});
/** 8l order file (PROPOSED path; V2 fields): base64 zip. */
export const orderFileResponseSchema = z.object({
  ...smartloadBase,
  orderReferenceId: z.union([z.number().int(), z.string()]).nullable().optional(),
  fileName: z.string().nullable().optional(),
  file: z.string().nullable().optional(),
});

/** 8n transaction enquiry answer. */
export const transactionResponseSchema = z.object({ ...smartloadBase, transaction: transactionWireSchema });

/** 8o/8p one cashup row (rands, 4 dp; debits negative; `profit` may be null). */
export const cashupItemWireSchema = z.object({
  groupDescription: z.string(),
  itemDescription: z.string().nullable().optional(),
  itemCount: z.number().int().nullable().optional(),
  amount: randsNumber.nullable().optional(),
  netAmount: randsNumber.nullable().optional(),
  profit: randsNumber.nullable().optional(),
});
/** 8o/8p cashup answer: `responseCode` is null even on success (OBSERVED). */
export const cashupResponseSchema = z.object({ ...smartloadBase, cashupResponseItems: z.array(cashupItemWireSchema) });

/** 9a/9b RICA answer (FROM-CLIENT-CODE + PROPOSED). */
export const ricaResponseSchema = z.object({
  ...smartloadBase,
  ricaReference: z.union([z.string(), z.number()]).nullable().optional(),
  message: z.string().nullable().optional(),
});
/** 9c RICA status (PROPOSED). */
export const ricaStatusResponseSchema = z.object({
  ...smartloadBase,
  ricaReference: z.union([z.string(), z.number()]).nullable().optional(),
  msisdn: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  statusDescription: z.string().nullable().optional(),
  statusDate: z.number().nullable().optional(),
});

/** 10a SIM network. */
export const simNetworkResponseSchema = z.object({
  msisdn: z.string(),
  queryDate: z.string().nullable().optional(),
  ported: z.boolean(),
  network: z.string(),
  error: wireErrorObjectSchema.nullable().optional(),
});

/** 10b network health: a flat object, one key per network. Values are not trusted (see {@link toHealth}). */
export const healthResponseSchema = z.record(z.string(), z.unknown());

// ---------------------------------------------------------------------------------------------
// Domain (parsed) types: integer cents, basis points, trimmed strings
// ---------------------------------------------------------------------------------------------

/** One catalogue product (one row per smsIndicator value, as Smartcall sends it). */
export type Product = {
  id: number;
  name: string;
  description: string;
  /** Trimmed ("A ", "SD" → "A", "SD"); null for products without a type code (Big Bonus). */
  typeCode: string | null;
  minCents: number;
  maxCents: number;
  /** Dealer discount in basis points (5.5 % → 550). */
  discountBp: number;
  /** The fixed price; null for open-amount products (Smartcall's sentinel 99999.99). */
  retailCents: number | null;
  /** True when the amount is chosen by the customer (min < max or the retail sentinel). */
  openAmount: boolean;
  /** True = a PIN/token is issued (voucher, electricity); false = pinless direct top-up. */
  pinIndicator: boolean;
  smsIndicator: boolean;
};
export type ProductType = { id: number; code: string | null; description: string; fixedAmount: boolean; products: Product[] };
export type Network = { id: number; description: string; productTypes: ProductType[] };

/** An accepted (async) recharge: SUCCESS means accepted by Smartcall, not delivered. */
export type RechargeResult = {
  orderReferenceId: string;
  /** Wallet balance after the debit; null when not sent. */
  balanceCents: number | null;
  retailPriceCents: number | null;
  dealerDiscountBp: number | null;
  ticketNumber: string | null;
  boxNumber: string | null;
  batchNumber: string | null;
  /** A PIN is cash: never log it. */
  voucherPin: string | null;
  additionalVoucherPin: string | null;
  expiryDate: number | null;
};

/** What a transaction's status means for the till (API.md §10). */
export type TransactionStatus = 'pending' | 'successful' | 'failed' | 'unknown';

/** 8n transaction enquiry result. */
export type Transaction = {
  description: string | null;
  /** Smartcall calls it `network`; it is the product name ("2000 SMS-R450"). */
  productName: string | null;
  recipientMsisdn: string | null;
  statusDate: number | null;
  orderReferenceId: string | null;
  amountCents: number | null;
  discountBp: number | null;
  costCents: number | null;
  /** Human text; varies by network, never parse it. */
  statusText: string | null;
  /** The raw machine status ("PENDING", "SUCESSFUL"...), trimmed. */
  statusId: string | null;
  status: TransactionStatus;
  ticketNumber: string | null;
  voucherPin: string | null;
  additionalVoucherPin: string | null;
  boxNumber: string | null;
  batchNumber: string | null;
  expiryDate: number | null;
};

/** 8g: final unless `pending` (then poll the enquiry). */
export type SyncRechargeResult = {
  status: TransactionStatus;
  recharge: RechargeResult | null;
  transaction: Transaction | null;
};

/** 8h one item: either accepted (with its recharge) or refused (with its code and message). */
export type BatchItemResult =
  | { clientReference: string; ok: true; recharge: RechargeResult | null }
  | { clientReference: string; ok: false; responseCode: string | null; errorCode: string | null; message: string };
/** 8h batch: SUCCESS / PART_SUCCESS / FAILURE per the spec, with every item. */
export type BatchRechargeResult = { responseCode: string; items: BatchItemResult[] };

/** 8i prevend: what the network said (the message is its unfiltered text). */
export type PrevendResult = { responseCode: string; message: string | null };

/** 8j funds transfer. */
export type FundsTransferResult = { sourceBalanceCents: number | null; recipientBalanceCents: number | null };

/** 8k / 8m voucher order. The password opens the zip later: treat it as a secret. */
export type VoucherOrder = { orderReferenceId: string | null; filePassword: string | null; balanceCents: number | null };

/** 8l the order file (a password-protected zip). */
export type VoucherOrderFile = { orderReferenceId: string | null; fileName: string | null; bytes: Uint8Array };

/** One cashup row (amounts in cents, debits negative). */
export type CashupItem = {
  group: string;
  item: string;
  count: number;
  amountCents: number;
  netAmountCents: number;
  profitCents: number | null;
};
export type Cashup = { items: CashupItem[] };

/** 9a/9b RICA submission. */
export type RicaResult = { responseCode: string | null; ricaReference: string | null; message: string | null };
/** 9c RICA status (PROPOSED). */
export type RicaStatus = {
  ricaReference: string | null;
  msisdn: string | null;
  status: string | null;
  statusDescription: string | null;
  statusDate: number | null;
};

/** 10a which network a SIM is on now (after porting). */
export type SimNetwork = { msisdn: string; queryDate: string | null; ported: boolean; network: string };

/** 10b one network's health. */
export type NetworkHealth = 'up' | 'down' | 'unknown';
export type HealthReport = Record<string, NetworkHealth>;

/** A successful login (the token is a secret: never log it). */
export type AuthToken = { accessToken: string; expiresAt: number; scope: string[] };

// ---------------------------------------------------------------------------------------------
// Converters: wire → domain
// ---------------------------------------------------------------------------------------------

/** Smartcall's "open amount" retail sentinel. */
export const OPEN_AMOUNT_RETAIL_SENTINEL_CENTS = 9_999_999;

const text = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v).trim() || null);

/** Cashup, balances: Smartcall sends 4 dp and a wallet can carry a fraction of a cent after a discount; round half away. */
const reportCents = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : randsToCents(v, 'round'));
/** Prices and amounts of a sale: exact, a fraction of a cent is refused. */
const priceCents = (v: string | number | null | undefined): number | null => (v === null || v === undefined || v === '' ? null : randsToCents(v));
const bp = (v: string | number | null | undefined): number | null => (v === null || v === undefined || v === '' ? null : percentToBasisPoints(v));

/** Converts a catalogue product row. */
export function toProduct(p: z.infer<typeof productWireSchema>): Product {
  const minCents = randsToCents(p.minAmount);
  const maxCents = randsToCents(p.maxAmount);
  const retail = randsToCents(p.retailValue, 'round');
  const sentinel = retail === OPEN_AMOUNT_RETAIL_SENTINEL_CENTS;
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? p.name,
    typeCode: text(p.typeCode),
    minCents,
    maxCents,
    discountBp: percentToBasisPoints(p.discountPercentage),
    retailCents: sentinel ? null : randsToCents(p.retailValue),
    openAmount: sentinel || minCents !== maxCents,
    pinIndicator: p.pinIndicator,
    smsIndicator: p.smsIndicator,
  };
}

/** Converts one network with its product types. */
export function toNetwork(n: z.infer<typeof networkWireSchema>): Network {
  return {
    id: n.id,
    description: n.description,
    productTypes: n.productTypes.map((t) => ({
      id: t.id,
      code: text(t.code),
      description: t.description,
      fixedAmount: t.fixedAmount,
      products: t.products.map(toProduct),
    })),
  };
}

/** Converts a `recharge` object. */
export function toRechargeResult(r: z.infer<typeof rechargeResultWireSchema>): RechargeResult {
  return {
    orderReferenceId: String(r.orderReferenceId).trim(),
    balanceCents: reportCents(r.balance),
    retailPriceCents: priceCents(r.retailPrice),
    dealerDiscountBp: bp(r.dealerDiscount),
    ticketNumber: r.ticketNumber,
    boxNumber: r.boxNumber,
    batchNumber: r.batchNumber,
    voucherPin: r.voucherPin,
    additionalVoucherPin: r.additionalVoucherPin,
    expiryDate: r.expiryDate ?? null,
  };
}

/** Maps a machine status id to what it means (API.md §10); anything unrecognised is "unknown". */
export function toTransactionStatus(statusId: string | null | undefined): TransactionStatus {
  switch (statusId?.trim().toUpperCase()) {
    case 'PENDING':
    case 'REQUESTED':
    case '1':
    case '2':
      return 'pending';
    case 'SUCESSFUL':
    case 'SUCCESSFUL':
    case 'SUCCESS':
    case '3':
      return 'successful';
    case 'FAILED':
    case 'FAILURE':
    case '4':
      return 'failed';
    default:
      return 'unknown';
  }
}

/** Converts a `transaction` object. */
export function toTransaction(t: z.infer<typeof transactionWireSchema>): Transaction {
  return {
    description: text(t.description),
    productName: text(t.network),
    recipientMsisdn: text(t.recipientMsisdn),
    statusDate: t.statusDate ?? null,
    orderReferenceId: text(t.reference),
    amountCents: priceCents(t.amount),
    discountBp: bp(t.discount),
    costCents: priceCents(t.cost),
    statusText: text(t.status),
    statusId: text(t.statusId),
    status: toTransactionStatus(t.statusId),
    ticketNumber: t.ticketNumber,
    voucherPin: t.voucherPin,
    additionalVoucherPin: t.additionalVoucherPin,
    boxNumber: t.boxNumber,
    batchNumber: t.batchNumber,
    expiryDate: t.expiryDate ?? null,
  };
}

/** Converts a cashup answer. */
export function toCashup(c: z.infer<typeof cashupResponseSchema>): Cashup {
  return {
    items: c.cashupResponseItems.map((i) => ({
      group: i.groupDescription.trim(),
      item: (i.itemDescription ?? '').trim(),
      count: i.itemCount ?? 0,
      amountCents: reportCents(i.amount) ?? 0,
      netAmountCents: reportCents(i.netAmount) ?? 0,
      profitCents: reportCents(i.profit),
    })),
  };
}

/** Health values: "UP"/"DOWN" in any case; anything else (or a non-string) is "unknown". */
export function toHealth(h: Record<string, unknown>): HealthReport {
  const out: HealthReport = {};
  for (const [key, value] of Object.entries(h)) {
    const v = typeof value === 'string' ? value.trim().toUpperCase() : '';
    out[key] = v === 'UP' ? 'up' : v === 'DOWN' ? 'down' : 'unknown';
  }
  return out;
}

/** Converts a login answer; the scope is a comma-separated string on the wire. */
export function toAuthToken(a: z.infer<typeof authResponseSchema>): AuthToken {
  return {
    accessToken: a.accessToken,
    expiresAt: a.expiresAt,
    scope: (a.scope ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
  };
}

/** `responseCode` values that mean success for Smartload answers ("Success" from RICA in mixed case). */
export function isSuccessCode(code: string | null | undefined): boolean {
  const c = code?.trim().toUpperCase();
  return c === 'SUCCESS' || c === 'SUCCESSFUL' || c === 'SUCESSFUL';
}
