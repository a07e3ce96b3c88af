import type { StatusView } from '../../../shared/contract/status';
import { isSmartcallError, type HealthReport } from '../../smartcall';
import type { CatalogueMonitor } from '../catalogue/catalogue-domain';
import type { CoreContext } from '../context';
import { defineHandlers } from '../gate';
import type { Domain } from '../domain';
import { realTimers, type IntervalTimers } from '../timers';

export const statusChannelNames = ['status:get'] as const;
type StatusChannel = (typeof statusChannelNames)[number];

/**
 * Below this the status bar warns that the dealer wallet is running low. A constant for now: there
 * is no setting for it (electron/platform/settings.ts would need a `dealer.lowBalanceCents`).
 */
export const LOW_BALANCE_CENTS = 50_000;

/** The reconciler's state as the status bar shows it. */
export type ReconcilerStatusView = StatusView['reconciler'];

/** Timers for the polls; real (unref'd) ones by default, tests pass their own. */
export type StatusTimers = IntervalTimers;

export type StatusDomainOptions = {
  timers?: StatusTimers;
  /** The catalogue, for its last refresh time and to republish when it changes (wired by till-core). */
  catalogue?: Pick<CatalogueMonitor, 'refreshedAt' | 'onChange'>;
  /** How often Smartcall is pinged (no login needed). Default 15 s. */
  pingMs?: number;
  /** How often network health is asked for. Default 30 s. */
  healthMs?: number;
  /** How often the dealer balance is asked for (and at the next ping after a sale changed). Default 5 min. */
  balanceMs?: number;
  /** Low-balance threshold in cents (default {@link LOW_BALANCE_CENTS}). */
  lowBalanceCents?: number;
};

/** What other domains (sales, reconciler) and tests use of the status monitor. */
export type StatusMonitor = {
  /** Check everything now (ping, health, balance, pending counts); emits `status:changed` if anything changed. */
  refresh(): Promise<StatusView>;
  /** Recount the journal's pending sales without asking Smartcall (cheap; after a sale changed). */
  recount(): StatusView;
  /** The reconciler reports its state here (default idle). */
  setReconcilerStatus(status: ReconcilerStatusView): void;
  /** True when the last check could not reach Smartcall (false before the first check). */
  isOffline(): boolean;
  /** The status as last computed. */
  view(): StatusView;
};

export type StatusDomain = Domain<StatusChannel> & StatusMonitor;


/** The health keys Smartcall reports (API.md 10b) and the names the status bar shows. */
const NETWORK_NAMES: Readonly<Record<string, string>> = { vodacom: 'Vodacom', mtn: 'MTN', cellc: 'Cell C', telkom: 'Telkom', virgin: 'Virgin Mobile' };

/**
 * The status bar's data: is Smartcall reachable (ping), the mobile networks' health, the dealer
 * balance (low?), the journal's pending work, the reconciler and the catalogue's age. Polled in
 * the background; `status:changed` is emitted only when something a person would see changed
 * (not the check times), so an idle till sends nothing.
 */
