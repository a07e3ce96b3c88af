import { events, type EventName, type EventPayload } from '../../shared/contract/events';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Push events from the core to whichever shell is attached. Payloads are checked against the contract. */
export interface EventBus {
  /** Validate and deliver an event to every subscriber (shells forward it to the screens). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Receive every event; returns the function that unsubscribes. */
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      // A payload that breaks the contract is a bug in the core: fail loudly where it happens.
      const checked = events[name].parse(payload);
      for (const listener of [...listeners]) {
        try {
          listener(name, checked);
        } catch (error) {
          console.error('[events] a listener failed', { name, error: error instanceof Error ? error.message : String(error) });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
