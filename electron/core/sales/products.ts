/**
 * What the sale engine needs to know about a product, read from the Smartcall catalogue the client
 * keeps (cached with its ETag). Pure mapping plus one lookup.
 */
import type { Network } from '../../smartcall';
import type { SaleKind } from '../../store';

/** A sellable product, as the sales domain decides how to sell it. */
export type ProductInfo = {
  id: number;
  name: string;
  networkId: number;
  networkName: string;
  kind: SaleKind;
  /** A PIN or token is issued (sold synchronously so it can be printed at once). */
  pinned: boolean;
  openAmount: boolean;
  minCents: number;
  maxCents: number;
  /** The fixed price; null for open-amount products. */
  retailCents: number | null;
  needsMeter: boolean;
  /** Pinless Vodacom (1) and MTN (2) can be checked with a prevend before the cash is taken. */
  prevendAvailable: boolean;
};

// Smartcall's product type codes for data bundles (trimmed). Anything unknown that is pinless sells as airtime.
const dataCodes = new Set(['D', 'X', 'SD', 'P', 'P3', 'P6', 'WD', 'FD', 'ND', 'RH', 'M', 'L', 'R', 'FM', 'W']);

/** The kind the journal files a product under. */
export function saleKindOf(network: { description: string }, product: { typeCode: string | null; pinIndicator: boolean }): SaleKind {
  const code = product.typeCode?.trim() ?? null;
  if (code === 'E' || network.description.startsWith('Electricity')) return 'electricity';
  if (product.pinIndicator) return 'voucher';
  if (code === 'S') return 'sms';
  if (code !== null && dataCodes.has(code)) return 'data';
  return 'pinless';
}

/** Find a product by id in a catalogue (the first listing wins: Smartcall lists SMS variants twice). */
export function findProduct(networks: readonly Network[], productId: number): ProductInfo | undefined {
  for (const network of networks) {
    for (const type of network.productTypes) {
      const product = type.products.find((p) => p.id === productId);
      if (!product) continue;
      const kind = saleKindOf(network, product);
      return {
        id: product.id,
        name: product.description || product.name,
        networkId: network.id,
        networkName: network.description,
        kind,
        pinned: product.pinIndicator,
        openAmount: product.openAmount,
        minCents: product.minCents,
        maxCents: product.maxCents,
        retailCents: product.retailCents,
        needsMeter: kind === 'electricity',
        prevendAvailable: !product.pinIndicator && (network.id === 1 || network.id === 2),
      };
    }
  }
  return undefined;
}
