/** Ports the store needs from the rest of the till. The store defines them; the platform implements them. */

/**
 * Seals voucher PINs before they reach the journal file and opens them for a (re)print. The Electron
 * shell backs it with a key kept by the OS keychain; tests use `createAesGcmPinCipher` with a fixed key.
 */
export interface PinCipher {
  /** Encrypt a PIN to an opaque string that is safe to write to disk. */
  seal(plain: string): string;
  /** Decrypt a string made by `seal`; throws if it was tampered with or made with another key. */
  open(sealed: string): string;
}
