import { channels, type Channel, type ChannelRequest, type ChannelResponse } from '../../../shared/contract/channels';
import type { TillBridge } from '../../../shared/contract/bridge';
import { events, type EventName, type EventPayload } from '../../../shared/contract/events';
import type { TillError } from '../../../shared/contract/envelope';
import { createHttpBridge } from './http-bridge';

/**
 * The renderer's one way into the core. Components import `api` from here and never touch
 * `window.*` or fetch the bridge themselves, so a component test mocks this one module.
 * Under Electron the preload provides `window.tillBridge`; in the browser shell the HTTP bridge does.
 */

declare global {
  interface Window {
    tillBridge?: TillBridge;
  }
}

/** A refused or failed call, with the stable code and the message to show the cashier. */
export class ApiError extends Error {
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly outcomeUnknown: boolean;
  constructor(error: TillError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.fields = error.fields;
    this.outcomeUnknown = error.outcomeUnknown ?? false;
  }
}

let bridge: TillBridge | undefined;
function getBridge(): TillBridge {
  bridge ??= window.tillBridge ?? createHttpBridge();
  return bridge;
}

export const api = {
  /** Call a contract channel; resolves with the checked answer or rejects with an ApiError. */
  async invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
    const envelope = await getBridge().invoke(channel, request);
    if (!envelope.ok) throw new ApiError(envelope.error);
    return channels[channel].response.parse(envelope.value) as ChannelResponse<C>;
  },
  /** Listen to a push event; payloads that do not match the contract are dropped. Returns unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return getBridge().on(event, (payload) => {
      const checked = events[event].safeParse(payload);
      if (checked.success) listener(checked.data as EventPayload<E>);
    });
  },
};
