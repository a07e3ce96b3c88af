/**
 * The journal's sales as the contract shows them to the screens (shared/contract/sales.ts). Pure.
 * A voucher PIN is only put in a view when the caller passes it (the sale just made, a reprint).
 */
import type { SaleView } from '../../../shared/contract/sales';
import type { Sale, SaleEvent } from '../../store';

/** Build the contract view of a sale. `pins` only for the sale being shown to its cashier now. */
export function toSaleView(sale: Sale, extra: { cashierName?: string | null; pins?: { pin: string | null; extraPin: string | null } } = {}): SaleView {
  return {
    clientReference: sale.clientReference,
    kind: sale.kind,
    state: sale.state,
    productId: sale.productId,
    productName: sale.productName,
    network: sale.network,
    recipient: sale.recipientMsisdn,
    meterNumber: sale.meterNumber,
    amountCents: sale.amountCents,
    costCents: sale.costCents,
    orderReferenceId: sale.orderReferenceId,
    voucher: sale.voucher
      ? {
          pin: extra.pins?.pin ?? null,
          extraPin: extra.pins?.extraPin ?? null,
          serial: sale.voucher.ticketNumber,
          batchNumber: sale.voucher.batchNumber,
          boxNumber: sale.voucher.boxNumber,
          expiresAt: sale.voucher.expiryAt,
        }
      : null,
    error: sale.errorCode && sale.errorMessage ? { code: sale.errorCode, message: sale.errorMessage } : null,
    cashierName: extra.cashierName ?? null,
    createdAt: sale.createdAt,
    updatedAt: sale.updatedAt,
    needsAttention: sale.needsAttention,
  };
}

/** A sale's timeline for the screen (the raw answers stay in the journal). */
export function toEventViews(events: SaleEvent[]): { at: number; from: SaleEvent['from']; to: SaleEvent['to']; cause: string }[] {
  return events.map((e) => ({ at: e.at, from: e.from, to: e.to, cause: e.cause }));
}
