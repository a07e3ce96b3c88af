import type { CoreContext } from '../context';
import { notReady, type Domain } from '../domain';

export const statusChannelNames = ['status:get'] as const;

/** The status bar's data. (Placeholder until the till-screen work builds it.) */
export function createStatusDomain(_ctx: CoreContext): Domain<(typeof statusChannelNames)[number]> {
  return { handlers: notReady(statusChannelNames) };
}
