import type { CatalogueView, NetworkHealth, RecipientView } from '../../../shared/contract/catalogue';
import { TillFailure } from '../../../shared/contract/envelope';
import { formatMsisdn, MsisdnError, normaliseMsisdn } from '../../../shared/msisdn';
import { DEFAULT_SMARTCALL_PATHS, isSmartcallError, type Network } from '../../smartcall';
import type { CoreContext } from '../context';
import { defineHandlers } from '../gate';
import type { Domain } from '../domain';
import { toNetworkViews } from './catalogue-view';
import { networkByPrefix } from './prefix';
import { realTimers, type IntervalTimers } from '../timers';

export const catalogueChannelNames = ['catalogue:get', 'catalogue:refresh', 'recipient:lookup'] as const;
type CatalogueChannel = (typeof catalogueChannelNames)[number];

export const CatalogueErrorCode = {
  /** Smartcall cannot be reached and no catalogue was ever kept: nothing can be shown. */
  Unavailable: 'CATALOGUE_UNAVAILABLE',
} as const;

/** Timers for the background refresh; real (unref'd) ones by default. */
export type CatalogueTimers = IntervalTimers;

export type CatalogueDomainOptions = {
  timers?: CatalogueTimers;
  /** How often the catalogue is asked for again (If-None-Match: a 304 costs almost nothing). Default 15 min. */
  refreshMs?: number;
  /** While showing a kept copy, a `catalogue:get` older than this asks Smartcall again in the background. Default 60 s. */
  retryOfflineMs?: number;
  /** A SIM network lookup slower than this falls back to the prefix guess (the cashier is waiting). Default 4 s. */
  lookupDeadlineMs?: number;
};

/** What other domains read from the catalogue (the status bar shows `refreshedAt`). */
export type CatalogueMonitor = {
  /** When Smartcall last confirmed the catalogue (fresh answer or 304); null = never. */
  refreshedAt(): number | null;
  /** Be told when `refreshedAt` or the kept catalogue changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** The networks as last known (fresh or kept), or null when none was ever fetched. */
  networks(): readonly Network[] | null;
};

export type CatalogueDomain = Domain<CatalogueChannel> & CatalogueMonitor & {
  /** Ask Smartcall now (single flight); resolves to the screen's view. */
  refresh(): Promise<CatalogueView>;
};

/**
 * The catalogue and the recipient's network. The catalogue comes from `client.networks()` (ETag
 * cached in the journal): fresh when Smartcall answers, the kept copy (`fromCache`) when it does not,
 * so a till that has ever been online never shows an empty screen. Network health comes from the
 * status monitor's `status:changed` events.
 */
