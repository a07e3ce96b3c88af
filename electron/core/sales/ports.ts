/**
 * What the sale engine and the reconciler need from Smartcall: a few operations, narrowed from the
 * client's own types (`Pick`) so the engine names exactly the fields it relies on.
 * `createSmartcallClient(...)` from electron/smartcall satisfies `SaleGateway` as it is; tests may
 * pass anything with the same shape.
 */
import type { RechargeInput, RechargeResult, Transaction, TransactionStatus } from '../../smartcall';

/** One recharge request as the gateway sends it (integer cents; the client converts to rands). */
export type GatewayRechargeInput = RechargeInput;

/** What an accepted recharge answers (the fields the journal keeps). The voucher PIN is cash: sealed before it is journaled, never logged. */
export type GatewayRecharge = Pick<
  RechargeResult,
  'orderReferenceId' | 'retailPriceCents' | 'ticketNumber' | 'boxNumber' | 'batchNumber' | 'voucherPin' | 'additionalVoucherPin' | 'expiryDate'
>;

/** What the transaction enquiry says a sale became. */
export type GatewayStatus = TransactionStatus;

/** A transaction enquiry answer (the fields the reconciler reads). */
export type GatewayTransaction = Pick<
  Transaction,
  'orderReferenceId' | 'costCents' | 'status' | 'statusId' | 'ticketNumber' | 'voucherPin' | 'additionalVoucherPin' | 'boxNumber' | 'batchNumber' | 'expiryDate'
>;

/** A synchronous recharge answer: final unless `pending`. */
export type GatewaySyncRecharge = {
  status: GatewayStatus;
  recharge: GatewayRecharge | null;
  transaction: GatewayTransaction | null;
};

/** A prevend answer. */
export type GatewayPrevend = { responseCode: string; message: string | null };

/** One item of a batch answer: accepted (with its recharge) or refused (with a stable code). */
export type GatewayBatchItem =
  | { clientReference: string; ok: true; recharge: GatewayRecharge | null }
  | { clientReference: string; ok: false; responseCode: string | null; errorCode: string | null; message: string };

/** A batch answer. */
export type GatewayBatch = { responseCode: string; items: GatewayBatchItem[] };

/** Smartcall as the sale engine sees it. */
export interface SaleGateway {
  /** Asynchronous recharge: resolves when Smartcall ACCEPTED it (not delivered). Never retried by the gateway. */
  recharge(input: GatewayRechargeInput): Promise<GatewayRecharge>;
  /** Synchronous recharge: resolves with the final status (or pending). */
  rechargeSync(input: GatewayRechargeInput): Promise<GatewaySyncRecharge>;
  /** Prevend: asks the network whether the recharge would go through; moves no money. */
  prevend(input: GatewayRechargeInput): Promise<GatewayPrevend>;
  /** Up to 100 recharges in one request; each item accepted or refused. Never retried by the gateway. */
  batchRecharge(smartloadId: string, items: GatewayRechargeInput[]): Promise<GatewayBatch>;
  /** Transaction enquiry by clientReference: the reconciler's source of truth. */
  transaction(smartloadId: string, clientReference: string): Promise<GatewayTransaction>;
  /** Connectivity check without login; the reconciler asks before forwarding the offline queue. */
  ping?(): Promise<unknown>;
}

/**
 * The fields of a gateway failure the engine reads. Smartcall's client throws `SmartcallError`, which
 * has them; anything else thrown is treated as "outcome unknown" (it may have been sent).
 */
export type GatewayFailure = {
  kind: 'transport' | 'auth' | 'http' | 'api';
  code: string;
  message: string;
  outcomeUnknown: boolean;
  apiCode: number | null;
};

/** Reads a thrown value as a gateway failure when it has that shape. */
export function asGatewayFailure(error: unknown): GatewayFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as Partial<Record<keyof GatewayFailure, unknown>>;
  const kinds = ['transport', 'auth', 'http', 'api'];
  if (typeof e.kind !== 'string' || !kinds.includes(e.kind) || typeof e.code !== 'string' || typeof e.outcomeUnknown !== 'boolean') return undefined;
  return {
    kind: e.kind as GatewayFailure['kind'],
    code: e.code,
    message: typeof e.message === 'string' ? e.message : e.code,
    outcomeUnknown: e.outcomeUnknown,
    apiCode: typeof e.apiCode === 'number' ? e.apiCode : null,
  };
}

/**
 * The eight places a crash can fall (sale-lifecycle.md). A test-only hook receives each as the engine
 * passes it; the crash harness kills the process there. Production passes no hook.
 */
export type CrashPoint =
  | 'after-journal'
  | 'after-send'
  | 'after-answer'
  | 'after-record'
  | 'mid-batch'
  | 'claiming-pin'
  | 'applying-enquiry'
  | 'forwarding';
