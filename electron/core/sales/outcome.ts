/**
 * Pure mapping from what Smartcall answered (or how it failed) to the journal's next state. One place,
 * used by the engine for first answers and by the reconciler for enquiries and resends, so both say
 * exactly the same thing about the same answer.
 */
import type { SalePatch, SaleState } from '../../store';
import { asGatewayFailure, type GatewayBatchItem, type GatewayRecharge, type GatewaySyncRecharge, type GatewayTransaction } from './ports';

/** Where a sale should go next, why, and what to keep. `to: undefined` = no change (ask again later). */
export type Verdict = {
  to: SaleState | undefined;
  cause: string;
  patch: SalePatch;
  /** The answer to log (redacted by the store). */
  raw: unknown;
};

// Smartcall codes that mean "it may well have happened: look it up before doing anything else".
// 1001 duplicate reference (the reference exists, so something landed), 1003 internal timeout,
// 1004 submission failed "query to confirm".
const checkFirstCodes = new Set([1001, 1003, 1004]);

function voucherPatch(v: {
  ticketNumber: string | null;
  boxNumber: string | null;
  batchNumber: string | null;
  voucherPin: string | null;
  additionalVoucherPin: string | null;
  expiryDate: number | null;
}): SalePatch {
  const patch: SalePatch = {};
  if (v.voucherPin) patch.voucherPin = v.voucherPin;
  if (v.additionalVoucherPin) patch.voucherExtraPin = v.additionalVoucherPin;
  if (v.ticketNumber) patch.voucherTicketNumber = v.ticketNumber;
  if (v.boxNumber) patch.voucherBoxNumber = v.boxNumber;
  if (v.batchNumber) patch.voucherBatchNumber = v.batchNumber;
  if (v.expiryDate !== null) patch.voucherExpiryAt = v.expiryDate;
  return patch;
}

/** An asynchronous recharge was accepted: submitted and awaiting the network, NOT delivered. */
export function fromAcceptedRecharge(r: GatewayRecharge): Verdict {
  return {
    to: 'submitted',
    cause: 'smartcall:accepted',
    patch: { orderReferenceId: r.orderReferenceId, ...voucherPatch(r), error: null },
    raw: { recharge: r },
  };
}

/** A transaction enquiry answer. */
export function fromTransaction(t: GatewayTransaction): Verdict {
  const patch: SalePatch = { ...voucherPatch(t) };
  if (t.orderReferenceId) patch.orderReferenceId = t.orderReferenceId;
  if (t.costCents !== null) patch.costCents = t.costCents;
  const raw = { transaction: t };
  switch (t.status) {
    case 'successful':
      return { to: 'delivered', cause: 'smartcall:delivered', patch: { ...patch, error: null }, raw };
    case 'failed':
      return {
        to: 'failed',
        cause: 'smartcall:failed',
        patch: { ...patch, error: { code: 'SALE_FAILED_BY_NETWORK', message: `The network did not deliver it (${t.statusId ?? 'failed'}). The customer is owed their money back.` } },
        raw,
      };
    case 'pending':
      return { to: 'submitted', cause: 'smartcall:pending', patch, raw };
    default:
      return { to: undefined, cause: `smartcall:status ${t.statusId ?? 'unknown'}`, patch, raw };
  }
}

/** A synchronous recharge answer. */
export function fromSyncRecharge(s: GatewaySyncRecharge): Verdict {
  if (s.transaction) {
    const v = fromTransaction({ ...s.transaction, status: s.status });
    const fromRecharge = s.recharge ? { orderReferenceId: s.recharge.orderReferenceId, ...voucherPatch(s.recharge) } : {};
    return { ...v, patch: { ...fromRecharge, ...v.patch }, raw: { recharge: s.recharge, transaction: s.transaction } };
  }
  const patch: SalePatch = s.recharge ? { orderReferenceId: s.recharge.orderReferenceId, ...voucherPatch(s.recharge) } : {};
  const raw = { recharge: s.recharge, status: s.status };
  if (s.status === 'successful') return { to: 'delivered', cause: 'smartcall:delivered', patch: { ...patch, error: null }, raw };
  if (s.status === 'failed') return { to: 'failed', cause: 'smartcall:failed', patch: { ...patch, error: { code: 'SALE_FAILED_BY_NETWORK', message: 'The network did not deliver it. The customer is owed their money back.' } }, raw };
  if (s.status === 'pending') return { to: 'submitted', cause: 'smartcall:pending', patch, raw };
  return { to: 'unknown', cause: 'smartcall:status unknown', patch, raw };
}

/**
 * A money-moving call failed. Outcome unknown (timeout, reset, 5xx, "query to confirm", anything we
 * do not recognise) → `unknown`, to be checked by enquiry; a definite refusal → `failed`.
 */
export function fromSendFailure(error: unknown): Verdict {
  const f = asGatewayFailure(error);
  if (!f) {
    return {
      to: 'unknown',
      cause: 'error:unexpected',
      patch: { error: { code: 'SALE_OUTCOME_UNKNOWN', message: 'The till hit an unexpected error while sending. The sale is being checked with Smartcall: do not sell it again yet.' } },
      raw: { error: error instanceof Error ? error.message : String(error) },
    };
  }
  const raw = { error: f };
  const unknown = f.outcomeUnknown || (f.apiCode !== null && checkFirstCodes.has(f.apiCode)) || f.code === 'SMARTCALL_SYS_ERROR';
  if (unknown) {
    return {
      to: 'unknown',
      cause: `outcome-unknown:${f.code}`,
      patch: { error: { code: 'SALE_OUTCOME_UNKNOWN', message: `${f.message} The sale is being checked with Smartcall: do not sell it again yet.` } },
      raw,
    };
  }
  return { to: 'failed', cause: `refused:${f.code}`, patch: { error: { code: f.code, message: f.message } }, raw };
}

/** One item of a batch answer (a missing item is `unknown`: the batch may have carried it). */
export function fromBatchItem(item: GatewayBatchItem | undefined): Verdict {
  if (!item) {
    return {
      to: 'unknown',
      cause: 'batch:item missing from the answer',
      patch: { error: { code: 'SALE_OUTCOME_UNKNOWN', message: 'Smartcall did not say what happened to this item. It is being checked: do not sell it again yet.' } },
      raw: null,
    };
  }
  if (item.ok) return item.recharge ? fromAcceptedRecharge(item.recharge) : { to: 'submitted', cause: 'smartcall:accepted', patch: { error: null }, raw: { item } };
  const code = item.errorCode ?? `SMARTCALL_${item.responseCode ?? 'REFUSED'}`;
  const apiCode = /_(\d+)$/.exec(code)?.[1];
  if ((apiCode !== undefined && checkFirstCodes.has(Number(apiCode))) || code === 'SMARTCALL_SYS_ERROR') {
    return { to: 'unknown', cause: `outcome-unknown:${code}`, patch: { error: { code: 'SALE_OUTCOME_UNKNOWN', message: `${item.message} It is being checked: do not sell it again yet.` } }, raw: { item } };
  }
  return { to: 'failed', cause: `refused:${code}`, patch: { error: { code, message: item.message } }, raw: { item } };
}
