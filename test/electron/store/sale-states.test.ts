import { describe, expect, it } from 'vitest';
import {
  canTransition,
  finalStates,
  initialStates,
  isFinalState,
  isSaleState,
  nextStates,
  saleStates,
  unresolvedStates,
} from '../../../electron/store/sale-states';

describe('sale state machine', () => {
  it('never lets a final state move', () => {
    for (const from of finalStates) {
      for (const to of saleStates) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('never treats staying in the same state as a change', () => {
    for (const s of saleStates) expect(canTransition(s, s)).toBe(false);
  });

  it('lets an unknown outcome be resent only by going back to intent (same reference)', () => {
    expect(canTransition('unknown', 'intent')).toBe(true);
    expect(canTransition('failed', 'intent')).toBe(false);
    expect(canTransition('submitted', 'intent')).toBe(false);
  });

  it('lets only a queued sale be cancelled, and a queued sale only be forwarded or cancelled', () => {
    for (const from of saleStates) expect(canTransition(from, 'cancelled')).toBe(from === 'queued');
    expect([...nextStates('queued')].sort()).toEqual(['cancelled', 'intent']);
  });

  it('never goes back to queued: a sale that may have reached the wire cannot be cancelled', () => {
    for (const from of saleStates) expect(canTransition(from, 'queued')).toBe(false);
  });

  it('can reach a final state from every state that is not final', () => {
    const reachesFinal = (state: string, seen = new Set<string>()): boolean => {
      if (isFinalState(state as never)) return true;
      seen.add(state);
      return nextStates(state as never).some((n) => !seen.has(n) && reachesFinal(n, seen));
    };
    for (const s of saleStates) expect(reachesFinal(s)).toBe(true);
  });

  it('classifies states consistently', () => {
    for (const s of saleStates) {
      const groups = [finalStates.includes(s), unresolvedStates.includes(s), s === 'queued'].filter(Boolean);
      expect(groups).toHaveLength(1);
    }
    expect(initialStates).toEqual(['intent', 'queued']);
    expect(isSaleState('delivered')).toBe(true);
    expect(isSaleState('DELIVERED')).toBe(false);
    expect(isSaleState(3)).toBe(false);
  });
});
