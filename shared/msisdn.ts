/**
 * South African phone numbers (MSISDNs). Smartcall V3 only accepts the international form
 * `27` + 9 digits (e.g. `27821234567`), while people type `082 123 4567`, `+27 82 123 4567`,
 * `0027821234567` or `+27 (0)82 123 4567`. This module is the one place that turns one into the other.
 */

/** Stable code for a number that is not a South African MSISDN. */
export const MSISDN_INVALID = 'MSISDN_INVALID';

/** A number that is not a South African phone number; the message says what shape is expected. */
export class MsisdnError extends Error {
  readonly code = MSISDN_INVALID;
  /** What was given (phone numbers are not secret, and support needs to see the typo). */
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`"${input}" is not a South African cell number (${reason}). Type it as 082 123 4567 or +27 82 123 4567.`);
    this.name = 'MsisdnError';
    this.input = input;
  }
}

/** The wire form: 27 followed by 9 digits, the first of which is not 0. */
export const MSISDN_PATTERN = /^27[1-9]\d{8}$/;

/** True when `value` is already in the wire form `27XXXXXXXXX`. */
export function isMsisdn(value: string): boolean {
  return MSISDN_PATTERN.test(value);
}

/**
 * An everyday South African number → `27XXXXXXXXX`. Spaces, dashes, dots, brackets and a trunk
 * `(0)` after the country code are ignored; anything else is refused with {@link MsisdnError}.
 */
export function normaliseMsisdn(input: string): string {
  let text = input.trim();
  if (text === '') throw new MsisdnError(input, 'it is empty');
  // "+27 (0)82 …": the (0) is a trunk prefix people copy from business cards.
  text = text.replace(/\(\s*0\s*\)/, '');
  text = text.replace(/[\s\-.()/]/g, '');
  if (text.startsWith('+')) {
    text = text.slice(1);
    if (!text.startsWith('27')) throw new MsisdnError(input, 'only +27 numbers can be recharged');
  } else if (text.startsWith('00')) {
    text = text.slice(2);
    if (!text.startsWith('27')) throw new MsisdnError(input, 'only 0027 numbers can be recharged');
  }
  if (!/^\d+$/.test(text)) throw new MsisdnError(input, 'it contains characters other than digits');
  let national: string;
  if (text.length === 10 && text.startsWith('0')) national = text.slice(1);
  else if (text.length === 11 && text.startsWith('27')) national = text.slice(2);
  else if (text.length === 9 && !text.startsWith('0')) national = text;
  else throw new MsisdnError(input, `it has ${text.length} digits`);
  const msisdn = `27${national}`;
  if (!isMsisdn(msisdn)) throw new MsisdnError(input, 'the number after the area code cannot start with 0');
  return msisdn;
}

/** `27821234567` → `082 123 4567` for screens and receipts (the form people recognise). */
export function formatMsisdn(msisdn: string): string {
  if (!isMsisdn(msisdn)) return msisdn;
  const n = `0${msisdn.slice(2)}`;
  return `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
}
