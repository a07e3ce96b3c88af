import type { ShellKind, TillMode } from '../../shared/contract/channels';
import type { SettingsStore } from '../platform/settings';
import type { RunningSimulator } from '../simulator';
import type { SmartcallClient } from '../smartcall';
import type { Store } from '../store';
import type { EventBus } from './event-bus';

/** The signed-in person the core acts for. */
export type Actor = { cashierId: number; name: string; role: 'cashier' | 'supervisor' };

/**
 * What other domains need from the session: who is selling. The session domain implements it; the
 * sales domain calls it before journaling anything.
 */
export interface SessionPort {
  /** The signed-in, unlocked cashier with an open shift; throws a TillFailure (SESSION_*) otherwise. */
  requireSeller(): Actor & { shiftId: number };
  /** The signed-in, unlocked supervisor; throws a TillFailure (SESSION_SUPERVISOR_ONLY) otherwise. */
  requireSupervisor(): Actor;
}

/** Everything a domain of the core is built from. Created once by `createTillCore`. */
export type CoreContext = {
  mode: TillMode;
  shell: ShellKind;
  dataDir: string;
  version: string;
  now: () => number;
  events: EventBus;
  store: Store;
  client: SmartcallClient;
  settings: SettingsStore;
  /** The dealer wallet sales are paid from (training: the simulator's demo dealer); null = not configured. */
  dealerId: () => string | null;
  /** Training mode only: the embedded simulator. */
  simulator: RunningSimulator | undefined;
};
