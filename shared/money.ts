/**
 * THE one module that converts money. Inside the till money is an integer number of cents;
 * Smartcall speaks rands as JSON numbers with up to 4 decimals (`748.5200`), as strings
 * (`"450.00"`, `"R450.00"`) and percentages (`"5.50%"`, `"5.5"`, `4.95`).
 *
 * Every conversion works on decimal DIGITS (strings), never on float arithmetic: a JSON number is
 * first turned back into its shortest decimal text (`String(n)` round-trips any value with at most
 * 15 significant digits, which covers every rand amount below R10 000 000 000 000), then read digit
 * by digit. Nothing here ever adds floats.
 */

/** Stable codes for money that cannot be read. */
export const MoneyErrorCode = {
  /** Not a number at all (letters, empty, two decimal points...). */
  Invalid: 'MONEY_INVALID',
  /** More decimals than the field allows (e.g. 12.505 typed by a person, or a sub-cent amount from the wire). */
  TooPrecise: 'MONEY_TOO_PRECISE',
  /** A negative amount where only zero or more makes sense (typed amounts). */
  Negative: 'MONEY_NEGATIVE',
  /** Larger than the till handles (typed amounts above R1 000 000, wire amounts beyond safe integers). */
  TooLarge: 'MONEY_TOO_LARGE',
} as const;
export type MoneyErrorCode = (typeof MoneyErrorCode)[keyof typeof MoneyErrorCode];

/** Money that could not be read: a stable code and a message a cashier or support person can act on. */
export class MoneyError extends Error {
  readonly code: MoneyErrorCode;
  /** The value as given, for support (money is never secret). */
  readonly input: string;
  constructor(code: MoneyErrorCode, message: string, input: string) {
    super(message);
    this.name = 'MoneyError';
    this.code = code;
    this.input = input;
  }
}

/** The largest amount a person may type: R1 000 000.00 (a guard against a slipped key, not a Smartcall limit). */
export const MAX_TYPED_CENTS = 100_000_000;

/** How sub-cent digits from the wire are treated: refuse them (default) or round half away from zero. */
export type SubCentRule = 'refuse' | 'round';

type Decimal = { negative: boolean; whole: string; fraction: string };

const NUMBER_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Reads a JSON number back as the decimal text it was written as (shortest round-trip form). */
function numberToDecimal(value: number, label: string): Decimal {
  if (!Number.isFinite(value)) {
    throw new MoneyError(MoneyErrorCode.Invalid, `${label} is not a number.`, String(value));
  }
  const text = String(value);
  // Exponent forms ("1e-7", "1e+21") are either far below a cent or far beyond any wallet.
  const m = NUMBER_TEXT.exec(text);
  if (!m) {
    const tiny = Math.abs(value) < 1;
    throw new MoneyError(tiny ? MoneyErrorCode.TooPrecise : MoneyErrorCode.TooLarge, `${label} ${text} is out of range.`, text);
  }
  return { negative: m[1] === '-', whole: m[2] ?? '0', fraction: m[3] ?? '' };
}

/** Whole and fraction digits → cents, with the sub-cent rule. Works on digits only. */
function decimalToCents(d: Decimal, rule: SubCentRule, input: string, label: string): number {
  const fraction = d.fraction.replace(/0+$/, '');
  let cents = Number(d.whole) * 100 + Number((fraction + '00').slice(0, 2));
  const rest = fraction.slice(2);
  if (rest.length > 0) {
    if (rule === 'refuse') {
      throw new MoneyError(MoneyErrorCode.TooPrecise, `${label} ${input} has fractions of a cent.`, input);
    }
    // Half away from zero, decided on the first sub-cent digit (the rest only matter for exact .5, which is "half").
    if (Number(rest[0]) >= 5) cents += 1;
  }
  if (!Number.isSafeInteger(cents)) {
    throw new MoneyError(MoneyErrorCode.TooLarge, `${label} ${input} is too large.`, input);
  }
  // `-0` would make equality checks on zero surprising.
  return d.negative && cents !== 0 ? -cents : cents;
}

const RANDS_TEXT = /^(-)?\s*R?\s*(-)?(\d+)(?:\.(\d+))?$/i;

/**
 * Rands from the wire → integer cents. Accepts JSON numbers (`748.52` from `748.5200`) and strings
 * `"450.00"`, `"R450.00"`, `"-R12.50"`, `"R-12.50"` (negatives are real on the wire: cashup debits).
 * Sub-cent digits are refused unless `rule` is `'round'` (half away from zero).
 */
export function randsToCents(value: number | string, rule: SubCentRule = 'refuse'): number {
  if (typeof value === 'number') {
    return decimalToCents(numberToDecimal(value, 'Amount'), rule, String(value), 'Amount');
  }
  const text = value.trim();
  const m = RANDS_TEXT.exec(text);
  if (!m || (m[1] === '-' && m[2] === '-')) {
    throw new MoneyError(MoneyErrorCode.Invalid, `"${value}" is not an amount in rands.`, value);
  }
  return decimalToCents({ negative: m[1] === '-' || m[2] === '-', whole: m[3] ?? '0', fraction: m[4] ?? '' }, rule, text, 'Amount');
}

