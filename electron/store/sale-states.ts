/**
 * The sale state machine: the one place that says which state changes are allowed. Pure (no SQL);
 * the repository consults it inside the transaction that writes the change and its event.
 * The diagram is in electron/store/README.md.
 */

/** Every state a sale can be in. */
export const saleStates = ['intent', 'submitted', 'delivered', 'failed', 'unknown', 'queued', 'cancelled'] as const;
export type SaleState = (typeof saleStates)[number];

/** Every kind of sale the journal keeps. */
export const saleKinds = ['pinless', 'voucher', 'data', 'sms', 'electricity', 'bundle', 'other'] as const;
export type SaleKind = (typeof saleKinds)[number];

/** States nothing moves out of. */
export const finalStates: readonly SaleState[] = ['delivered', 'failed', 'cancelled'];

/** States the reconciler must resolve by enquiry (queued sales are forwarded instead). */
export const unresolvedStates: readonly SaleState[] = ['intent', 'submitted', 'unknown'];

// WHY each edge exists:
//  intent    → submitted   Smartcall accepted an asynchronous recharge (accepted, NOT delivered)
//  intent    → delivered   a synchronous recharge or a prevend-confirmed recharge succeeded
//  intent    → failed      Smartcall answered with a definite refusal (nothing charged)
//  intent    → unknown     timeout / reset / crash: the request may have landed
//  submitted → delivered | failed   the enquiry reports the network's final word
//  submitted → unknown     the enquiry itself says the reference does not exist (must be re-checked)
//  unknown   → submitted | delivered | failed   the enquiry answered
//  unknown   → intent      1005 "does not exist" after the grace period: resend with the SAME reference
//  queued    → intent      the offline queue forwards the sale (from here on it may be on the wire)
//  queued    → cancelled   a supervisor cancelled it before it was forwarded
const allowed: Readonly<Record<SaleState, readonly SaleState[]>> = {
  intent: ['submitted', 'delivered', 'failed', 'unknown'],
  submitted: ['delivered', 'failed', 'unknown'],
  unknown: ['submitted', 'delivered', 'failed', 'intent'],
  queued: ['intent', 'cancelled'],
  delivered: [],
  failed: [],
  cancelled: [],
};

/** States a sale may be created in: journaled before the wire, or queued while offline. */
export const initialStates: readonly SaleState[] = ['intent', 'queued'];

/** Whether a sale may move from `from` to `to`. A state never moves to itself: that is not a change. */
export function canTransition(from: SaleState, to: SaleState): boolean {
  return allowed[from].includes(to);
}

/** The states a sale may move to next. */
export function nextStates(from: SaleState): readonly SaleState[] {
  return allowed[from];
}

/** Whether nothing can change this sale any more. */
export function isFinalState(state: SaleState): boolean {
  return finalStates.includes(state);
}

/** Type guard for a string read from the database or the wire. */
export function isSaleState(value: unknown): value is SaleState {
  return typeof value === 'string' && (saleStates as readonly string[]).includes(value);
}
