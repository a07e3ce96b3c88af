import { describe, expect, it } from 'vitest';
import {
  cashupResponseSchema,
  healthResponseSchema,
  isSuccessCode,
  networkWireSchema,
  rechargeRequestSchema,
  rechargeResponseSchema,
  toCashup,
  toHealth,
  toNetwork,
  toRechargeResult,
  toTransaction,
  toTransactionStatus,
  transactionResponseSchema,
} from '../../../electron/smartcall/wire';

describe('wire leniency where real answers vary', () => {
  it('trims space-padded voucher fields (RELATED-API padding) and maps "" to null', () => {
    const body = {
      error: null,
      responseCode: 'SUCCESS',
      recharge: {
        balance: 99574.75, orderReferenceId: 130078272, ticketNumber: '13950628970         ', boxNumber: '5259828', batchNumber: '52659281',
        voucherPin: '713457265222    ', expiryDate: 1580076000000, retailPrice: '2.00', dealerDiscount: '5.3',
      },
    };
    const r = toRechargeResult(rechargeResponseSchema.parse(body).recharge);
    expect(r).toMatchObject({ ticketNumber: '13950628970', voucherPin: '713457265222', retailPriceCents: 200, dealerDiscountBp: 530, expiryDate: 1580076000000 });
    const pinless = toRechargeResult(rechargeResponseSchema.parse({ ...body, recharge: { ...body.recharge, voucherPin: '', ticketNumber: '' } }).recharge);
    expect(pinless.voucherPin).toBeNull();
    expect(pinless.ticketNumber).toBeNull();
  });

  it('accepts both SUCESSFUL (V2 spelling) and SUCCESSFUL; unknown statuses stay unknown', () => {
    expect(toTransactionStatus('SUCESSFUL')).toBe('successful');
    expect(toTransactionStatus('SUCCESSFUL')).toBe('successful');
    expect(toTransactionStatus(' PENDING ')).toBe('pending');
    expect(toTransactionStatus('REQUESTED')).toBe('pending');
    expect(toTransactionStatus('FAILED')).toBe('failed');
    expect(toTransactionStatus('WEIRD')).toBe('unknown');
    expect(toTransactionStatus(null)).toBe('unknown');
    expect(isSuccessCode('Success')).toBe(true);
    expect(isSuccessCode('APP_ERROR')).toBe(false);
  });

  it('reads an electricity token with spaces intact inside, trimmed outside', () => {
    const t = toTransaction(
      transactionResponseSchema.parse({
        error: null,
        responseCode: 'SUCCESS',
        transaction: { reference: '1', amount: 'R100.00', discount: '0.00%', cost: 'R100.00', statusId: 'SUCESSFUL', voucherPin: ' 6559 0769 8171 3340 3636 ', ticketNumber: null },
      }).transaction,
    );
    expect(t).toMatchObject({ status: 'successful', voucherPin: '6559 0769 8171 3340 3636', amountCents: 10000, discountBp: 0 });
  });

  it('cashup: responseCode null and profit null are fine', () => {
    const c = toCashup(cashupResponseSchema.parse({ error: null, responseCode: null, cashupResponseItems: [{ groupDescription: 'Total Profit', itemDescription: '', itemCount: 0, amount: 0, netAmount: 0, profit: null }] }));
    expect(c.items).toEqual([{ group: 'Total Profit', item: '', count: 0, amountCents: 0, netAmountCents: 0, profitCents: null }]);
  });

  it('health: unknown values and odd keys become "unknown"', () => {
    expect(toHealth(healthResponseSchema.parse({ vodacom: 'UP', mtn: 'down', cellc: 'MAINTENANCE', telkom: null, rain: 1 }))).toEqual({
      vodacom: 'up', mtn: 'down', cellc: 'unknown', telkom: 'unknown', rain: 'unknown',
    });
  });

  it('catalogue: type codes trimmed, the 99999.99 retail sentinel means open amount, null codes kept null', () => {
    const n = toNetwork(
      networkWireSchema.parse({
        id: 1, description: 'Vodacom',
        productTypes: [
          { id: 1, code: 'A ', description: 'Airtime', fixedAmount: false, products: [{ id: 62, name: 'Vodacom Airtime', description: 'Vodacom Airtime', typeCode: 'A ', minAmount: 2, maxAmount: 1000, discountPercentage: 5.5, retailValue: 99999.99, pinIndicator: false, smsIndicator: false }] },
          { id: 4, code: null, description: 'Big Bonus Recharge', fixedAmount: true, products: [{ id: 9, name: 'Big Bonus', description: 'Big Bonus', typeCode: null, minAmount: 12, maxAmount: 12, discountPercentage: 4.95, retailValue: 12, pinIndicator: false, smsIndicator: true }] },
        ],
      }),
    );
    expect(n.productTypes[0]?.code).toBe('A');
    expect(n.productTypes[0]?.products[0]).toMatchObject({ typeCode: 'A', retailCents: null, openAmount: true, minCents: 200, maxCents: 100000, discountBp: 550 });
    expect(n.productTypes[1]?.code).toBeNull();
    expect(n.productTypes[1]?.products[0]).toMatchObject({ typeCode: null, retailCents: 1200, openAmount: false, discountBp: 495 });
  });

  it('request schema refuses what Smartcall would refuse (local form MSISDNs, negative amounts)', () => {
    const ok = { smartloadId: '27813272161', clientReference: 'x', smsRecipientMsisdn: '27831234567', deviceId: '27831234567', productId: 22, amount: 100, pinless: true, sendSms: true };
    expect(rechargeRequestSchema.safeParse(ok).success).toBe(true);
    expect(rechargeRequestSchema.safeParse({ ...ok, smartloadId: '0813272161' }).success).toBe(false);
    expect(rechargeRequestSchema.safeParse({ ...ok, amount: -1 }).success).toBe(false);
  });
});
