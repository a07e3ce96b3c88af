/** One line of the `npm run bench` table: a figure and, beside it, its baseline from the same run. */
export type BenchRow = {
  /** What is measured, e.g. "simulator: recharge + enquiry". */
  name: string;
  /** The measured figure. */
  figure: number;
  /** What the same machine does in the same run for the baseline (e.g. a bare Node HTTP server). */
  baseline: number;
  /** Name of the baseline, e.g. "bare node:http fixed JSON". */
  baselineName: string;
  /** Unit of both numbers, e.g. "req/s", "ms p50". */
  unit: string;
};

/** Each `test/bench/*.bench.ts` file default-exports one of these. */
export type Bench = () => Promise<BenchRow[]>;
