import { describe, expect, it } from 'vitest';
import { findProduct, saleKindOf } from '../../../../electron/core/sales/products';
import { rig } from './helpers';

describe('catalogue products → how to sell them', () => {
  it('classifies the simulator catalogue (the recorded one)', async () => {
    const r = await rig();
    const networks = await r.client.networks();
    expect(findProduct(networks, 62)).toMatchObject({ kind: 'pinless', pinned: false, openAmount: true, networkName: 'Vodacom', prevendAvailable: true, needsMeter: false });
    expect(findProduct(networks, 65)).toMatchObject({ kind: 'voucher', pinned: true, prevendAvailable: false });
    expect(findProduct(networks, 13)).toMatchObject({ kind: 'sms' });
    expect(findProduct(networks, 210)).toMatchObject({ kind: 'data' });
    expect(findProduct(networks, 23)).toMatchObject({ kind: 'electricity', needsMeter: true });
    expect(findProduct(networks, 189)).toMatchObject({ kind: 'pinless', networkName: 'Cell C', prevendAvailable: false });
    expect(findProduct(networks, 999_999)).toBeUndefined();
  });

  it('falls back to airtime for an unknown pinless type and to voucher for anything pinned', () => {
    expect(saleKindOf({ description: 'Somewhere' }, { typeCode: 'ZZ', pinIndicator: false })).toBe('pinless');
    expect(saleKindOf({ description: 'Somewhere' }, { typeCode: null, pinIndicator: true })).toBe('voucher');
    expect(saleKindOf({ description: 'Electricity-Eskom' }, { typeCode: null, pinIndicator: true })).toBe('electricity');
  });
});
