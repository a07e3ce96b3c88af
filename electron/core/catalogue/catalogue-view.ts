import type { NetworkHealth, NetworkView, ProductKind, ProductView } from '../../../shared/contract/catalogue';
import type { Network, Product } from '../../smartcall';

/**
 * Smartcall's catalogue (networks → product types → products) → what the till screen shows. Pure.
 * Smartcall lists every product twice, once per `smsIndicator` value: the screen shows it once
 * (the `smsIndicator: false` row; the SMS variant is the same product id and price).
 */

/** Pinless Vodacom (1) and MTN (2): the only networks whose pinless sales Smartcall can prevend. */
export const PREVEND_NETWORK_IDS: ReadonlySet<number> = new Set([1, 2]);

// Type codes (trimmed) by kind, from the recorded catalogue. Data: bundles of megabytes with a validity.
const DATA_CODES = new Set(['D', 'X', 'SD', 'P', 'P3', 'P6', 'WD', 'FD', 'ND', 'RH', 'M', 'R']);
// Bundles: mixed minutes/SMS/data products (All in One, Power Bundle, FreeMe Boost).
const BUNDLE_CODES = new Set(['L', 'W', 'FM']);

/** Product type id 5 (code "E") and the "Electricity-…" networks issue a token for a meter. */
export function isElectricity(network: { description: string }, type: { id: number; code: string | null }): boolean {
  return type.id === 5 || type.code === 'E' || /electricity/i.test(network.description);
}

/** The screen's grouping of a product. */
export function productKind(network: { description: string }, type: { id: number; code: string | null; description: string }, product: Pick<Product, 'pinIndicator'>): ProductKind {
  if (isElectricity(network, type)) return 'electricity';
  if (product.pinIndicator) return 'voucher';
  const code = type.code;
  if (code === 'A' || type.id === 1) return 'airtime';
  if (code === 'S') return 'sms';
  if (code !== null && DATA_CODES.has(code)) return 'data';
  if (code === null || BUNDLE_CODES.has(code) || /bundle|bonus/i.test(type.description)) return 'bundle';
  return 'other';
}

/** One network's products for the screen, SMS duplicates dropped. */
export function toNetworkView(network: Network, health: NetworkHealth): NetworkView {
  // Product id → the row kept; a plain row replaces an SMS row listed before it.
  const kept = new Map<number, { view: ProductView; sms: boolean }>();
  for (const type of network.productTypes) {
    for (const product of type.products) {
      const before = kept.get(product.id);
      if (before && !(before.sms && !product.smsIndicator)) continue;
      kept.set(product.id, { view: toProductView(network, type, product), sms: product.smsIndicator });
    }
  }
  return { id: network.id, name: network.description, health, products: [...kept.values()].map((k) => k.view) };
}

function toProductView(network: Network, type: Network['productTypes'][number], product: Product): ProductView {
  const kind = productKind(network, type, product);
  const fixedPrice = !product.openAmount && product.retailCents !== null;
  return {
    id: product.id,
    name: product.description || product.name,
    networkId: network.id,
    networkName: network.description,
    typeId: type.id,
    typeName: type.description,
    kind,
    pinned: product.pinIndicator,
    fixedPrice,
    minCents: product.minCents,
    maxCents: product.maxCents,
    priceCents: fixedPrice ? product.retailCents : null,
    discountBasisPoints: product.discountBp,
    needsMeter: kind === 'electricity',
    prevendAvailable: !product.pinIndicator && kind !== 'electricity' && PREVEND_NETWORK_IDS.has(network.id),
  };
}

/** Health keys of Smartcall's `/utilities/health` (API.md 10b) for each catalogue network name (lower case). */
const HEALTH_KEY_BY_NAME: Readonly<Record<string, string>> = {
  vodacom: 'vodacom',
  mtn: 'mtn',
  'cell c': 'cellc',
  telkom: 'telkom',
  'telkom mobile': 'telkom',
  'virgin mobile': 'virgin',
};

/** The health key for a catalogue network, if Smartcall reports its health. */
export function healthKeyOf(networkName: string): string | undefined {
  return HEALTH_KEY_BY_NAME[networkName.trim().toLowerCase()];
}

/** The whole catalogue for the screen, each network with its current health. */
export function toNetworkViews(networks: readonly Network[], health: (key: string) => NetworkHealth): NetworkView[] {
  return networks.map((n) => {
    const key = healthKeyOf(n.description);
    return toNetworkView(n, key === undefined ? 'unknown' : health(key));
  });
}
