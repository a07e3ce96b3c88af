import { describe, expect, it } from 'vitest';
import { healthKeyOf, productKind, toNetworkView } from '../../../../electron/core/catalogue/catalogue-view';
import { networkByPrefix } from '../../../../electron/core/catalogue/prefix';
import type { Network, Product } from '../../../../electron/smartcall';

const product = (over: Partial<Product>): Product => ({
  id: 1,
  name: 'P',
  description: 'P',
  typeCode: 'D',
  minCents: 1000,
  maxCents: 1000,
  discountBp: 300,
  retailCents: 1000,
  openAmount: false,
  pinIndicator: false,
  smsIndicator: false,
  ...over,
});

describe('catalogue view mapping', () => {
  it('keeps one row per product, preferring the plain row even when the SMS row comes first', () => {
    const network: Network = {
      id: 2,
      description: 'MTN',
      productTypes: [{ id: 3, code: 'D', description: 'Data Bundle', fixedAmount: true, products: [product({ id: 7, smsIndicator: true, discountBp: 100 }), product({ id: 7, discountBp: 300 }), product({ id: 8, smsIndicator: true })] }],
    };
    const view = toNetworkView(network, 'up');
    expect(view.products.map((p) => [p.id, p.discountBasisPoints])).toEqual([
      [7, 300],
      [8, 300],
    ]);
    expect(view.products[0]).toMatchObject({ kind: 'data', fixedPrice: true, priceCents: 1000, prevendAvailable: true, needsMeter: false });
  });

  it('groups by product type and network', () => {
    const net = { description: 'Vodacom' };
    expect(productKind(net, { id: 1, code: 'A', description: 'Airtime' }, { pinIndicator: false })).toBe('airtime');
    expect(productKind(net, { id: 13, code: 'V', description: 'Airtime Voucher' }, { pinIndicator: true })).toBe('voucher');
    expect(productKind(net, { id: 4, code: null, description: 'Big Bonus Recharge' }, { pinIndicator: false })).toBe('bundle');
    expect(productKind({ description: 'Electricity-Eskom' }, { id: 5, code: 'E', description: 'Electricity' }, { pinIndicator: true })).toBe('electricity');
    expect(productKind(net, { id: 99, code: 'ZZ', description: 'Something new' }, { pinIndicator: false })).toBe('other');
  });

  it('maps catalogue names to health keys', () => {
    expect(['Vodacom', 'MTN', 'Cell C', 'Telkom Mobile', 'Virgin Mobile', 'Electricity-Eskom'].map(healthKeyOf)).toEqual(['vodacom', 'mtn', 'cellc', 'telkom', 'virgin', undefined]);
  });

  it('guesses the network from the prefix, longest prefix first', () => {
    expect(networkByPrefix('27821234567')).toBe('Vodacom');
    expect(networkByPrefix('27711234567')).toBe('Vodacom');
    expect(networkByPrefix('27101234567')).toBeUndefined();
    expect(networkByPrefix('27711234567')).not.toBe(networkByPrefix('27710234567'));
    expect(networkByPrefix('27810234567')).toBe('MTN');
    expect(networkByPrefix('27811234567')).toBe('Telkom Mobile');
    expect(networkByPrefix('27741234567')).toBe('Cell C');
  });
});
