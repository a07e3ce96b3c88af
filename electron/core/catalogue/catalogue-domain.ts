import type { CoreContext } from '../context';
import { notReady, type Domain } from '../domain';

export const catalogueChannelNames = ['catalogue:get', 'catalogue:refresh', 'recipient:lookup'] as const;

/** The catalogue and the recipient's network. (Placeholder until the till-screen work builds it.) */
export function createCatalogueDomain(_ctx: CoreContext): Domain<(typeof catalogueChannelNames)[number]> {
  return { handlers: notReady(catalogueChannelNames) };
}
