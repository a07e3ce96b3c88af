import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PinCipher } from './ports';

const prefix = 'v1:';

/**
 * AES-256-GCM PinCipher over a 32-byte key. The output is `v1:` + base64(iv | tag | ciphertext); the
 * version prefix lets a later key scheme coexist with rows sealed by this one. GCM's tag makes a
 * tampered or wrong-key PIN fail loudly instead of printing garbage on a receipt.
 */
export function createAesGcmPinCipher(key: Uint8Array): PinCipher {
  if (key.length !== 32) throw new Error('PIN cipher key must be 32 bytes');
  const k = Buffer.from(key);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return prefix + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(prefix)) throw new Error('unknown PIN seal format');
      const raw = Buffer.from(sealed.slice(prefix.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', k, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