const PERCENT_TEXT = /^(\d+)(?:\.(\d+))?\s*%?$/;

/**
 * A percentage from the wire → integer basis points (1 % = 100 bp): `"5.50%"`, `"5.5"`, `4.95`.
 * More than 2 decimals (a fraction of a basis point) is refused; negatives are refused.
 */
export function percentToBasisPoints(value: number | string): number {
  let d: Decimal;
  const input = String(value);
  if (typeof value === 'number') {
    d = numberToDecimal(value, 'Percentage');
  } else {
    const m = PERCENT_TEXT.exec(value.trim());
    if (!m) throw new MoneyError(MoneyErrorCode.Invalid, `"${value}" is not a percentage.`, value);
    d = { negative: false, whole: m[1] ?? '0', fraction: m[2] ?? '' };
  }
  if (d.negative) throw new MoneyError(MoneyErrorCode.Negative, `Percentage ${input} is negative.`, input);
  const fraction = d.fraction.replace(/0+$/, '');
  if (fraction.length > 2) {
    throw new MoneyError(MoneyErrorCode.TooPrecise, `Percentage ${input} has more than 2 decimals.`, input);
  }
  const bp = Number(d.whole) * 100 + Number((fraction + '00').slice(0, 2));
  if (!Number.isSafeInteger(bp)) throw new MoneyError(MoneyErrorCode.TooLarge, `Percentage ${input} is too large.`, input);
  return bp;
}

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) {
    throw new MoneyError(MoneyErrorCode.Invalid, `${cents} is not a whole number of cents.`, String(cents));
  }
}

/**
 * Integer cents → a rands number for a JSON body (≤ 2 decimals). Exact: IEEE division is correctly
 * rounded, so `1257 / 100` is the very double that the text "12.57" parses to, and JSON prints "12.57".
 */
export function centsToRands(cents: number): number {
  assertCents(cents);
  return cents / 100;
}

/** Integer cents → the decimal text "12.50" (no currency sign), built from digits. */
export function centsToDecimalText(cents: number): string {
  assertCents(cents);
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  const frac = abs % 100;
  return `${cents < 0 ? '-' : ''}${whole}.${frac.toString().padStart(2, '0')}`;
}

/** Integer cents → "R12.50" / "-R12.50" for screens and receipts. */
export function formatRands(cents: number): string {
  const text = centsToDecimalText(cents);
  return text.startsWith('-') ? `-R${text.slice(1)}` : `R${text}`;
}

/** Basis points → "5.50%" for screens. */
export function formatBasisPoints(bp: number): string {
  assertCents(bp);
  return `${centsToDecimalText(bp)}%`;
}

const TYPED_TEXT = /^R?\s*(\d+)?(?:[.,](\d*))?$/i;

/**
 * What a person typed ("12.50", "12,5", "R12", " 450 ") → integer cents. Refuses more than 2
 * decimals, negatives, junk and amounts above {@link MAX_TYPED_CENTS}, each with a typed error.
 */
export function parseTypedRands(input: string): number {
  const text = input.trim();
  if (text === '') throw new MoneyError(MoneyErrorCode.Invalid, 'Enter an amount, e.g. 12.50.', input);
  if (/^-|^R\s*-/i.test(text)) {
    throw new MoneyError(MoneyErrorCode.Negative, 'The amount cannot be negative.', input);
  }
  const m = TYPED_TEXT.exec(text);
  if (!m || (m[1] === undefined && (m[2] === undefined || m[2] === ''))) {
    throw new MoneyError(MoneyErrorCode.Invalid, `"${input}" is not an amount. Type rands and cents, e.g. 12.50.`, input);
  }
  const fraction = m[2] ?? '';
  if (fraction.length > 2) {
    throw new MoneyError(MoneyErrorCode.TooPrecise, `"${input}" has more than 2 decimals. Type rands and cents, e.g. 12.50.`, input);
  }
  const whole = (m[1] ?? '0').replace(/^0+(?=\d)/, '');
  if (whole.length > 7) {
    throw new MoneyError(MoneyErrorCode.TooLarge, `${input} is more than ${formatRands(MAX_TYPED_CENTS)}.`, input);
  }
  const cents = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  if (cents > MAX_TYPED_CENTS) {
    throw new MoneyError(MoneyErrorCode.TooLarge, `${input} is more than ${formatRands(MAX_TYPED_CENTS)}.`, input);
  }
  return cents;
}

/**
 * `cents × bp / 10 000` rounded half away from zero, in integer arithmetic (e.g. the dealer discount
 * on a sale: 45000 cents at 550 bp → 2475 cents).
 */
export function percentOfCents(cents: number, basisPoints: number): number {
  assertCents(cents);
  assertCents(basisPoints);
  const product = BigInt(cents) * BigInt(basisPoints);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  let q = abs / 10_000n;
  if ((abs % 10_000n) * 2n >= 10_000n) q += 1n;
  const result = Number(negative ? -q : q);
  return result === 0 ? 0 : result;
}

/** Adds integer cents, refusing anything that is not a safe integer (so a float can never sneak into a total). */
export function sumCents(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    assertCents(v);
    total += v;
  }
  assertCents(total);
  return total;
}
