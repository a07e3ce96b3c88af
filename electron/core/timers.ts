/** Repeating timers, as the domains' background polls use them; tests pass their own. */
export interface IntervalTimers {
  /** Call `fn` every `ms`; returns a handle for `clearInterval`. */
  setInterval(fn: () => void, ms: number): unknown;
  /** Stop a repeating call. */
  clearInterval(handle: unknown): void;
}

/** One-shot timers (the reconciler, the backup schedule); tests pass their own. */
export interface TimeoutTimers {
  /** Call `fn` once after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancel a call made by `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/**
 * Node's timers, unref'd: the core's background work never keeps a process alive by itself (a shell
 * ends it with `close()`).
 */
export const realTimers: IntervalTimers & TimeoutTimers = {
  setInterval(fn, ms) {
    return setInterval(fn, ms).unref();
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  setTimeout(fn, ms) {
    return setTimeout(fn, ms).unref();
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
