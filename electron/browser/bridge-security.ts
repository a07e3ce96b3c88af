import { timingSafeEqual, randomBytes } from 'node:crypto';

/**
 * The browser shell's guards, as pure functions. The bridge is a web server on the shop's PC: any web
 * page the cashier opens could try to reach it (CSRF) or trick the browser into treating another name
 * as it (DNS rebinding). So it binds loopback only, demands a per-launch secret, and checks Host and Origin.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export class BridgeBindError extends Error {
  readonly code = 'BRIDGE_NOT_LOOPBACK';
}

/** Refuse to listen on anything but the loopback interface. */
export function assertLoopbackHost(host: string): void {
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new BridgeBindError(`The till's browser bridge only listens on this computer (127.0.0.1), not on "${host}".`);
  }
}

/** The Host header values the bridge answers to: the loopback names with the bound port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** True when the Host header names this bridge (a rebinding attack sends the attacker's name). */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && allowedHosts(port).has(hostHeader.toLowerCase());
}

/**
 * True when an Origin header is absent (same-origin GET navigations and EventSource send none) or
 * names this bridge. Callers that change state require it to be present (see requireOrigin).
 */
export function isAllowedOrigin(originHeader: string | undefined, port: number, requireOrigin: boolean): boolean {
  if (originHeader === undefined) return !requireOrigin;
  let url: URL;
  try {
    url = new URL(originHeader);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && url.origin === originHeader && allowedHosts(port).has(url.host);
}

/** A fresh secret for this launch (URL token) or session (cookie): 256 bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the secret cannot be guessed a byte at a time. */
export function secretsEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
