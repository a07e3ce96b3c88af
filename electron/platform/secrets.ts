import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { TillFailure } from '../../shared/contract/envelope';

/**
 * The till's sealed secrets: today only the Smartcall web-service password (the user name is an
 * ordinary setting). Kept apart from the settings file, sealed with AES-256-GCM under the data key
 * (the same key that seals voucher PINs), in a file only this OS user can read (0600), replaced
 * atomically (write a temp file, then rename) so a crash never leaves half a file.
 */

export const SecretsErrorCode = {
  /** The secrets file cannot be opened with this till's key (damaged, or the key changed). */
  Unreadable: 'SECRETS_UNREADABLE',
  /** The secrets file could not be written. */
  WriteFailed: 'SECRETS_WRITE_FAILED',
} as const;

/** What is sealed. Every field optional: a new till has none. */
export type Secrets = { smartcallPassword?: string };

const secretsSchema = z.object({ smartcallPassword: z.string().min(1).optional() }).strip();
const fileSchema = z.object({ v: z.literal(1), iv: z.string(), tag: z.string(), data: z.string() });

/** Where the till keeps its secrets; the settings domain writes, the Smartcall client's credentials read. */
export interface SecretsStore {
  /** The current secrets (empty when none were ever saved); throws SECRETS_UNREADABLE for a file it cannot open. */
  get(): Secrets;
  /** Replace some secrets (undefined leaves one as it is, null removes it) and save atomically. */
  update(patch: { [K in keyof Secrets]?: Secrets[K] | null }): Secrets;
  /** The sealed file (shown to support; holds nothing readable without the key). */
  readonly location: string;
}

/** The file name inside the data folder. */
export const SECRETS_FILE = 'secrets.sealed.json';

/** A sealed secrets file at `<dataDir>/secrets.sealed.json`, opened with `key()` (32 bytes). */
export function createSealedSecretsStore(options: { dataDir: string; key: () => Buffer }): SecretsStore {
  const location = join(options.dataDir, SECRETS_FILE);
  let cached: Secrets | undefined;

  const unreadable = (why: string, cause?: unknown) =>
    new TillFailure(
      SecretsErrorCode.Unreadable,
      `The till's sealed password file "${location}" cannot be opened (${why}). Type the Smartcall password again in the settings screen.`,
      cause === undefined ? undefined : { cause },
    );

  const read = (): Secrets => {
    if (cached) return cached;
    if (!existsSync(location)) return (cached = {});
    let sealed: z.infer<typeof fileSchema>;
    try {
      sealed = fileSchema.parse(JSON.parse(readFileSync(location, 'utf8')));
    } catch (error) {
      throw unreadable('it is damaged', error);
    }
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', options.key(), Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      decipher.setAAD(Buffer.from('smartload-till-secrets-v1'));
      plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw unreadable('it was sealed with another key or changed', error);
    }
    const parsed = secretsSchema.safeParse(JSON.parse(plain));
    if (!parsed.success) throw unreadable('it holds values the till does not understand');
    return (cached = parsed.data);
  };

  const write = (secrets: Secrets) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', options.key(), iv);
    cipher.setAAD(Buffer.from('smartload-till-secrets-v1'));
    const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    const body = JSON.stringify({ v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') });
    const temp = `${location}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dirname(location), { recursive: true, mode: 0o700 });
      writeFileSync(temp, body, { mode: 0o600, flag: 'wx' });
      if (process.platform !== 'win32') chmodSync(temp, 0o600);
      renameSync(temp, location);
    } catch (error) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // nothing to clean up (the folder itself is unusable)
      }
      throw new TillFailure(SecretsErrorCode.WriteFailed, `The Smartcall password could not be saved to "${location}" (disk full or no permission?). Nothing was changed.`, { cause: error });
    }
    cached = secrets;
  };

  return {
    location,
    get: () => ({ ...read() }),
    update(patch) {
      let current: Secrets;
      try {
        current = read();
      } catch (error) {
        // A file we cannot open is replaced by a complete new one; anything else is a real failure.
        if (!(error instanceof TillFailure && error.code === SecretsErrorCode.Unreadable)) throw error;
        current = {};
      }
      const next: Secrets = { ...current };
      for (const [name, value] of Object.entries(patch) as [keyof Secrets, string | null | undefined][]) {
        if (value === undefined) continue;
        if (value === null) delete next[name];
        else next[name] = value;
      }
      write(secretsSchema.parse(next));
      return { ...next };
    },
  };
}
