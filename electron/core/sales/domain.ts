/**
 * The sales part of the core: the contract's `sales:*` channels over the sale engine, the reconciler
 * running in the background, and `sale:changed` / `batch:progress` pushed to the screens. Built from
 * the core's context; `electron/core/sales-domain.ts` can return this as it is.
 */
import { randomUUID } from 'node:crypto';
import { TillFailure } from '../../../shared/contract/envelope';
import { formatRands } from '../../../shared/money';
import { MsisdnError, normaliseMsisdn } from '../../../shared/msisdn';
import type { CoreContext, SessionPort } from '../context';
import type { Domain } from '../domain';
import { isStoreError, type Sale } from '../../store';
import { createSaleEngine, SaleError, type BatchLine, type OfflinePolicy, type SaleEngine, type SellInput } from './engine';
import { findProduct, type ProductInfo } from './products';
import { createReconciler, type Reconciler, type ReconcilerStatus, type ReconcilerTimers } from './reconciler';
import { toEventViews, toSaleView } from './view';
import { realTimers } from '../timers';

export const salesEngineChannels = [
  'sales:prevend',
  'sales:sell',
  'sales:get',
  'sales:list',
  'sales:pending',
  'sales:reveal',
  'sales:acknowledge',
  'sales:cancelQueued',
  'sales:batch',
] as const;
type SalesChannel = (typeof salesEngineChannels)[number];

export type SalesDomainOptions = {
  /** Timers for the reconciler; the real ones (unref'd) by default. */
  timers?: ReconcilerTimers;
  /** How often the reconciler looks (default 5 s). */
  reconcileIntervalMs?: number;
  /** Whether the till knows Smartcall is unreachable (the status domain's ping); false by default. */
  isOffline?: () => boolean;
  /** The dealer's store-and-forward settings; queueing off by default. */
  offlinePolicy?: () => OfflinePolicy;
  /** Wait after a sale is sent before the reconciler's first enquiry (default 5 s). */
  firstCheckDelayMs?: number;
  /** Grace after a "does not exist" before a same-reference resend (default 2 min). */
  graceMs?: number;
  /** Told whenever the reconciler's state changes (the status bar shows it). */
  onReconcilerStatus?: (status: ReconcilerStatus) => void;
};

/** The sales domain plus what the status domain and tests need from it. */
export type SalesDomain = Domain<SalesChannel> & {
  engine: SaleEngine;
  reconciler: Reconciler;
  /** The reconciler's state for the status bar. */
  reconcilerStatus(): ReconcilerStatus;
};

/** Turn the engine's and the store's typed errors into the contract's failure envelope. */
function asTillFailure(error: unknown): unknown {
  if (error instanceof SaleError) return new TillFailure(error.code, error.message);
  if (isStoreError(error)) return new TillFailure(error.code, error.message);
  return error;
}

async function guarded<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asTillFailure(error);
  }
}

