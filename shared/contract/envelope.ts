import { z } from 'zod';

/**
 * Stable error codes that the gate itself produces. Domain modules add their own codes
 * (e.g. `SMARTCALL_*`, `SALE_*`); every code is a constant string that support can search for.
 */
export const GateErrorCode = {
  /** The channel is not in the contract. Nothing ran. */
  UnknownChannel: 'GATE_UNKNOWN_CHANNEL',
  /** The payload did not match the channel's request schema. Nothing ran. */
  InvalidRequest: 'GATE_INVALID_REQUEST',
  /** The caller is not the till's own top-level page. Nothing ran. */
  ForbiddenSender: 'GATE_FORBIDDEN_SENDER',
  /** The handler failed in a way it did not describe; details are in the main-process log. */
  Internal: 'GATE_INTERNAL',
  /** The bridge could not be reached or answered something that is not an envelope (renderer side). */
  Unreachable: 'BRIDGE_UNREACHABLE',
} as const;

/** What crosses the boundary when a call fails: a stable code and a message a cashier can act on. */
export const tillErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  /** Field-level problems for forms (path → message), when the error is about input. */
  fields: z.record(z.string(), z.string()).optional(),
  /** True when a request that moves money may have reached Smartcall and its outcome is not known. */
  outcomeUnknown: z.boolean().optional(),
});
export type TillError = z.infer<typeof tillErrorSchema>;

/** Every answer is an envelope: thrown errors lose everything but their message across IPC. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: TillError };

export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: tillErrorSchema }),
]);

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: string, message: string, extra?: Omit<TillError, 'code' | 'message'>): Envelope<never> {
  return { ok: false, error: { code, message, ...extra } };
}

/**
 * An error a handler throws on purpose: its code and message reach the screen as they are.
 * Anything else a handler throws becomes GATE_INTERNAL with a generic message.
 */
export class TillFailure extends Error {
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly outcomeUnknown: boolean | undefined;
  constructor(code: string, message: string, extra?: { fields?: Record<string, string>; outcomeUnknown?: boolean; cause?: unknown }) {
    super(message, extra?.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'TillFailure';
    this.code = code;
    this.fields = extra?.fields;
    this.outcomeUnknown = extra?.outcomeUnknown;
  }
  toTillError(): TillError {
    const out: TillError = { code: this.code, message: this.message };
    if (this.fields) out.fields = this.fields;
    if (this.outcomeUnknown !== undefined) out.outcomeUnknown = this.outcomeUnknown;
    return out;
  }
}