export function createStatusDomain(ctx: CoreContext, options: StatusDomainOptions = {}): StatusDomain {
  const timers = options.timers ?? realTimers;
  const pingMs = options.pingMs ?? 15_000;
  const healthMs = options.healthMs ?? 30_000;
  const balanceMs = options.balanceMs ?? 5 * 60_000;
  const lowBalanceCents = options.lowBalanceCents ?? LOW_BALANCE_CENTS;

  let online = false;
  let checkedAt: number | null = null;
  let health: HealthReport | null = null;
  let healthAt = 0;
  let balance: { smartloadId: string; cents: number; at: number } | null = null;
  let balanceStale = true;
  let reconciler: ReconcilerStatusView = { state: 'idle', message: null };
  let current: StatusView | undefined;
  let lastSignature: string | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let polling = false;
  let closed = false;
  let timer: unknown;
  const cleanups: (() => void)[] = [];

  const networks = (): StatusView['networks'] => {
    const report: HealthReport = health ?? Object.fromEntries(Object.keys(NETWORK_NAMES).map((k) => [k, 'unknown']));
    return Object.entries(report).map(([key, h]) => ({ key, name: NETWORK_NAMES[key] ?? key, health: online ? h : 'unknown' }));
  };

  const compute = (): StatusView => {
    const dealerId = ctx.dealerId();
    const known = balance !== null && balance.smartloadId === dealerId ? balance : null;
    return {
      mode: ctx.mode,
      online,
      checkedAt,
      networks: networks(),
      dealer: dealerId === null ? null : { smartloadId: dealerId, balanceCents: known?.cents ?? null, balanceAt: known?.at ?? null, low: known !== null && known.cents < lowBalanceCents },
      pending: closed ? (current?.pending ?? { unresolved: 0, queued: 0, needsAttention: 0 }) : ctx.store.sales.pendingCount(),
      catalogueRefreshedAt: options.catalogue?.refreshedAt() ?? null,
      reconciler,
    };
  };

  /** Recompute; emit when what a person sees changed (check times alone do not count). */
  const publish = (): StatusView => {
    // After close the journal may be shut (a poll can outlive the core): answer the last view, emit nothing.
    if (closed) return current ?? compute();
    const view = compute();
    current = view;
    const signature = JSON.stringify({ ...view, checkedAt: null, dealer: view.dealer && { ...view.dealer, balanceAt: null } });
    if (signature !== lastSignature) {
      lastSignature = signature;
      ctx.events.emit('status:changed', view);
    }
    return view;
  };

  const poll = async (full: boolean): Promise<StatusView> => {
    try {
      await ctx.client.ping();
      online = true;
    } catch (error) {
      if (!isSmartcallError(error)) throw error;
      online = false;
    }
    checkedAt = ctx.now();
    if (online && (full || ctx.now() - healthAt >= healthMs)) {
      try {
        health = await ctx.client.networkStatus();
      } catch (error) {
        if (!isSmartcallError(error)) throw error;
        health = null; // not allowed or not answered: unknown, never a guess
      }
      healthAt = ctx.now();
    }
    const dealerId = ctx.dealerId();
    if (online && dealerId !== null && (full || balanceStale || balance === null || ctx.now() - balance.at >= balanceMs)) {
      try {
        balance = { smartloadId: dealerId, cents: await ctx.client.balance(dealerId), at: ctx.now() };
        balanceStale = false;
      } catch (error) {
        if (!isSmartcallError(error)) throw error; // keep the last known balance; its time shows its age
      }
    }
    return publish();
  };

  /** Polls run one at a time, in order: a refresh during a background poll runs after it. */
  const enqueue = (full: boolean): Promise<StatusView> => {
    const run = chain.then(() => poll(full));
    chain = run.catch(() => undefined);
    return run;
  };

  const tick = () => {
    if (polling) return; // a slow Smartcall must not pile polls up
    polling = true;
    enqueue(false)
      .catch((error: unknown) => closed || console.error('[status] poll failed', error instanceof Error ? error.message : String(error)))
      .finally(() => {
        polling = false;
      });
  };

  const monitor: StatusMonitor = {
    refresh: () => enqueue(true),
    recount: publish,
    setReconcilerStatus(status) {
      reconciler = { state: status.state, message: status.message };
      publish();
    },
    isOffline: () => checkedAt !== null && !online,
    view: () => current ?? compute(),
  };
  // The first monitor built on a context is the core's own; a second one (a test's) does not replace it.

  const handlers = defineHandlers<StatusChannel>({
    'status:get': async () => (checkedAt === null ? enqueue(false) : publish()),
  });

  return {
    handlers,
    ...monitor,
    start() {
      // A sale moved: recount now, and ask for the balance at the next poll.
      cleanups.push(
        ctx.events.subscribe((name) => {
          if (name !== 'sale:changed') return;
          balanceStale = true;
          publish();
        }),
      );
      const catalogue = options.catalogue;
      if (catalogue) cleanups.push(catalogue.onChange(() => void publish()));
      tick();
      timer = timers.setInterval(tick, pingMs);
    },
    async close() {
      closed = true;
      if (timer !== undefined) timers.clearInterval(timer);
      timer = undefined;
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}