/** Build the sales domain over the core's context and the session's port. */
export function createSalesEngineDomain(ctx: CoreContext, session: SessionPort, options: SalesDomainOptions = {}): SalesDomain {
  const store = ctx.store;
  const offlinePolicy = options.offlinePolicy ?? (() => ({ enabled: false, maxTotalCents: 0, maxAgeMs: 0 }));
  const cashierName = (id: number | null) => (id === null ? null : (store.people.getCashier(id)?.name ?? null));
  const view = (sale: Sale, pins?: { pin: string | null; extraPin: string | null }) =>
    toSaleView(sale, pins ? { cashierName: cashierName(sale.cashierId), pins } : { cashierName: cashierName(sale.cashierId) });
  const changed = (sale: Sale) => ctx.events.emit('sale:changed', view(sale));

  const dealer = (): string => {
    const id = ctx.dealerId();
    if (!id) throw new TillFailure('SALE_NO_DEALER', 'No Smartload dealer number is set. A supervisor must enter it in settings before the till can sell.');
    return id;
  };
  const product = async (productId: number): Promise<ProductInfo> => {
    const cached = ctx.client.cachedNetworks();
    let found = cached ? findProduct(cached, productId) : undefined;
    if (!found) found = findProduct(await ctx.client.networks(), productId);
    if (!found) throw new TillFailure('SALE_UNKNOWN_PRODUCT', 'That product is not in the catalogue any more. Refresh the catalogue and choose again.');
    return found;
  };
  /** The number as typed → wire form; a bad one is refused on the form's `recipient` field. */
  const recipientOf = (typed: string): string => {
    try {
      return normaliseMsisdn(typed);
    } catch (error) {
      if (error instanceof MsisdnError) throw new TillFailure('SALE_INVALID_INPUT', error.message, { fields: { recipient: error.message } });
      throw error;
    }
  };
  /** The amount to charge: a fixed price wins over what was sent; an open amount must be in range. */
  const amountFor = (p: ProductInfo, sent: number | undefined): number => {
    if (!p.openAmount && p.retailCents !== null) return p.retailCents;
    if (sent === undefined) throw new TillFailure('SALE_INVALID_INPUT', 'Type the amount.', { fields: { amountCents: 'Type the amount.' } });
    if (sent < p.minCents || sent > p.maxCents) {
      const message = `The amount must be between ${formatRands(p.minCents)} and ${formatRands(p.maxCents)}.`;
      throw new TillFailure('SALE_INVALID_INPUT', message, { fields: { amountCents: message } });
    }
    return sent;
  };

  const engine = createSaleEngine({
    sales: store.sales,
    vouchers: store.vouchers,
    gateway: ctx.client,
    smartloadId: dealer,
    now: ctx.now,
    isOffline: options.isOffline ?? (() => false),
    offlinePolicy,
    onSaleChanged: changed,
    ...(options.firstCheckDelayMs === undefined ? {} : { firstCheckDelayMs: options.firstCheckDelayMs }),
  });
  const reconciler = createReconciler({
    sales: store.sales,
    vouchers: store.vouchers,
    gateway: ctx.client,
    now: ctx.now,
    inFlight: () => engine.inFlight(),
    isOffline: options.isOffline ?? (() => false),
    offlinePolicy,
    onSaleChanged: changed,
    ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
    ...(options.onReconcilerStatus ? { onStatus: options.onReconcilerStatus } : {}),
  });

  const handlers: Domain<SalesChannel>['handlers'] = {
    'sales:prevend': (req) =>
      guarded(async () => {
        session.requireSeller();
        const p = await product(req.productId);
        if (!p.prevendAvailable) throw new TillFailure('SALE_PREVEND_UNAVAILABLE', 'Only pinless Vodacom and MTN recharges can be checked first.');
        dealer();
        return engine.prevend(p.kind, { productId: p.id, recipientMsisdn: recipientOf(req.recipient), amountCents: amountFor(p, req.amountCents) });
      }),

    'sales:sell': (req) =>
      guarded(async () => {
        const seller = session.requireSeller();
        const p = await product(req.productId);
        if (p.needsMeter && !req.meterNumber) throw new TillFailure('SALE_INVALID_INPUT', 'Type the meter number.', { fields: { meterNumber: 'Type the meter number.' } });
        const input: SellInput = {
          productId: p.id,
          productName: p.name,
          network: p.networkName,
          recipientMsisdn: recipientOf(req.recipient),
          amountCents: amountFor(p, req.amountCents),
          pinless: !p.pinned,
          sendSms: req.sendSms ?? false,
          // A PIN or token must be printed now: those sell synchronously, as does an explicit request.
          method: p.pinned || req.synchronous ? 'sync' : 'async',
          cashierId: seller.cashierId,
          shiftId: seller.shiftId,
        };
        if (req.meterNumber) input.meterNumber = req.meterNumber;
        if (req.clientReference) input.clientReference = req.clientReference;
        const sale = await engine.sell(p.kind, input);
        // The PIN is shown to the cashier who sold it, and that showing is recorded; later ones are copies.
        return sale.voucher?.hasPin ? view(sale, store.sales.recordReprint(sale.clientReference, { cashierId: seller.cashierId, copy: false })) : view(sale);
      }),

    'sales:get': (req) =>
      guarded(() => {
        const sale = store.sales.getSale(req.clientReference);
        if (!sale) throw new TillFailure('SALE_NOT_FOUND', 'No sale with that reference is in this till\'s journal.');
        return { sale: view(sale), events: toEventViews(store.sales.saleEvents(req.clientReference)) };
      }),

    'sales:list': (req) =>
      guarded(() => {
        const page = store.sales.listSales({
          ...(req.text ? { query: req.text } : {}),
          ...(req.state ? { states: [req.state] } : {}),
          ...(req.from === undefined ? {} : { from: req.from }),
          ...(req.to === undefined ? {} : { to: req.to }),
          ...(req.cursor ? { cursor: req.cursor } : {}),
          limit: req.limit,
        });
        return { items: page.sales.map((s) => view(s)), nextCursor: page.nextCursor ?? null };
      }),

    'sales:pending': () => guarded(() => store.sales.pendingCount()),

    'sales:reveal': (req) =>
      guarded(() => {
        const seller = session.requireSeller();
        const sale = store.sales.getSale(req.clientReference);
        if (!sale) throw new TillFailure('SALE_NOT_FOUND', "No sale with that reference is in this till's journal.");
        if (!sale.voucher?.hasPin) throw new TillFailure('SALE_NO_PIN', 'This sale has no PIN or token (yet). If it is still being checked, wait for it to be delivered.');
        const copy = store.sales.saleEvents(req.clientReference).some((e) => e.cause.startsWith('pin:shown') || e.cause.startsWith('reprint:'));
        const pins = store.sales.recordReprint(req.clientReference, { cashierId: seller.cashierId, copy });
        return { sale: view(sale, pins), copy };
      }),

    'sales:acknowledge': (req) =>
      guarded(() => {
        const seller = session.requireSeller();
        const sale = store.sales.acknowledgeSale(req.clientReference, { cashierId: seller.cashierId });
        changed(sale);
        return view(sale);
      }),

    'sales:cancelQueued': (req) =>
      guarded(() => {
        const supervisor = session.requireSupervisor();
        return view(engine.cancelQueued(req.clientReference, { cashierId: supervisor.cashierId, role: 'supervisor' }));
      }),

    'sales:batch': (req) =>
      guarded(async () => {
        const seller = session.requireSeller();
        dealer();
        const lines: BatchLine[] = [];
        for (const [i, item] of req.items.entries()) {
          const p = await product(item.productId);
          if (p.pinned) throw new TillFailure('SALE_INVALID_INPUT', `Line ${i + 1}: vouchers cannot be sold in a batch; sell them one at a time.`);
          const line: BatchLine = { kind: p.kind, productId: p.id, productName: p.name, network: p.networkName, recipientMsisdn: item.recipient, amountCents: amountFor(p, item.amountCents), sendSms: item.sendSms ?? false, cashierId: seller.cashierId, shiftId: seller.shiftId };
          if (item.meterNumber) line.meterNumber = item.meterNumber;
          lines.push(line);
        }
        engine.checkBatch(lines);
        const batchId = randomUUID();
        // The batch runs on; its progress and every sale's changes reach the screens as events.
        engine
          .sellBatch(lines, { batchId, onProgress: (progress) => ctx.events.emit('batch:progress', progress) })
          .catch((error: unknown) => console.error('[sales] batch stopped', { batchId, error: error instanceof Error ? error.message : String(error) }));
        return { batchId, count: lines.length };
      }),
  };

  return {
    handlers,
    engine,
    reconciler,
    reconcilerStatus: () => reconciler.status(),
    start() {
      reconciler.start(options.timers ?? realTimers, options.reconcileIntervalMs ?? 5_000);
    },
    async close() {
      reconciler.stop();
    },
  };
}
