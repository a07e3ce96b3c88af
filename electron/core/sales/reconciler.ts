/**
 * The reconciler: resolves every sale that is not final by the transaction enquiry, and forwards the
 * offline queue when Smartcall is back. Driven by `tick()` (tests call it; `start()` runs it on timers).
 *
 * Rules (sale-lifecycle.md): ask before anything is resent; adopt what Smartcall says; resend only
 * after an explicit "does not exist" (1005) seen after a grace period, and then with the SAME
 * clientReference; back off per sale; bound the requests in flight; pause while the network is down;
 * stop loudly on an authentication failure; never let one sale block the others.
 */
import { isStoreError, type Sale, type SalesRepository, type VoucherStockRepository } from '../../store';
import { applyVerdict, dispatchSale, parseSaleRequest, type DispatchDeps } from './dispatch';
import type { OfflinePolicy } from './engine';
import { fromTransaction } from './outcome';
import { asGatewayFailure, type CrashPoint, type SaleGateway } from './ports';

/** What the status bar shows about the reconciler (matches the contract's reconcilerStatus). */
export type ReconcilerState = 'idle' | 'working' | 'paused-offline' | 'stopped-auth';
export type ReconcilerStatus = { state: ReconcilerState; message: string | null };

/** What one tick did (tests and logs). */
export type TickReport = {
  checked: number;
  resolved: number;
  resent: number;
  forwarded: number;
  expired: number;
  status: ReconcilerStatus;
};

/** Timers the reconciler runs on; tests pass fakes or call `tick()` directly. */
export type ReconcilerTimers = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type ReconcilerOptions = {
  sales: SalesRepository;
  /** The till's own voucher stock: a stock sale interrupted before its claim is finished locally. */
  vouchers?: VoucherStockRepository;
  gateway: SaleGateway;
  now?: () => number;
  /** References the engine is sending right now (left alone: the engine will journal their answer). */
  inFlight?: () => ReadonlySet<string>;
  /** How long after sending a "does not exist" is believed enough to resend (default 2 min). */
  graceMs?: number;
  /** Backoff per sale: base × 2^attempts, capped (defaults 5 s and 5 min). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Most enquiries at once (default 4). */
  maxInFlight?: number;
  /** Most sales looked at per tick (default 200). */
  batchSize?: number;
  /** Whether the till knows Smartcall is unreachable (ping monitor): the reconciler then waits. */
  isOffline?: () => boolean;
  /** The dealer's store-and-forward rules (a function: settings may change while the till runs). */
  offlinePolicy?: OfflinePolicy | (() => OfflinePolicy);
  onSaleChanged?: (sale: Sale) => void;
  onStatus?: (status: ReconcilerStatus) => void;
  crash?: (point: CrashPoint) => void;
};

export type Reconciler = {
  /** Look at every due sale once (and forward the queue if online). */
  tick(): Promise<TickReport>;
  /** Run ticks every `intervalMs` (default 5 s) until stopped. */
  start(timers: ReconcilerTimers, intervalMs?: number): void;
  stop(): void;
  /** Resume after an authentication stop (credentials fixed). */
  resume(): void;
  status(): ReconcilerStatus;
};

