// Request bodies the simulator accepts. The field lists come from the client's wire schemas
// (electron/smartcall/wire.ts), so a renamed or added field shows up on both sides; the VALUES are
// loosened here, because a server must judge bad values with Smartcall's own answers (a missing
// meter is APP_ERROR 8, an out-of-range amount 9, a foreign Smartload ID 403) rather than a schema
// error. Extra keys are ignored, as Jackson does by default.
import { z } from 'zod';
import { cashupRequestSchema, fundsTransferRequestSchema, orderVouchersRequestSchema, rechargeRequestSchema } from '../smartcall/wire';

const str = z.string();

/** 8f recharge / 8g sync / 8i prevend body (identical, OBSERVED). */
export const rechargeBody = rechargeRequestSchema.extend({
  smartloadId: str,
  clientReference: str.min(1),
  smsRecipientMsisdn: str.optional().nullable(),
  deviceId: str.optional().nullable(),
  productId: z.number().int(),
  amount: z.number(),
  sendSms: z.boolean().optional(),
});
export type RechargeBody = z.infer<typeof rechargeBody>;

/** 8h batch body (PROPOSED). Items are validated one by one so one bad item fails alone. */
export const batchBody = z.object({ smartloadId: str, recharges: z.array(z.unknown()) });

/** 8j funds transfer body (OBSERVED). */
export const transferBody = fundsTransferRequestSchema.extend({
  sourceSmartloadId: str,
  recipientSmartloadId: str,
  amount: z.number(),
  sendSms: z.boolean().optional(),
});
export type TransferBody = z.infer<typeof transferBody>;

/** 8k voucher order body (PROPOSED path, V2 names). */
export const orderBody = orderVouchersRequestSchema.extend({
  smartloadId: str,
  clientReference: str.min(1),
  productId: z.number().int(),
  quantity: z.number(),
});
export type OrderBody = z.infer<typeof orderBody>;

/** 8p cashup body (OBSERVED). */
export const cashupBody = cashupRequestSchema.extend({ smartloadId: str, startDate: str, endDate: str });

const idDetails = z.object({
  idNumber: str,
  idType: str,
  passportExpiryDate: str.optional().nullable(),
  idNationality: str.optional().nullable(),
});

/**
 * 9a/9b RICA body (fields FROM-CLIENT-CODE). The simulator's own: every field nullable, so the rules
 * can name exactly which one is missing or wrong (wire.ts's schema is the client's stricter view).
 */
export const ricaBody = z.object({
  agentId: str.nullable().optional(),
  firstName: str.nullable().optional(),
  surname: str.nullable().optional(),
  idDetails: idDetails.nullable().optional(),
  registrationType: str.nullable().optional(),
  subscriberId: str.nullable().optional(),
  last4Iccid: str.nullable().optional(),
  residentialAddress: z
    .object({
      address1: str.nullable().optional(),
      address2: str.nullable().optional(),
      address3: str.nullable().optional(),
      postalCode: str.nullable().optional(),
      country: z.object({ countryCode: str }).nullable().optional(),
    })
    .nullable()
    .optional(),
  previousIdNumber: str.nullable().optional(),
  previousIdType: str.nullable().optional(),
  network: z.object({ id: z.number() }).nullable().optional(),
  businessOwnerIdDetails: z.unknown().optional(),
  altContactNumber: str.nullable().optional(),
});
export type RicaBody = z.infer<typeof ricaBody>;

/** The first problem of a zod failure as "field: message", for an E2 message a person can act on. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
