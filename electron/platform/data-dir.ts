import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, win32 } from 'node:path';
import { TillFailure } from '../../shared/contract/envelope';

/**
 * The till's data folder (journal, settings, backups). One folder per OS user, readable by that
 * user only: the journal holds sales and the encrypted voucher stock, the settings the dealer ids.
 * Electron's `app.getPath('userData')` lands in the same place (it is appData + productName), so both
 * shells on one PC share one till.
 */

/** The folder name under the per-user application-data folder; equals package.json productName. */
export const DATA_DIR_NAME = 'Smartload Till';

export const DataDirErrorCode = {
  /** The path exists but is a file, not a folder. */
  NotAFolder: 'DATA_DIR_NOT_A_FOLDER',
  /** The folder could not be created or its permissions could not be set. */
  Unusable: 'DATA_DIR_UNUSABLE',
} as const;

/** Where the defaults come from; tests pass their own, the shells pass nothing. */
export type DataDirEnvironment = {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  homeDir?: string;
};

/**
 * The per-user application-data folder + "Smartload Till", without touching the disk:
 * Windows `%APPDATA%`, macOS `~/Library/Application Support`, elsewhere `$XDG_CONFIG_HOME` or `~/.config`.
 */
export function defaultDataDirPath(environment: DataDirEnvironment = {}): string {
  const platform = environment.platform ?? process.platform;
  const env = environment.env ?? process.env;
  const home = environment.homeDir ?? homedir();
  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, DATA_DIR_NAME);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', DATA_DIR_NAME);
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  const configHome = xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.config');
  return join(configHome, DATA_DIR_NAME);
}

/**
 * The data folder to use, created (with parents) and made private (0700) when needed.
 * `override` (a `--data-dir` option, a test's temp folder) wins over the per-user default.
 */
export function resolveDataDir(override?: string, environment: DataDirEnvironment = {}): string {
  const dir = override !== undefined && override.trim() !== '' ? resolve(override) : defaultDataDirPath(environment);
  ensurePrivateDir(dir, environment.platform ?? process.platform);
  return dir;
}

/**
 * Create `dir` if missing and leave it 0700. A folder that already exists with looser permissions
 * (a copy from a USB stick, a umask of 000) is tightened rather than refused: the till owns it.
 */
export function ensurePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (errorCode(error) === 'EEXIST' || errorCode(error) === 'ENOTDIR') throw notAFolder(dir, error);
    throw unusable(dir, error);
  }
  const stats = statSync(dir);
  if (!stats.isDirectory()) throw notAFolder(dir);
  // Windows ignores POSIX modes; the profile folder's ACL already limits it to the user.
  if (platform === 'win32') return;
  if ((stats.mode & 0o777) !== 0o700) {
    try {
      chmodSync(dir, 0o700);
    } catch (error) {
      throw unusable(dir, error);
    }
  }
}

function notAFolder(dir: string, cause?: unknown): TillFailure {
  return new TillFailure(
    DataDirErrorCode.NotAFolder,
    `The till's data folder "${dir}" is a file, not a folder. Move that file away or start the till with another data folder.`,
    { cause },
  );
}

function unusable(dir: string, cause: unknown): TillFailure {
  return new TillFailure(
    DataDirErrorCode.Unusable,
    `The till cannot use its data folder "${dir}" (${errorCode(cause) ?? 'unknown error'}). Check that it is on a writable disk owned by this user.`,
    { cause },
  );
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
