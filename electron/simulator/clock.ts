// Simulated time: real time (or an injected clock) sped up by `timeScale`, plus whatever a test
// moved it forward by. Everything time-based in the simulator (token expiry, async outcomes,
// network rotation, prevend expiry, order delivery) reads this clock and nothing else.

/** The simulator's clock. */
export type SimClock = {
  /** Simulated epoch ms. */
  now(): number;
  /** Moves simulated time forward (never backward) by `ms`. */
  advance(ms: number): void;
};

/** A clock that runs `timeScale` times faster than `base` from the moment it is created. */
export function createSimClock(base: () => number = Date.now, timeScale = 1): SimClock {
  const origin = base();
  let offset = 0;
  return {
    now: () => Math.floor(origin + (base() - origin) * timeScale + offset),
    advance: (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward by a finite number of ms.');
      offset += ms;
    },
  };
}
