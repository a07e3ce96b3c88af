import { bridgeWire } from '../../shared/contract/bridge';
import { fail, GateErrorCode, type Envelope } from '../../shared/contract/envelope';
import type { EventName } from '../../shared/contract/events';
import type { EventBus } from '../core/event-bus';
import type { Gate } from '../core/gate';
import { senderFromEvent, type InvokeEventLike } from './ipc-sender';

/**
 * The wiring between Electron's IPC and the core: one `ipcMain.handle` channel into the gate, and
 * the core's events out to the window. Typed against the few methods it uses, so tests drive it
 * with a stand-in ipcMain; the real ipcMain and WebContents fit these shapes.
 */

/** The part of `ipcMain` this module uses. */
export interface IpcMainPort {
  /** Answer every `ipcRenderer.invoke(channel, …)` with the listener's result. */
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<Envelope<unknown>>): void;
  /** Stop answering `channel`. */
  removeHandler(channel: string): void;
}

/** The part of a `WebContents` events are sent to. */
export interface EventSink {
  /** Send one message on an IPC channel to the page. */
  send(channel: string, message: unknown): void;
  /** True once the page is gone; nothing may be sent then. */
  isDestroyed(): boolean;
}

/** The message on `bridgeWire.ipcEvent`: the preload filters on `event`. */
export type IpcEventMessage = { event: EventName; payload: unknown };

/**
 * Answer `bridgeWire.ipcInvoke` calls (`invoke(ipcInvoke, channel, request)` from the preload) with the
 * gate's envelope. The sender comes from the event, never from the arguments. Returns the undo.
 */
export function registerGateIpc(ipcMain: IpcMainPort, gate: Gate): () => void {
  ipcMain.handle(bridgeWire.ipcInvoke, async (event, channel, request) => {
    try {
      return await gate.dispatch(channel, request, senderFromEvent(event));
    } catch {
      // The gate answers every failure as an envelope; this is for the impossible, so the page still gets one.
      return fail(GateErrorCode.Internal, 'Something went wrong inside the till. Try again; if it keeps happening, call support.');
    }
  });
  return () => ipcMain.removeHandler(bridgeWire.ipcInvoke);
}

/** Send every core event to the window's page until it is gone. Returns the unsubscribe. */
export function forwardEvents(events: EventBus, target: EventSink): () => void {
  const unsubscribe = events.subscribe((event, payload) => {
    if (target.isDestroyed()) {
      unsubscribe();
      return;
    }
    const message: IpcEventMessage = { event, payload };
    target.send(bridgeWire.ipcEvent, message);
  });
  return unsubscribe;
}
