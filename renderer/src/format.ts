import type { SaleView } from '../../shared/contract/sales';

type SaleState = SaleView['state'];

/** What each sale state means for the customer's money, in the words the cashier reads (sale-lifecycle: say only what is known). */
export const saleStateWords: Record<SaleState, { title: string; color: string; advice: string }> = {
  intent: { title: 'Sending…', color: 'gray', advice: 'The sale is recorded and being sent. Do not sell again.' },
  submitted: { title: 'Sent, waiting for the network', color: 'blue', advice: 'Smartcall accepted it; the network has not confirmed yet.' },
  delivered: { title: 'Delivered', color: 'teal', advice: 'The customer has it.' },
  failed: { title: 'Failed — give the customer their money back', color: 'red', advice: 'Nothing was delivered and the dealer wallet was not charged.' },
  queued: { title: 'Queued: will be sent when Smartcall is back', color: 'orange', advice: 'The till will send it by itself as soon as Smartcall answers.' },
  unknown: { title: 'Not sure yet — checking; do not sell again', color: 'yellow', advice: 'The till is asking Smartcall what happened to this sale.' },
  cancelled: { title: 'Cancelled — give the customer their money back', color: 'gray', advice: 'It was never sent.' },
};

/** A short local date and time for lists and receipts. */
export function formatWhen(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'never';
  return new Date(ms).toLocaleString('en-ZA', { dateStyle: 'short', timeStyle: 'medium' });
}

/** Voucher PINs and tokens are read aloud or typed in groups of four. */
export function groupDigits(pin: string): string {
  const trimmed = pin.trim();
  return /^\d+$/.test(trimmed) ? trimmed.replace(/(\d{4})(?=\d)/g, '$1 ') : trimmed;
}
