import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Cashier PINs at rest: scrypt with a random salt per PIN. A PIN has only 10^4..10^8 values, so
 * the hash must be SLOW to make a stolen journal expensive to brute-force; the parameters travel
 * inside the stored string so the cost can be raised later without breaking old hashes.
 * Format: `scrypt$N=16384,r=8,p=1$<salt base64>$<key base64>`.
 */

export type PinHashParams = { N: number; r: number; p: number };

/** N=2^14, r=8, p=1: 16 MiB and a few tens of ms per check (OWASP's scrypt floor). */
export const DEFAULT_PIN_HASH_PARAMS: PinHashParams = { N: 16_384, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;

function derive(pin: string, salt: Buffer, params: PinHashParams): Promise<Buffer> {
  // maxmem must exceed 128·N·r, or node refuses the larger costs.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hash a PIN for storage (async: never blocks the main process while it works). */
export async function hashPin(pin: string, params: PinHashParams = DEFAULT_PIN_HASH_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Parse the stored form; undefined for anything this module did not write. */
export function parsePinHash(stored: string): { params: PinHashParams; salt: Buffer; key: Buffer } | undefined {
  const match = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return undefined;
  const [, n, r, p, salt, key] = match as unknown as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Refuse absurd parameters (a tampered row must not make the till allocate gigabytes).
  if (params.N < 2 || params.N > 1 << 20 || (params.N & (params.N - 1)) !== 0 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return undefined;
  return { params, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** True when `pin` matches the stored hash; compared in constant time. A damaged hash never matches. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parsed = parsePinHash(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) return false;
  const key = await derive(pin, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}
