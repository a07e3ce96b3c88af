import { describe, expect, it } from 'vitest';
import { fromAcceptedRecharge, fromBatchItem, fromSendFailure, fromSyncRecharge, fromTransaction } from '../../../../electron/core/sales/outcome';
import { asGatewayFailure, type GatewayTransaction } from '../../../../electron/core/sales/ports';
import { SmartcallError } from '../../../../electron/smartcall';

const failure = (over: Partial<ConstructorParameters<typeof SmartcallError>[0]> & { kind: 'transport' | 'auth' | 'http' | 'api' }) =>
  new SmartcallError({ code: 'X', message: 'm', serverMessage: null, operation: 'recharge', outcomeUnknown: false, status: 400, responseCode: null, apiCode: null, ...over } as ConstructorParameters<typeof SmartcallError>[0]);

const tx = (over: Partial<GatewayTransaction>): GatewayTransaction => ({
  orderReferenceId: '130078272',
  costCents: 4725,
  status: 'pending',
  statusId: 'PENDING',
  ticketNumber: null,
  voucherPin: null,
  additionalVoucherPin: null,
  boxNumber: null,
  batchNumber: null,
  expiryDate: null,
  ...over,
});

describe('what an answer means for the journal', () => {
  it('an accepted async recharge is submitted, never delivered', () => {
    const v = fromAcceptedRecharge({ orderReferenceId: '1', retailPriceCents: 100, ticketNumber: null, boxNumber: null, batchNumber: null, voucherPin: null, additionalVoucherPin: null, expiryDate: null });
    expect(v).toMatchObject({ to: 'submitted', patch: { orderReferenceId: '1' } });
  });

  it('the enquiry: successful → delivered with cost, failed → failed, pending → submitted, anything else → no change', () => {
    expect(fromTransaction(tx({ status: 'successful', statusId: 'SUCESSFUL' }))).toMatchObject({ to: 'delivered', patch: { costCents: 4725, orderReferenceId: '130078272' } });
    expect(fromTransaction(tx({ status: 'failed', statusId: 'FAILED' })).to).toBe('failed');
    expect(fromTransaction(tx({ status: 'pending' })).to).toBe('submitted');
    expect(fromTransaction(tx({ status: 'unknown', statusId: 'WEIRD' })).to).toBeUndefined();
  });

  it('a voucher PIN from the answer goes to the patch (sealed by the store), not to a message', () => {
    const v = fromTransaction(tx({ status: 'successful', voucherPin: '1234567890', ticketNumber: 'T' }));
    expect(v.patch).toMatchObject({ voucherPin: '1234567890', voucherTicketNumber: 'T' });
    expect(v.patch.error).toBeNull();
  });

  it('a sync answer follows its status', () => {
    expect(fromSyncRecharge({ status: 'successful', recharge: null, transaction: null }).to).toBe('delivered');
    expect(fromSyncRecharge({ status: 'pending', recharge: null, transaction: null }).to).toBe('submitted');
    expect(fromSyncRecharge({ status: 'failed', recharge: null, transaction: tx({ status: 'failed' }) }).to).toBe('failed');
    expect(fromSyncRecharge({ status: 'unknown', recharge: null, transaction: null }).to).toBe('unknown');
  });

  it.each([
    ['a timeout after sending', failure({ kind: 'transport', code: 'SMARTCALL_TIMEOUT', outcomeUnknown: true }), 'unknown'],
    ['a 5xx on a recharge', failure({ kind: 'http', code: 'SMARTCALL_SERVER_ERROR', outcomeUnknown: true }), 'unknown'],
    ['1001 duplicate reference (something landed)', failure({ kind: 'api', code: 'SMARTCALL_API_ERROR_1001', apiCode: 1001 }), 'unknown'],
    ['1003 internal timeout', failure({ kind: 'api', code: 'SMARTCALL_API_ERROR_1003', apiCode: 1003 }), 'unknown'],
    ['1004 submission failed, query to confirm', failure({ kind: 'api', code: 'SMARTCALL_API_ERROR_1004', apiCode: 1004 }), 'unknown'],
    ['SYS_ERROR', failure({ kind: 'api', code: 'SMARTCALL_SYS_ERROR' }), 'unknown'],
    ['something that is not a Smartcall error', new Error('boom'), 'unknown'],
    ['connection refused before sending', failure({ kind: 'transport', code: 'SMARTCALL_CONNECTION_REFUSED' }), 'failed'],
    ['APP_ERROR 15 (no money in the wallet)', failure({ kind: 'api', code: 'SMARTCALL_APP_ERROR_15', apiCode: 15 }), 'failed'],
    ['a 401 (nothing was processed)', failure({ kind: 'auth', code: 'SMARTCALL_AUTH_TOKEN_INVALID', status: 401 }), 'failed'],
  ])('%s → %s', (_name, error, to) => {
    const v = fromSendFailure(error);
    expect(v.to).toBe(to);
    expect(v.patch.error?.code).toBe(to === 'unknown' ? 'SALE_OUTCOME_UNKNOWN' : (error as SmartcallError).code);
  });

  it('batch items: accepted, refused, "check first" and missing', () => {
    expect(fromBatchItem({ clientReference: 'a', ok: true, recharge: null }).to).toBe('submitted');
    expect(fromBatchItem({ clientReference: 'a', ok: false, responseCode: 'APP_ERROR', errorCode: 'SMARTCALL_APP_ERROR_9', message: 'bad amount' })).toMatchObject({ to: 'failed', patch: { error: { code: 'SMARTCALL_APP_ERROR_9' } } });
    expect(fromBatchItem({ clientReference: 'a', ok: false, responseCode: 'APP_ERROR', errorCode: 'SMARTCALL_API_ERROR_1003', message: 'timeout' }).to).toBe('unknown');
    expect(fromBatchItem(undefined).to).toBe('unknown');
  });

  it('reads gateway failures structurally and ignores other throwables', () => {
    expect(asGatewayFailure(failure({ kind: 'api', code: 'C', apiCode: 7 }))).toMatchObject({ kind: 'api', code: 'C', apiCode: 7, outcomeUnknown: false });
    expect(asGatewayFailure(new Error('x'))).toBeUndefined();
    expect(asGatewayFailure({ kind: 'weird', code: 'C', outcomeUnknown: true })).toBeUndefined();
    expect(asGatewayFailure(null)).toBeUndefined();
  });
});
