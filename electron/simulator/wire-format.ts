// Smartcall's Java service prints rands as JSON numbers with a fixed number of decimals
// (`100000.0000`, `99574.75`). JSON.stringify cannot do that, so replies are built from plain
// values plus `Fixed` wrappers and serialised here, keeping the recorded number formats byte-exact.

/** A JSON number printed with exactly `dp` decimals, e.g. new Fixed(534.75, 4) → 534.7500. */
export class Fixed {
  constructor(
    readonly value: number,
    readonly dp: number,
  ) {}
}

/** A JSON-able value whose numbers may be Fixed. */
export type WireValue = string | number | boolean | null | Fixed | WireValue[] | { [key: string]: WireValue };

/** Rands from integer cents, printed with 4 decimals (balances, catalogue prices, cashup). */
export const rand4 = (cents: number): Fixed => new Fixed(cents / 100, 4);

/** Rands from integer cents, printed with 2 decimals (recharge.balance). */
export const rand2 = (cents: number): Fixed => new Fixed(cents / 100, 2);

/** Serialises a WireValue to JSON text, printing Fixed numbers with their decimals. */
export function toWireJson(value: WireValue): string {
  if (value === null) return 'null';
  if (value instanceof Fixed) return value.value.toFixed(value.dp);
  if (Array.isArray(value)) return `[${value.map(toWireJson).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) parts.push(`${JSON.stringify(k)}:${toWireJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Java's String.hashCode: the recorded Etags look like it (signed 32-bit, unquoted). */
export function javaHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** Cents → "450.00" (recharge.retailPrice). */
export const randString = (cents: number): string => (cents / 100).toFixed(2);

/** Cents → "R450.00" (transaction amount/cost). */
export const randLabel = (cents: number): string => `R${(cents / 100).toFixed(2)}`;

/** 5.5 → "5.50%" (transaction discount). */
export const percentLabel = (pct: number): string => `${pct.toFixed(2)}%`;

/** 5.5 → "5.5", 5 → "5.0" (recharge.dealerDiscount, Java's Double.toString). */
export const percentPlain = (pct: number): string => (Number.isInteger(pct) ? pct.toFixed(1) : String(pct));

/** Epoch ms → "YYYY-MM-DD HH:mm:ss" in SAST (UTC+2, no daylight saving), as simnetwork.queryDate. */
export function sastDateTime(ms: number): string {
  return new Date(ms + 2 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch ms → "YYYY-MM-DD" of the SAST calendar day. */
export function sastDate(ms: number): string {
  return new Date(ms + 2 * 3600_000).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" (SAST) → epoch ms of that day's SAST midnight; NaN if malformed. */
export function sastMidnight(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  const ms = Date.parse(`${day}T00:00:00+02:00`);
  return Number.isNaN(ms) || sastDate(ms) !== day ? Number.NaN : ms;
}
