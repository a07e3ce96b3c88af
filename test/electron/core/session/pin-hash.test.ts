import { describe, expect, it } from 'vitest';
import { hashPin, parsePinHash, verifyPin } from '../../../../electron/core/session/pin-hash';

describe('PIN hashing', () => {
  it('verifies the right PIN only, and records its parameters', async () => {
    const stored = await hashPin('123456');
    expect(parsePinHash(stored)?.params).toEqual({ N: 16_384, r: 8, p: 1 });
    expect(await verifyPin('123456', stored)).toBe(true);
    expect(await verifyPin('123457', stored)).toBe(false);
    expect(await verifyPin('12345', stored)).toBe(false);
  });

  it('checks old hashes with the cost they were made with', async () => {
    const cheap = await hashPin('2468', { N: 1024, r: 8, p: 1 });
    expect(cheap).toMatch(/^scrypt\$N=1024,r=8,p=1\$/);
    expect(await verifyPin('2468', cheap)).toBe(true);
  });

  it('a damaged or foreign hash never matches (and never allocates absurd memory)', async () => {
    const stored = await hashPin('1234');
    expect(await verifyPin('1234', stored.slice(0, -4))).toBe(false);
    expect(await verifyPin('1234', '1234')).toBe(false);
    expect(await verifyPin('1234', stored.replace('N=16384', 'N=1073741824'))).toBe(false);
    expect(await verifyPin('1234', stored.replace('N=16384', 'N=1000'))).toBe(false);
  });
});
