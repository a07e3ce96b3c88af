/**
 * Sending a journaled sale and journaling the answer: the one path every send takes (first sale,
 * same-reference resend, queued forward). The sale is already `intent` in the journal when this runs.
 */
import { isStoreError, type Sale, type SalesRepository } from '../../store';
import { fromAcceptedRecharge, fromSendFailure, fromSyncRecharge, type Verdict } from './outcome';
import type { CrashPoint, GatewayRechargeInput, SaleGateway } from './ports';

/** How a sale is sent; `stock` = a PIN from the till's own voucher stock (never sent to Smartcall). */
export type SendMethod = 'async' | 'sync' | 'prevend' | 'stock';

/** What is sent for a sale, kept in the journal (`sales.request_json`) so it can be resent unchanged. No secrets. */
export type SaleRequest = {
  method: SendMethod;
  smartloadId: string;
  productId: number;
  recipientMsisdn: string;
  meterNumber?: string;
  smsRecipientMsisdn?: string;
  amountCents: number;
  pinless: boolean;
  sendSms: boolean;
};

/** What dispatch needs. */
export type DispatchDeps = {
  sales: SalesRepository;
  gateway: SaleGateway;
  now: () => number;
  /** When the reconciler should first ask about a sale that is submitted or unknown. */
  firstCheckDelayMs: number;
  /** Told about every journaled change (to push to the screens). */
  onSaleChanged: (sale: Sale) => void;
  /** Test-only crash hook. */
  crash: (point: CrashPoint) => void;
};

/** Reads a stored request back, or undefined when the row has none (older journal rows). */
export function parseSaleRequest(value: unknown): SaleRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<SaleRequest>;
  if (
    (r.method !== 'async' && r.method !== 'sync' && r.method !== 'prevend' && r.method !== 'stock') ||
    typeof r.smartloadId !== 'string' ||
    typeof r.productId !== 'number' ||
    typeof r.recipientMsisdn !== 'string' ||
    typeof r.amountCents !== 'number' ||
    typeof r.pinless !== 'boolean' ||
    typeof r.sendSms !== 'boolean'
  ) {
    return undefined;
  }
  return r as SaleRequest;
}

/** The gateway's input for a journaled sale and its stored request. */
export function wireInput(clientReference: string, r: SaleRequest): GatewayRechargeInput {
  const input: GatewayRechargeInput = {
    smartloadId: r.smartloadId,
    clientReference,
    productId: r.productId,
    recipientMsisdn: r.recipientMsisdn,
    amountCents: r.amountCents,
    pinless: r.pinless,
    sendSms: r.sendSms,
  };
  if (r.meterNumber) input.meterNumber = r.meterNumber;
  if (r.smsRecipientMsisdn) input.smsRecipientMsisdn = r.smsRecipientMsisdn;
  return input;
}

/**
 * Journal a verdict as a state change from `from`. If someone else moved the sale first (the
 * reconciler, after a restart), their word stands: the current row is returned unchanged.
 */
export function applyVerdict(deps: DispatchDeps, clientReference: string, from: Sale['state'], verdict: Verdict): Sale {
  if (verdict.to === undefined || verdict.to === from) {
    return deps.sales.getSale(clientReference)!;
  }
  const unresolved = verdict.to === 'submitted' || verdict.to === 'unknown';
  try {
    const sale = deps.sales.transitionSale({
      clientReference,
      from,
      to: verdict.to,
      cause: verdict.cause,
      raw: verdict.raw,
      patch: unresolved ? { ...verdict.patch, nextCheckAt: deps.now() + deps.firstCheckDelayMs, checkAttempts: 0 } : { ...verdict.patch, nextCheckAt: null },
    });
    deps.onSaleChanged(sale);
    return sale;
  } catch (error) {
    if (isStoreError(error, 'STORE_STALE_STATE')) return deps.sales.getSale(clientReference)!;
    throw error;
  }
}

/**
 * Send a sale that is `intent` in the journal, then journal the answer. Never retries: a failure whose
 * outcome is unknown becomes `unknown`, and only the reconciler's enquiry decides what happens next.
 */
export async function dispatchSale(deps: DispatchDeps, clientReference: string, request: SaleRequest): Promise<Sale> {
  const input = wireInput(clientReference, request);
  let verdict: Verdict;
  try {
    if (request.method === 'prevend') {
      try {
        await deps.gateway.prevend(input);
      } catch (error) {
        // A prevend moves no money: whatever happened to it, nothing was charged, and the recharge was not sent.
        const f = fromSendFailure(error);
        verdict = { to: 'failed', cause: `prevend-refused:${f.cause}`, patch: { error: f.patch.error ?? null }, raw: f.raw };
        deps.crash('after-answer');
        return applyVerdict(deps, clientReference, 'intent', verdict);
      }
    }
    if (request.method === 'sync') {
      const pending = deps.gateway.rechargeSync(input);
      deps.crash('after-send');
      verdict = fromSyncRecharge(await pending);
    } else {
      const pending = deps.gateway.recharge(input);
      deps.crash('after-send');
      verdict = fromAcceptedRecharge(await pending);
    }
  } catch (error) {
    verdict = fromSendFailure(error);
  }
  deps.crash('after-answer');
  const sale = applyVerdict(deps, clientReference, 'intent', verdict);
  deps.crash('after-record');
  return sale;
}