/** Build the reconciler. */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const now = options.now ?? Date.now;
  const graceMs = options.graceMs ?? 120_000;
  const base = options.backoffBaseMs ?? 5_000;
  const cap = options.backoffMaxMs ?? 300_000;
  const maxInFlight = Math.max(1, options.maxInFlight ?? 4);
  const batchSize = options.batchSize ?? 200;
  const inFlight = options.inFlight ?? (() => new Set<string>());
  const onSaleChanged = options.onSaleChanged ?? (() => undefined);
  const crash = options.crash ?? (() => undefined);
  const deps: DispatchDeps = { sales: options.sales, gateway: options.gateway, now, firstCheckDelayMs: base, onSaleChanged, crash };

  let status: ReconcilerStatus = { state: 'idle', message: null };
  let running: Promise<TickReport> | undefined;
  let timer: unknown;
  let timers: ReconcilerTimers | undefined;
  let interval = 5_000;
  let stopped = true;

  const setStatus = (next: ReconcilerStatus) => {
    if (next.state === status.state && next.message === status.message) return;
    status = next;
    options.onStatus?.(status);
  };
  const later = (sale: Sale) => {
    const attempts = sale.checkAttempts + 1;
    options.sales.scheduleCheck(sale.clientReference, now() + Math.min(cap, base * 2 ** Math.min(attempts, 20)), attempts);
  };
  /** When this sale was last (possibly) sent: its newest move into `intent`. */
  const lastSentAt = (sale: Sale) => options.sales.saleEvents(sale.clientReference).filter((e) => e.to === 'intent').at(-1)?.at ?? sale.createdAt;

  type Outcome = 'resolved' | 'resent' | 'waiting' | 'network-down' | 'auth';

  async function resend(sale: Sale): Promise<Outcome> {
    const request = parseSaleRequest(sale.request);
    if (!request) {
      // Older rows without a stored request cannot be resent safely: a person must decide.
      options.sales.scheduleCheck(sale.clientReference, now() + cap, sale.checkAttempts + 1);
      return 'waiting';
    }
    let current = sale;
    if (current.state === 'intent' || current.state === 'submitted') {
      current = options.sales.transitionSale({ clientReference: sale.clientReference, from: current.state, to: 'unknown', cause: 'enquiry:does-not-exist' });
      onSaleChanged(current);
    }
    current = options.sales.transitionSale({
      clientReference: sale.clientReference,
      from: 'unknown',
      to: 'intent',
      cause: 'resend:same-reference after 1005',
      patch: { checkAttempts: current.checkAttempts + 1 },
    });
    onSaleChanged(current);
    // A prevend was already accepted once; the resend is the recharge itself.
    await dispatchSale(deps, sale.clientReference, { ...request, method: request.method === 'prevend' ? 'async' : request.method });
    return 'resent';
  }

  /** A stock sale never went to Smartcall: finish it locally (claim, or fail if the stock ran out). */
  function settleFromStock(sale: Sale): Outcome {
    const productId = sale.productId;
    if (!options.vouchers || productId === null || sale.state !== 'intent') {
      options.sales.scheduleCheck(sale.clientReference, now() + cap, sale.checkAttempts + 1);
      return 'waiting';
    }
    crash('claiming-pin');
    try {
      onSaleChanged(options.vouchers.claimVoucher({ clientReference: sale.clientReference, productId, at: now() }));
    } catch (error) {
      if (!isStoreError(error, 'STORE_CONFLICT')) throw error;
      onSaleChanged(options.sales.transitionSale({ clientReference: sale.clientReference, from: 'intent', to: 'failed', cause: 'local-stock:out of stock', patch: { error: { code: 'SALE_OUT_OF_STOCK', message: error.message } } }));
    }
    return 'resolved';
  }

  async function check(sale: Sale): Promise<Outcome> {
    if (parseSaleRequest(sale.request)?.method === 'stock') return settleFromStock(sale);
    const smartloadId = parseSaleRequest(sale.request)?.smartloadId;
    if (!smartloadId) {
      options.sales.scheduleCheck(sale.clientReference, now() + cap, sale.checkAttempts + 1);
      return 'waiting';
    }
    try {
      const t = await options.gateway.transaction(smartloadId, sale.clientReference);
      crash('applying-enquiry');
      const verdict = fromTransaction(t);
      const after = applyVerdict(deps, sale.clientReference, sale.state, verdict);
      if (after.state === 'delivered' || after.state === 'failed') return 'resolved';
      later(after);
      return 'waiting';
    } catch (error) {
      const f = asGatewayFailure(error);
      if (f?.kind === 'auth') return 'auth';
      if (f?.apiCode === 1005) {
        if (now() - lastSentAt(sale) < graceMs) {
          later(sale);
          return 'waiting';
        }
        return resend(sale);
      }
      later(sale);
      // Refused / DNS / reset before an answer: the network is down; stop this round instead of hammering.
      if (f?.kind === 'transport' || (f?.kind === 'http' && f.code === 'SMARTCALL_SERVER_ERROR')) return 'network-down';
      return 'waiting';
    }
  }

  const policyNow = () => (typeof options.offlinePolicy === 'function' ? options.offlinePolicy() : options.offlinePolicy);

  async function forwardQueue(report: TickReport): Promise<Outcome | undefined> {
    const policy = policyNow();
    // A queued sale must not be spent on a Smartcall that is still away: once it leaves `queued` it can
    // only end sent or failed. Ask first (cheap, no login), and leave the queue alone if there is no answer.
    if (options.gateway.ping) {
      try {
        await options.gateway.ping();
      } catch {
        return 'network-down';
      }
    }
    for (const sale of options.sales.queuedSales(batchSize)) {
      if (policy && now() - sale.createdAt > policy.maxAgeMs) {
        onSaleChanged(options.sales.transitionSale({ clientReference: sale.clientReference, from: 'queued', to: 'cancelled', cause: 'expired:offline queue age limit', patch: { error: { code: 'SALE_QUEUE_EXPIRED', message: 'This queued sale was too old to send and was cancelled: nothing was charged.' } } }));
        report.expired++;
        continue;
      }
      const request = parseSaleRequest(sale.request);
      if (!request) continue;
      const moved = options.sales.transitionSale({ clientReference: sale.clientReference, from: 'queued', to: 'intent', cause: 'forward' });
      onSaleChanged(moved);
      crash('forwarding');
      const after = await dispatchSale(deps, sale.clientReference, request);
      report.forwarded++;
      const f = after.state === 'unknown' || after.state === 'failed' ? after.errorCode : null;
      // Keep the order: if Smartcall went away again, leave the rest queued for the next round.
      if (f && /CONNECTION|DNS|NETWORK|TIMEOUT|RESET/.test(f)) return 'network-down';
      if (after.state === 'unknown') return 'network-down';
    }
    return undefined;
  }

  async function runTick(): Promise<TickReport> {
    const report: TickReport = { checked: 0, resolved: 0, resent: 0, forwarded: 0, expired: 0, status };
    if (status.state === 'stopped-auth') return { ...report, status };
    if (options.isOffline?.()) {
      setStatus({ state: 'paused-offline', message: 'Smartcall cannot be reached: pending sales will be checked when it is back.' });
      return { ...report, status };
    }
    const busy = inFlight();
    const due = options.sales.pendingSales({ dueBy: now(), limit: batchSize }).filter((s) => !busy.has(s.clientReference));
    if (due.length > 0) setStatus({ state: 'working', message: null });
    let halt: Outcome | undefined;
    let next = 0;
    // A small pool: at most maxInFlight enquiries at once; each sale is independent of the others.
    const worker = async () => {
      while (halt === undefined && next < due.length) {
        const sale = due[next++]!;
        report.checked++;
        let outcome: Outcome;
        try {
          outcome = await check(sale);
        } catch {
          // A journal error on one sale (e.g. it moved meanwhile) must not stop the others.
          outcome = 'waiting';
        }
        if (outcome === 'resolved') report.resolved++;
        if (outcome === 'resent') report.resent++;
        if (outcome === 'auth' || outcome === 'network-down') halt = outcome;
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxInFlight, due.length) }, worker));
    // Forward whatever is queued (even if queueing was switched off since: those sales are owed).
    if (halt === undefined && options.sales.pendingCount().queued > 0) halt = await forwardQueue(report);
    if (halt === 'auth') {
      setStatus({ state: 'stopped-auth', message: 'Smartcall refused the till\'s login. Pending sales are NOT being checked: fix the Smartcall username and password in settings.' });
    } else if (halt === 'network-down') {
      setStatus({ state: 'paused-offline', message: 'Smartcall cannot be reached: pending sales will be checked when it is back.' });
    } else {
      setStatus({ state: 'idle', message: null });
    }
    return { ...report, status };
  }

  const schedule = () => {
    if (stopped || !timers) return;
    timer = timers.setTimeout(() => {
      void reconciler.tick().finally(schedule);
    }, interval);
  };

  const reconciler: Reconciler = {
    tick() {
      // Never two ticks at once: a slow round simply delays the next.
      running ??= runTick().finally(() => {
        running = undefined;
      });
      return running;
    },
    start(t, intervalMs = 5_000) {
      timers = t;
      interval = intervalMs;
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) timers?.clearTimeout(timer);
    },
    resume() {
      if (status.state === 'stopped-auth') setStatus({ state: 'idle', message: null });
    },
    status: () => status,
  };
  return reconciler;
}
