import type { CoreContext, SessionPort } from './context';
import { createSalesEngineDomain, salesEngineChannels, type SalesDomain, type SalesDomainOptions } from './sales/domain';

export const salesChannelNames = salesEngineChannels;

/**
 * Selling, the reconciler and the offline queue (electron/core/sales/), with the dealer's
 * store-and-forward settings read fresh on every decision so a supervisor's change applies at once.
 */
export function createSalesDomain(ctx: CoreContext, session: SessionPort, options: SalesDomainOptions = {}): SalesDomain {
  return createSalesEngineDomain(ctx, session, {
    offlinePolicy: () => {
      const queue = ctx.settings.get().offlineQueue;
      return { enabled: queue.enabled, maxTotalCents: queue.maxTotalCents, maxAgeMs: queue.maxAgeMinutes * 60_000, maxSales: queue.maxSales };
    },
    ...options,
  });
}