export function createCatalogueDomain(ctx: CoreContext, options: CatalogueDomainOptions = {}): CatalogueDomain {
  const timers = options.timers ?? realTimers;
  const refreshMs = options.refreshMs ?? 15 * 60_000;
  const retryOfflineMs = options.retryOfflineMs ?? 60_000;
  const lookupDeadlineMs = options.lookupDeadlineMs ?? 4_000;

  let networks: Network[] | null = null;
  let fromCache = false;
  // A restart starts from when the kept copy was last confirmed (stored in the journal with it).
  let refreshedAt: number | null = ctx.store.httpCache.get(DEFAULT_SMARTCALL_PATHS.networks)?.storedAt ?? null;
  let lastAttemptAt = 0;
  let inFlight: Promise<CatalogueView> | undefined;
  let timer: unknown;
  const listeners = new Set<() => void>();
  const health = new Map<string, NetworkHealth>();

  const changed = () => {
    for (const listener of [...listeners]) listener();
  };

  // The status monitor polls health; the catalogue shows it per network.
  const unsubscribe = ctx.events.subscribe((name, payload) => {
    if (name !== 'status:changed') return;
    health.clear();
    for (const n of (payload as { networks: { key: string; health: NetworkHealth }[] }).networks) health.set(n.key, n.health);
  });

  const view = (): CatalogueView => ({
    networks: toNetworkViews(networks ?? [], (key) => health.get(key) ?? 'unknown'),
    refreshedAt,
    fromCache,
  });

  const fetchNow = async (): Promise<CatalogueView> => {
    lastAttemptAt = ctx.now();
    try {
      networks = await ctx.client.networks();
      fromCache = false;
      refreshedAt = ctx.now();
      changed();
      return view();
    } catch (error) {
      if (!isSmartcallError(error)) throw error;
      const kept = networks ?? ctx.client.cachedNetworks();
      if (!kept) {
        throw new TillFailure(CatalogueErrorCode.Unavailable, `The product list cannot be loaded: ${error.message} Nothing can be sold until the till has reached Smartcall once.`, { cause: error });
      }
      const wasFromCache = fromCache;
      networks = kept;
      fromCache = true;
      if (!wasFromCache) changed();
      return view();
    }
  };

  const refresh = (): Promise<CatalogueView> => {
    inFlight ??= fetchNow().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const quietRefresh = () => {
    refresh().catch(() => undefined); // the next call or tick tries again; the screen hears about it on catalogue:get
  };

  const currentNetworks = (): readonly Network[] => networks ?? ctx.client.cachedNetworks() ?? [];

  const handlers = defineHandlers<CatalogueChannel>({
    'catalogue:get': async () => {
      if (networks === null) return refresh();
      if (fromCache && ctx.now() - lastAttemptAt >= retryOfflineMs) quietRefresh();
      return view();
    },
    'catalogue:refresh': async () => refresh(),
    'recipient:lookup': async ({ number }) => {
      let msisdn: string;
      try {
        msisdn = normaliseMsisdn(number);
      } catch (error) {
        if (error instanceof MsisdnError) throw new TillFailure(error.code, error.message, { fields: { number: error.message } });
        throw error;
      }
      const display = formatMsisdn(msisdn);
      const byName = (name: string) => findNetwork(currentNetworks(), name);
      try {
        const sim = await withDeadline(ctx.client.simNetwork(msisdn), lookupDeadlineMs);
        const network = byName(sim.network);
        return { msisdn, display, networkId: network?.id ?? null, networkName: network?.description ?? sim.network, ported: sim.ported, source: 'lookup' } satisfies RecipientView;
      } catch (error) {
        if (!isSmartcallError(error) && !(error instanceof LookupTooSlow)) throw error;
        // Offline, refused or too slow: guess from the prefix (ported numbers will be wrong; the screen says it is a guess).
        const guess = networkByPrefix(msisdn);
        if (guess === undefined) return { msisdn, display, networkId: null, networkName: null, ported: false, source: 'unknown' } satisfies RecipientView;
        const network = byName(guess);
        return { msisdn, display, networkId: network?.id ?? null, networkName: network?.description ?? guess, ported: false, source: 'prefix' } satisfies RecipientView;
      }
    },
  });

  const monitor: CatalogueMonitor = {
    refreshedAt: () => refreshedAt,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    networks: () => networks,
  };
  // The first monitor built on a context is the core's own; a second one (a test's) does not replace it.

  return {
    handlers,
    ...monitor,
    refresh,
    start() {
      quietRefresh();
      timer = timers.setInterval(quietRefresh, refreshMs);
    },
    async close() {
      if (timer !== undefined) timers.clearInterval(timer);
      timer = undefined;
      unsubscribe();
    },
  };
}

/** A catalogue network by Smartcall's name for it ("Cell C" and "CellC" are the same network). */
function findNetwork(networks: readonly Network[], name: string): Network | undefined {
  const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const wanted = key(name);
  return networks.find((n) => key(n.description) === wanted);
}

class LookupTooSlow extends Error {}

/** Resolve with `promise`, or reject with LookupTooSlow after `ms` (the request itself is a harmless GET and may finish later). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LookupTooSlow('SIM network lookup too slow')), ms);
    timer.unref();
  });
  promise.catch(() => undefined); // a late failure after the deadline is not an unhandled rejection
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
