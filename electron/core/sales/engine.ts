/**
 * The sale engine (no Electron, no transport): validates a sale, journals it durably BEFORE the wire,
 * sends it once, and journals what Smartcall answered. It never resends; the reconciler resolves
 * whatever is left unresolved. See electron/store/README.md for the state diagram.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { normaliseMsisdn } from '../../../shared/msisdn';
import { isStoreError, StoreError, type Sale, type SaleIntentInput, type SaleKind, type SalesRepository, type VoucherStockRepository } from '../../store';
import { applyVerdict, dispatchSale, wireInput, type SaleRequest, type SendMethod } from './dispatch';
import { fromBatchItem, fromSendFailure, type Verdict } from './outcome';
import { asGatewayFailure, type CrashPoint, type SaleGateway } from './ports';

/** Stable codes of the engine's own refusals (the store's StoreError codes pass through unchanged). */
export type SaleErrorCode = 'SALE_INVALID_INPUT' | 'SALE_QUEUE_FULL' | 'SALE_NOT_ALLOWED' | 'SALE_OUT_OF_STOCK';

/** A sale the engine refused before anything was journaled or sent. */
export class SaleError extends Error {
  override readonly name = 'SaleError';
  constructor(
    readonly code: SaleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the cashier asks for. Money in integer cents. */
export type SellInput = {
  productId: number;
  productName?: string;
  network?: string;
  /** The number to recharge (0821234567, +27…, 27…); for electricity, who gets the token SMS. */
  recipientMsisdn: string;
  /** Electricity only. */
  meterNumber?: string;
  smsRecipientMsisdn?: string;
  amountCents: number;
  /** Direct top-up (default) or a PINned voucher (default for kind `voucher`). */
  pinless?: boolean;
  sendSms?: boolean;
  /** How to send: vouchers and electricity default to `sync` (the PIN/token is needed now), the rest to `async`. */
  method?: SendMethod;
  cashierId?: number;
  shiftId?: number;
  batchId?: string;
  /** The reference a prevend used (the recharge must reuse it); a new one otherwise. */
  clientReference?: string;
};

/** One line of a batch sale (pinless by default). */
export type BatchLine = Omit<SellInput, 'method' | 'batchId'> & { kind?: SaleKind };

/** Progress of a batch, after each group of up to 100 (the contract's `batch:progress`). */
export type BatchProgress = { batchId: string; done: number; total: number; failed: number };

/** Smartcall takes at most this many recharges in one batch request. */
export const MAX_BATCH = 100;

/** The dealer's store-and-forward rules for when Smartcall cannot be reached. */
export type OfflinePolicy = {
  /** Queue pinless recharges while offline at all (the dealer switches it on). */
  enabled: boolean;
  /** The most the queue may hold, in cents. */
  maxTotalCents: number;
  /** A queued sale older than this is not forwarded (cancelled as expired). */
  maxAgeMs: number;
  /** The most sales the queue may hold at once (no limit when absent). */
  maxSales?: number;
};

export type SaleEngineOptions = {
  sales: SalesRepository;
  /** The till's own voucher stock, for `sellFromStock`. */
  vouchers?: VoucherStockRepository;
  gateway: SaleGateway;
  /** The dealer wallet the till sells from (settings may change it). */
  smartloadId: () => string;
  now?: () => number;
  /** New clientReferences; a UUID v4 by default. */
  newReference?: () => string;
  /** When the reconciler first asks about a submitted or unknown sale (default 5 s). */
  firstCheckDelayMs?: number;
  /** Whether the till currently knows Smartcall is unreachable (from the ping monitor). */
  isOffline?: () => boolean;
  /** The dealer's store-and-forward rules (a function: settings may change while the till runs). */
  offlinePolicy?: OfflinePolicy | (() => OfflinePolicy);
  /** Every journaled change, for the screens (the core turns it into a contract event). */
  onSaleChanged?: (sale: Sale) => void;
  /** Test-only: called at each crash point the engine passes. */
  crash?: (point: CrashPoint) => void;
};

/** The engine. */
export type SaleEngine = {
  /** Sell one item: journal, send once, journal the answer. Resolves with the sale as journaled now. */
  sell(kind: SaleKind, input: SellInput): Promise<Sale>;
  /**
   * Prevend (pinless Vodacom/MTN): ask the network whether the recharge would go through, before the
   * cash is taken. Moves no money and journals nothing; `sell` with the returned reference follows.
   */
  prevend(kind: SaleKind, input: SellInput): Promise<{ clientReference: string; accepted: boolean; message: string }>;
  /**
   * Sell a voucher from the till's own stock: journal the intent, then claim one PIN and deliver the
   * sale in one transaction. Nothing goes to Smartcall (the stock was paid for when it was ordered).
   */
  sellFromStock(input: SellInput): Promise<Sale>;
  /** Check every line of a batch without journaling or sending anything; throws the first SaleError. */
  checkBatch(lines: BatchLine[]): void;
  /** Sell many recharges: all lines checked first, then sent in batches of 100, each journaled before its batch goes out. */
  sellBatch(lines: BatchLine[], options?: { batchId?: string; onProgress?: (progress: BatchProgress) => void }): Promise<{ batchId: string; sales: Sale[] }>;
  /** Cancel a queued (never sent) sale; only a supervisor may. */
  cancelQueued(clientReference: string, by: { cashierId: number; role: 'cashier' | 'supervisor' }): Sale;
  /** References being sent right now by this process (the reconciler leaves them alone). */
  inFlight(): ReadonlySet<string>;
};

const sellSchema = z.object({
  productId: z.number().int().positive('choose a product'),
  productName: z.string().trim().min(1).max(200).optional(),
  network: z.string().trim().min(1).max(100).optional(),
  recipientMsisdn: z.string().min(1, 'enter the phone number'),
  meterNumber: z.string().regex(/^\d{6,20}$/, 'a meter number is 6 to 20 digits').optional(),
  smsRecipientMsisdn: z.string().optional(),
  amountCents: z.number().int('the amount must be whole cents').positive('the amount must be more than R0').max(100_000_000, 'the amount is too large'),
  pinless: z.boolean().optional(),
  sendSms: z.boolean().optional(),
  method: z.enum(['async', 'sync', 'prevend', 'stock']).optional(),
  cashierId: z.number().int().positive().optional(),
  shiftId: z.number().int().positive().optional(),
  batchId: z.string().min(1).max(100).optional(),
  clientReference: z.uuid('the prevend reference is not valid').optional(),
});

function msisdnOrThrow(value: string, what: string): string {
  try {
    return normaliseMsisdn(value);
  } catch {
    throw new SaleError('SALE_INVALID_INPUT', `${what} "${value}" is not a South African cell number: type it like 082 123 4567.`);
  }
}

/** Build the engine. */
export function createSaleEngine(options: SaleEngineOptions): SaleEngine {
  const now = options.now ?? Date.now;
  const newReference = options.newReference ?? randomUUID;
  const onSaleChanged = options.onSaleChanged ?? (() => undefined);
  const crash = options.crash ?? (() => undefined);
  const busy = new Set<string>();
  const deps = {
    sales: options.sales,
    gateway: options.gateway,
    now,
    firstCheckDelayMs: options.firstCheckDelayMs ?? 5_000,
    onSaleChanged,
    crash,
  };

  /** Validate and normalise one sale (invariant 7: refused before anything is journaled). */
  const prepare = (kind: SaleKind, input: SellInput, where: string): { intent: SaleIntentInput & { amountCents: number }; request: SaleRequest } => {
    const parsed = sellSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SaleError('SALE_INVALID_INPUT', `The sale was not made${where}: ${issue?.message ?? 'check the details'}.`);
    }
    const v = parsed.data;
    if (kind === 'electricity' && !v.meterNumber) throw new SaleError('SALE_INVALID_INPUT', `The sale was not made${where}: enter the meter number.`);
    const recipientMsisdn = msisdnOrThrow(v.recipientMsisdn, `The number${where}`);
    const request: SaleRequest = {
      method: v.method ?? (kind === 'voucher' || kind === 'electricity' ? 'sync' : 'async'),
      smartloadId: options.smartloadId(),
      productId: v.productId,
      recipientMsisdn,
      amountCents: v.amountCents,
      pinless: v.pinless ?? kind !== 'voucher',
      sendSms: v.sendSms ?? false,
    };
    if (v.meterNumber) request.meterNumber = v.meterNumber;
    if (v.smsRecipientMsisdn) request.smsRecipientMsisdn = msisdnOrThrow(v.smsRecipientMsisdn, `The SMS number${where}`);
    const intent = {
      clientReference: v.clientReference ?? newReference(),
      kind,
      productId: v.productId,
      recipientMsisdn,
      amountCents: v.amountCents,
      request,
      at: now(),
      ...(v.productName ? { productName: v.productName } : {}),
      ...(v.network ? { network: v.network } : {}),
      ...(v.meterNumber ? { meterNumber: v.meterNumber } : {}),
      ...(v.cashierId ? { cashierId: v.cashierId } : {}),
      ...(v.shiftId ? { shiftId: v.shiftId } : {}),
      ...(v.batchId ? { batchId: v.batchId } : {}),
    };
    return { intent, request };
  };

  /** Claim a stock PIN for a journaled sale; out of stock (lost a race) → failed, nothing charged. */
  const claimFromStock = (clientReference: string, productId: number): Sale => {
    let sale: Sale;
    try {
      sale = options.vouchers!.claimVoucher({ clientReference, productId, at: now() });
    } catch (error) {
      if (!isStoreError(error, 'STORE_CONFLICT')) throw error;
      sale = options.sales.transitionSale({ clientReference, from: 'intent', to: 'failed', cause: 'local-stock:out of stock', patch: { error: { code: 'SALE_OUT_OF_STOCK', message: error.message } } });
    }
    onSaleChanged(sale);
    return sale;
  };

  return {
    async sell(kind, input) {
      const { intent, request } = prepare(kind, input, '');
      // Offline store-and-forward: only pinless top-ups, only if the dealer allows it, within limits.
      const policy = typeof options.offlinePolicy === 'function' ? options.offlinePolicy() : options.offlinePolicy;
      if (options.isOffline?.()) {
        if (!policy?.enabled || !request.pinless || request.method === 'sync') {
          throw new SaleError('SALE_NOT_ALLOWED', 'Smartcall cannot be reached right now, and this sale cannot be queued. Try again when the till is back online.');
        }
        const queued = options.sales.queuedTotals();
        if (queued.amountCents + intent.amountCents > policy.maxTotalCents) {
          throw new SaleError('SALE_QUEUE_FULL', 'The offline queue is full (its maximum value is reached). Wait until the till is back online.');
        }
        if (policy.maxSales !== undefined && queued.count >= policy.maxSales) {
          throw new SaleError('SALE_QUEUE_FULL', `The offline queue is full (${policy.maxSales} sales are waiting). Wait until the till is back online.`);
        }
        const sale = options.sales.createQueuedSale(intent);
        onSaleChanged(sale);
        return sale;
      }

      // Invariant 1: durable intent before any byte goes out. A StoreError here stops the sale.
      const sale = options.sales.createSaleIntent(intent);
      busy.add(sale.clientReference);
      try {
        onSaleChanged(sale);
        crash('after-journal');
        return await dispatchSale(deps, sale.clientReference, request);
      } finally {
        busy.delete(sale.clientReference);
      }
    },

    async prevend(kind, input) {
      const { intent, request } = prepare(kind, { ...input, method: 'prevend' }, '');
      try {
        const answer = await options.gateway.prevend(wireInput(intent.clientReference, request));
        return { clientReference: intent.clientReference, accepted: true, message: answer.message ?? 'The network accepts this recharge.' };
      } catch (error) {
        const f = asGatewayFailure(error);
        // Refused or not answered: nothing was charged either way, the cashier decides what to do.
        return { clientReference: intent.clientReference, accepted: false, message: f?.message ?? 'The network did not answer the check.' };
      }
    },

    async sellFromStock(input) {
      const vouchers = options.vouchers;
      if (!vouchers) throw new SaleError('SALE_NOT_ALLOWED', 'This till keeps no voucher stock.');
      const { intent } = prepare('voucher', { ...input, pinless: false, method: 'stock' }, '');
      if (vouchers.availableVouchers(intent.productId!) === 0) {
        throw new SaleError('SALE_OUT_OF_STOCK', 'This voucher is out of stock in the till. Sell it through Smartcall or choose another.');
      }
      const sale = options.sales.createSaleIntent(intent);
      busy.add(sale.clientReference);
      try {
        onSaleChanged(sale);
        crash('claiming-pin');
        const done = claimFromStock(sale.clientReference, intent.productId!);
        return done;
      } finally {
        busy.delete(sale.clientReference);
      }
    },

    checkBatch(lines) {
      if (lines.length === 0) throw new SaleError('SALE_INVALID_INPUT', 'The batch is empty.');
      lines.forEach((line, i) => {
        const { kind = 'pinless', ...input } = line;
        prepare(kind, { ...input, method: 'async' }, ` (line ${i + 1})`);
      });
    },

    async sellBatch(lines, batchOptions = {}) {
      if (lines.length === 0) throw new SaleError('SALE_INVALID_INPUT', 'The batch is empty.');
      if (options.isOffline?.()) throw new SaleError('SALE_NOT_ALLOWED', 'Smartcall cannot be reached right now: a batch cannot be queued. Try again when the till is back online.');
      // Every line is checked before the first one is journaled: a bad line refuses the whole batch.
      const batchId = batchOptions.batchId ?? newReference();
      const prepared = lines.map((line, i) => {
        const { kind = 'pinless', ...input } = line;
        const p = prepare(kind, { ...input, batchId, method: 'async' }, ` (line ${i + 1})`);
        return p;
      });
      const total = prepared.length;
      const sales: Sale[] = [];
      let failed = 0;
      for (let start = 0; start < total; start += MAX_BATCH) {
        const chunk = prepared.slice(start, start + MAX_BATCH);
        const journaled: Sale[] = [];
        for (const [j, p] of chunk.entries()) {
          const sale = options.sales.createSaleIntent(p.intent);
          busy.add(sale.clientReference);
          journaled.push(sale);
          onSaleChanged(sale);
          if (j === Math.floor(chunk.length / 2)) crash('mid-batch');
        }
        try {
          let verdicts: Map<string, Verdict>;
          try {
            const answer = await options.gateway.batchRecharge(
              chunk[0]!.request.smartloadId,
              chunk.map((p, j) => wireInput(journaled[j]!.clientReference, p.request)),
            );
            const byRef = new Map(answer.items.map((item) => [item.clientReference.toLowerCase(), item]));
            verdicts = new Map(journaled.map((s) => [s.clientReference, fromBatchItem(byRef.get(s.clientReference))]));
          } catch (error) {
            const v = fromSendFailure(error);
            verdicts = new Map(journaled.map((s) => [s.clientReference, v]));
          }
          for (const s of journaled) {
            const after = applyVerdict(deps, s.clientReference, 'intent', verdicts.get(s.clientReference)!);
            if (after.state === 'failed') failed++;
            sales.push(after);
          }
        } finally {
          for (const s of journaled) busy.delete(s.clientReference);
        }
        batchOptions.onProgress?.({ batchId, done: sales.length, total, failed });
      }
      return { batchId, sales };
    },

    cancelQueued(clientReference, by) {
      if (by.role !== 'supervisor') throw new SaleError('SALE_NOT_ALLOWED', 'Only a supervisor can cancel a queued sale.');
      const sale = options.sales.getSale(clientReference);
      if (!sale) throw new StoreError('STORE_NOT_FOUND', `No sale with reference ${clientReference} is journaled.`);
      if (sale.state !== 'queued') throw new SaleError('SALE_NOT_ALLOWED', `This sale is ${sale.state}, not queued: it can no longer be cancelled.`);
      const cancelled = options.sales.transitionSale({ clientReference, from: 'queued', to: 'cancelled', cause: `supervisor:${by.cashierId}` });
      onSaleChanged(cancelled);
      return cancelled;
    },

    inFlight: () => busy,
  };
}
