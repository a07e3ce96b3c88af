/**
 * Secrets never reach the journal's event log in the clear: raw Smartcall answers are copied with
 * every PIN, token and password value replaced. (The PIN itself is kept, sealed, on the sale row.)
 */

// Key names ending like these hold secrets in Smartcall's answers (voucherPin, additionalVoucherPin,
// accessToken, filePassword…). Anchored at the end so `pinless` or `tokenType` are kept.
const secretKey = /(pin|password|token|secret|authorization)$/i;

export const redacted = '[redacted]';

/** A deep copy of a JSON-like value with secret fields replaced (null stays null: absence is not a secret). */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      out[key] = secretKey.test(key) && inner !== null && inner !== undefined ? redacted : redactSecrets(inner);
    }
    return out;
  }
  return value;
}

/**
 * The raw answer as JSON text for the event log, redacted. A string that is JSON is parsed first (so
 * its secrets are found); any other string is kept as a JSON string.
 */
export function rawToJson(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      value = raw;
    }
  }
  return JSON.stringify(redactSecrets(value));
}
