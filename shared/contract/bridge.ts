import type { Envelope } from './envelope';

/**
 * The one object a shell gives the renderer. The Electron preload exposes it as
 * `window.tillBridge`; the browser shell's HTTP transport implements the same shape. It is untyped
 * on purpose (strings and unknown): the renderer's api module adds the types from the contract.
 */
export interface TillBridge {
  /** Call a contract channel; always resolves to an envelope, never throws. */
  invoke(channel: string, request: unknown): Promise<Envelope<unknown>>;
  /** Subscribe to a push event; returns the function that unsubscribes. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Names used on the wire by the shells (IPC channel names, HTTP paths). Kept here, nowhere else. */
export const bridgeWire = {
  /** The single IPC channel that carries every contract call from preload to main. */
  ipcInvoke: 'till:invoke',
  /** The single IPC channel that carries every push event from main to the renderer. */
  ipcEvent: 'till:event',
  /** Browser shell: POST `${httpApiPrefix}<channel>` with the JSON request. */
  httpApiPrefix: '/api/',
  /** Browser shell: server-sent events stream of `{event, payload}` messages. */
  httpEvents: '/events',
  /** Browser shell: the session cookie set once the launch token was presented. */
  sessionCookie: 'till_session',
  /** Browser shell: the query parameter that carries the launch token exactly once. */
  tokenParam: 'token',
} as const;
