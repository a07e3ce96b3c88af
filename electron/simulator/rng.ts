// Seeded randomness so a simulator run (voucher PINs, references, outcomes) replays identically.

/** A deterministic pseudo-random source. */
export type Rng = {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A string of `len` decimal digits (leading zeros allowed unless noLeadingZero). */
  digits(len: number, noLeadingZero?: boolean): string;
};

/** mulberry32: tiny, fast, good enough for test data; not for secrets. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const digits = (len: number, noLeadingZero = false): string => {
    let s = '';
    for (let i = 0; i < len; i++) s += String(i === 0 && noLeadingZero ? 1 + int(9) : int(10));
    return s;
  };
  return { next, int, digits };
}
