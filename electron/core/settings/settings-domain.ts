import type { CoreContext } from '../context';
import { notReady, type Domain } from '../domain';

export const settingsChannelNames = ['settings:get', 'settings:update'] as const;

/** The settings screen. (Placeholder until the till-screen work builds it.) */
export function createSettingsDomain(_ctx: CoreContext): Domain<(typeof settingsChannelNames)[number]> {
  return { handlers: notReady(settingsChannelNames) };
}
