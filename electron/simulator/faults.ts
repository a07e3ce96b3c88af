// Injected faults, targetable at exactly the request a test means: "the next N requests whose
// method and path match". Kept apart from the rules: a fault decides what happens to the HTTP
// exchange, the state decides what the operation does.
import { z } from 'zod';

/** What can go wrong with one exchange. */
export const FAULT_KINDS = [
  /** Wait `ms` real milliseconds, then answer normally. */
  'latency',
  /** Destroy the socket before the operation runs: nothing changed. */
  'drop-before',
  /** Run the operation (state changed, money moved), then destroy the socket without answering. */
  'drop-after',
  /** Never answer (until the client gives up or the simulator closes); nothing changed. */
  'hang',
  /** Answer 500 with a JBoss "Exception report" HTML page; nothing changed. */
  'error-500',
  /** Answer 503 with the JBoss HTML page; nothing changed. */
  'error-503',
  /** Answer 429 with the session-limit envelope; nothing changed. */
  'status-429',
  /**
   * Destroy the socket without answering; the operation commits only `commitAfterMs` simulated ms
   * later. Until then the enquiry says 1005: the "does not exist, then a late commit" trap.
   */
  'late-commit',
  /** Run the operation (committed), then answer 400 {code: 1003} "internal timeout, query to confirm". */
  'error-1003',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault as a test asks for it (also the body of POST /__sim/faults). */
export const faultSpec = z.object({
  kind: z.enum(FAULT_KINDS),
  /** HTTP method to match (any if absent). */
  method: z.string().optional(),
  /** Matches when the request path (no query) contains this text, e.g. "/smartload/recharges". */
  path: z.string().optional(),
  /** How many matching requests it hits; absent = 1; 0 = every matching request until cleared. */
  times: z.number().int().min(0).optional(),
  /** Latency in real ms (kind 'latency'). */
  ms: z.number().int().min(0).max(600_000).optional(),
  /** Simulated ms until a 'late-commit' operation commits (default 30 000). */
  commitAfterMs: z.number().int().min(0).optional(),
});
export type FaultSpec = z.infer<typeof faultSpec>;

type ArmedFault = FaultSpec & { id: number; left: number };

/** The armed faults, consumed in the order they were added. */
export class FaultBook {
  private faults: ArmedFault[] = [];
  private seq = 0;

  /** Arms a fault; returns its id. */
  add(spec: FaultSpec): number {
    const id = ++this.seq;
    this.faults.push({ ...spec, id, left: spec.times === 0 ? Number.POSITIVE_INFINITY : (spec.times ?? 1) });
    return id;
  }

  /** Disarms every fault. */
  clear(): void {
    this.faults = [];
  }

  /** Armed faults (for /__sim/faults). */
  list(): (FaultSpec & { id: number; left: number | null })[] {
    return this.faults.map((f) => ({ ...f, left: Number.isFinite(f.left) ? f.left : null }));
  }

  /** Takes the first fault matching this request (counting it down), if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const f = this.faults.find((x) => (!x.method || x.method.toUpperCase() === method.toUpperCase()) && (!x.path || path.includes(x.path)));
    if (!f) return undefined;
    f.left -= 1;
    if (f.left <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }
}
