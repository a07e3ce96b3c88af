// Simulated time: scaled from a base clock, moved forward by tests, never backward.
import { describe, expect, it } from 'vitest';
import { createSimClock } from '../../../electron/simulator/clock';

describe('createSimClock', () => {
  it('runs timeScale times faster than its base from the moment it is created', () => {
    let base = 1_000_000;
    const clock = createSimClock(() => base, 60);
    expect(clock.now()).toBe(1_000_000);
    base += 1_000; // one real second
    expect(clock.now()).toBe(1_000_000 + 60_000);
  });

  it('adds what a test moved it by, and refuses to go backward', () => {
    const base = 5_000;
    const clock = createSimClock(() => base, 1);
    clock.advance(4 * 3600_000);
    expect(clock.now()).toBe(5_000 + 4 * 3600_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(5_000 + 4 * 3600_000);
  });
});
