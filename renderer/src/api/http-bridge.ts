import { bridgeWire, type TillBridge } from '../../../shared/contract/bridge';
import { envelopeSchema, GateErrorCode, type Envelope } from '../../../shared/contract/envelope';

/**
 * The browser shell's side of the bridge: the same TillBridge the Electron preload exposes, over
 * `POST /api/<channel>` and server-sent events. The session cookie rides along on its own.
 */
export function createHttpBridge(base = ''): TillBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  const ensureStream = () => {
    if (source) return;
    source = new EventSource(`${base}${bridgeWire.httpEvents}`);
    source.onmessage = (message: MessageEvent<string>) => {
      let parsed: { event?: unknown; payload?: unknown };
      try {
        parsed = JSON.parse(message.data) as { event?: unknown; payload?: unknown };
      } catch {
        return;
      }
      if (typeof parsed.event !== 'string') return;
      for (const listener of listeners.get(parsed.event) ?? []) listener(parsed.payload);
    };
  };

  return {
    async invoke(channel, request): Promise<Envelope<unknown>> {
      try {
        const response = await fetch(`${base}${bridgeWire.httpApiPrefix}${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request ?? {}),
          credentials: 'same-origin',
        });
        const checked = envelopeSchema.safeParse(await response.json());
        if (checked.success) return checked.data;
      } catch {
        // fall through: the core could not be reached or did not answer an envelope
      }
      return {
        ok: false,
        error: { code: GateErrorCode.Unreachable, message: 'The till screen lost contact with the till. Check that the till is still running.' },
      };
    },
    on(event, listener) {
      ensureStream();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}
