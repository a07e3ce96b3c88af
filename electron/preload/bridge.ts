import { bridgeWire, type TillBridge } from '../../shared/contract/bridge';
import { isChannel } from '../../shared/contract/channels';
import { envelopeSchema, fail, GateErrorCode } from '../../shared/contract/envelope';
import { isEventName } from '../../shared/contract/events';

/**
 * The object the preload exposes as `window.tillBridge`, built over the few ipcRenderer methods it
 * needs so that it is tested without Electron. It is all the page gets: a contract call and an
 * event subscription; never ipcRenderer itself, never an IPC event object.
 */

/** The part of `ipcRenderer` the bridge uses. */
export interface IpcRendererPort {
  /** Send on an IPC channel and wait for the main process' answer. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Listen on an IPC channel; the first argument is Electron's event object. */
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  /** Stop a listener added with `on`. */
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createTillBridge(ipc: IpcRendererPort, report: (message: string) => void = (message) => console.error(message)): TillBridge {
  return {
    async invoke(channel, request) {
      // Refused here, before anything is sent: main would refuse it too, but need not hear of it.
      if (!isChannel(channel)) {
        return fail(GateErrorCode.UnknownChannel, 'The till does not know that request. Restart the till; if it keeps happening, call support.');
      }
      let answer: unknown;
      try {
        answer = await ipc.invoke(bridgeWire.ipcInvoke, channel, request);
      } catch (error) {
        if (error instanceof Error && /could not be cloned/i.test(error.message)) {
          return fail(GateErrorCode.InvalidRequest, 'Some of what was entered is not valid. Check the highlighted fields.');
        }
        return fail(GateErrorCode.Unreachable, 'The till screen lost its link to the till. Restart the till; if it keeps happening, call support.');
      }
      const checked = envelopeSchema.safeParse(answer);
      if (!checked.success) {
        return fail(GateErrorCode.Unreachable, 'The till answered something the screen cannot read. Restart the till; if it keeps happening, call support.');
      }
      return checked.data;
    },

    on(event, listener) {
      if (!isEventName(event)) throw new TypeError(`"${String(event)}" is not a till event.`);
      if (typeof listener !== 'function') throw new TypeError('A till event listener must be a function.');
      const onMessage = (_event: unknown, message: unknown) => {
        if (typeof message !== 'object' || message === null || (message as { event?: unknown }).event !== event) return;
        try {
          listener((message as { payload?: unknown }).payload);
        } catch (error) {
          // One failing screen listener must not keep the event from the others.
          report(`[tillBridge] a listener for ${event} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      ipc.on(bridgeWire.ipcEvent, onMessage);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(bridgeWire.ipcEvent, onMessage);
      };
    },
  };
}
