import type { CoreContext, SessionPort } from './context';
import { notReady, type Domain } from './domain';

export const salesChannelNames = [
  'sales:prevend',
  'sales:sell',
  'sales:get',
  'sales:list',
  'sales:pending',
  'sales:acknowledge',
  'sales:cancelQueued',
  'sales:batch',
] as const;

/** Selling, the reconciler and the offline queue. (Placeholder until the sale engine is wired in.) */
export function createSalesDomain(_ctx: CoreContext, _session: SessionPort): Domain<(typeof salesChannelNames)[number]> {
  return { handlers: notReady(salesChannelNames) };
}
