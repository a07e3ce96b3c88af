import type { Channel } from '../../shared/contract/channels';
import { TillFailure } from '../../shared/contract/envelope';
import type { Handlers } from './gate';

/** A part of the core: the contract channels it answers, and what it runs in the background. */
export type Domain<C extends Channel> = {
  handlers: Pick<Handlers, C>;
  /** Start background work (polling, the reconciler). Called once, after every domain is built. */
  start?(): void;
  /** Stop background work; called once on shutdown, in reverse order of creation. */
  close?(): Promise<void>;
};

/** Placeholder handlers for channels whose domain is not built yet: a clear refusal, never a crash. */
export function notReady<C extends Channel>(names: readonly C[]): Pick<Handlers, C> {
  const handlers = {} as Record<C, () => Promise<never>>;
  for (const name of names) {
    handlers[name] = async () => {
      throw new TillFailure('CORE_NOT_READY', 'This part of the till is not available yet.');
    };
  }
  return handlers;
}
