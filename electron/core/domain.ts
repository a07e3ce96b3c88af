import type { Channel } from '../../shared/contract/channels';
import type { Handlers } from './gate';

/** A part of the core: the contract channels it answers, and what it runs in the background. */
export type Domain<C extends Channel> = {
  handlers: Pick<Handlers, C>;
  /** Start background work (polling, the reconciler). Called once, after every domain is built. */
  start?(): void;
  /** Stop background work; called once on shutdown, in reverse order of creation. */
  close?(): Promise<void>;
};
