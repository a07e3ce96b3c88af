import type { z } from 'zod';
import { channels, isChannel, type Channel, type ChannelRequest, type ChannelResponse } from '../../shared/contract/channels';
import { fail, GateErrorCode, ok, TillFailure, type Envelope } from '../../shared/contract/envelope';

/** Who is calling, as the shell saw it. The gate decides whether to trust it. */
export type Sender = {
  /** The origin of the calling frame (`app://till`, `http://127.0.0.1:5173`, …). */
  origin: string;
  /** True when the call comes from the window's top-level frame, not an iframe. */
  isTopFrame: boolean;
};

/** One function per contract channel. Handlers get an already-validated request. */
export type Handlers = {
  [C in Channel]: (request: ValidRequest<C>) => Promise<ChannelResponse<C>>;
};
type ValidRequest<C extends Channel> = z.output<(typeof channels)[C]['request']>;

export interface GateLogger {
  /** Something failed inside a handler without a TillFailure; never passed a payload. */
  error(message: string, meta: Record<string, unknown>): void;
}

export type GateOptions = {
  handlers: Handlers;
  /** True for the origins this shell serves the till from. */
  isTrustedOrigin: (origin: string) => boolean;
  logger?: GateLogger;
};

export type Gate = {
  /** The single entry into the core: checks channel, sender and payload, runs the handler once. */
  dispatch(channel: unknown, payload: unknown, sender: Sender): Promise<Envelope<unknown>>;
};

/**
 * The one gate every call crosses, in both shells. Order matters: an unknown channel or a foreign
 * sender is refused before the payload is even looked at, and a bad payload before the handler
 * runs, so a refused call changes nothing.
 */
export function createGate(options: GateOptions): Gate {
  const { handlers, isTrustedOrigin } = options;
  const logger = options.logger ?? consoleLogger;

  return {
    async dispatch(channel, payload, sender) {
      if (!isChannel(channel)) {
        return fail(GateErrorCode.UnknownChannel, 'The till does not know that request. Restart the till; if it keeps happening, call support.');
      }
      if (!sender.isTopFrame || !isTrustedOrigin(sender.origin)) {
        return fail(GateErrorCode.ForbiddenSender, 'This request did not come from the till screen and was refused.');
      }
      const spec = channels[channel];
      const parsed = spec.request.safeParse(payload ?? {});
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) {
          const path = issue.path.map(String).join('.') || '(request)';
          fields[path] ??= issue.message;
        }
        return fail(GateErrorCode.InvalidRequest, 'Some of what was entered is not valid. Check the highlighted fields.', { fields });
      }
      try {
        const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
        const value = await handler(parsed.data);
        const checked = spec.response.safeParse(value);
        if (!checked.success) {
          logger.error('handler answer does not match the contract', { channel, issues: checked.error.issues.length });
          return fail(GateErrorCode.Internal, 'The till answered something unexpected. Try again; if it keeps happening, call support.');
        }
        return ok(checked.data);
      } catch (error) {
        if (error instanceof TillFailure) return { ok: false, error: error.toTillError() };
        logger.error('handler failed', { channel, error: error instanceof Error ? error.name + ': ' + error.message : String(error) });
        return fail(GateErrorCode.Internal, 'Something went wrong inside the till. Try again; if it keeps happening, call support.');
      }
    },
  };
}

const consoleLogger: GateLogger = {
  error(message, meta) {
    console.error(`[gate] ${message}`, meta);
  },
};

/** Typed helper for handler maps split by domain: `defineHandlers({ 'app:info': async () => … })`. */
export function defineHandlers<C extends Channel>(map: { [K in C]: Handlers[K] }): { [K in C]: Handlers[K] } {
  return map;
}

export type { ChannelRequest };
