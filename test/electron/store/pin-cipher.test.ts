import { describe, expect, it } from 'vitest';
import { createAesGcmPinCipher } from '../../../electron/store/pin-cipher';
import { rawToJson, redactSecrets } from '../../../electron/store/redact';

describe('PIN cipher', () => {
  const cipher = createAesGcmPinCipher(new Uint8Array(32).fill(1));
  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.seal('1234567890123456');
    const b = cipher.seal('1234567890123456');
    expect(a).not.toBe(b);
    expect(a).not.toContain('1234567890123456');
    expect(cipher.open(a)).toBe('1234567890123456');
  });
  it('refuses a tampered PIN or one sealed with another key', () => {
    const sealed = cipher.seal('9999');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => cipher.open('v1:' + bytes.toString('base64'))).toThrow();
    expect(() => createAesGcmPinCipher(new Uint8Array(32).fill(2)).open(sealed)).toThrow();
    expect(() => createAesGcmPinCipher(new Uint8Array(16))).toThrow(/32 bytes/);
  });
});

describe('redacting raw answers', () => {
  it('hides PINs, tokens and passwords at any depth but keeps everything else', () => {
    const value = { pinless: true, tokenType: 'Bearer', accessToken: 'eyJ', list: [{ voucherPin: '1', additionalVoucherPin: null, filePassword: 'p' }], amount: 'R12.00' };
    expect(redactSecrets(value)).toEqual({ pinless: true, tokenType: 'Bearer', accessToken: '[redacted]', list: [{ voucherPin: '[redacted]', additionalVoucherPin: null, filePassword: '[redacted]' }], amount: 'R12.00' });
  });
  it('parses JSON text before redacting, and keeps other text as a string', () => {
    expect(rawToJson('{"voucherPin":"123"}')).toBe('{"voucherPin":"[redacted]"}');
    expect(rawToJson('<html>502</html>')).toBe('"<html>502</html>"');
    expect(rawToJson(undefined)).toBeNull();
  });
});
