import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillFailure } from '../../../shared/contract/envelope';
import { DATA_DIR_NAME, DataDirErrorCode, defaultDataDirPath, ensurePrivateDir, resolveDataDir } from '../../../electron/platform/data-dir';

const posix = process.platform !== 'win32';

describe('defaultDataDirPath', () => {
  it('uses %APPDATA% on Windows', () => {
    expect(defaultDataDirPath({ platform: 'win32', env: { APPDATA: 'C:\\Users\\thandi\\AppData\\Roaming' }, homeDir: 'C:\\Users\\thandi' })).toBe(
      'C:\\Users\\thandi\\AppData\\Roaming\\Smartload Till',
    );
  });

  it('falls back to the roaming profile folder when %APPDATA% is unset on Windows', () => {
    expect(defaultDataDirPath({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\thandi' })).toBe('C:\\Users\\thandi\\AppData\\Roaming\\Smartload Till');
  });

  it('uses Application Support on macOS, whatever XDG says', () => {
    expect(defaultDataDirPath({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/x' }, homeDir: '/Users/thandi' })).toBe(
      '/Users/thandi/Library/Application Support/Smartload Till',
    );
  });

  it('uses $XDG_CONFIG_HOME on Linux when it is absolute', () => {
    expect(defaultDataDirPath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/srv/cfg' }, homeDir: '/home/thandi' })).toBe('/srv/cfg/Smartload Till');
  });

  it('ignores an empty or relative $XDG_CONFIG_HOME (the XDG spec says so)', () => {
    for (const value of [undefined, '', '  ', 'relative/cfg']) {
      expect(defaultDataDirPath({ platform: 'linux', env: { XDG_CONFIG_HOME: value }, homeDir: '/home/thandi' })).toBe(
        '/home/thandi/.config/Smartload Till',
      );
    }
  });

  it('names the folder after the product', () => {
    expect(DATA_DIR_NAME).toBe('Smartload Till');
  });
});

describe('resolveDataDir / ensurePrivateDir', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'till-data-dir-'));
  });
  afterEach(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('creates the per-user default folder (and its parents) when no override is given', () => {
    const dir = resolveDataDir(undefined, { platform: 'linux', env: { XDG_CONFIG_HOME: join(base, 'cfg') }, homeDir: base });
    expect(dir).toBe(join(base, 'cfg', DATA_DIR_NAME));
    expect(statSync(dir).isDirectory()).toBe(true);
    if (posix) expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('prefers an override and resolves it to an absolute path', () => {
    const override = join(base, 'a', 'b');
    const dir = resolveDataDir(override, { platform: 'linux', env: { XDG_CONFIG_HOME: join(base, 'unused') }, homeDir: base });
    expect(dir).toBe(override);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(() => statSync(join(base, 'unused'))).toThrow();
  });

  it.runIf(posix)('tightens an existing folder that others can read', () => {
    const dir = join(base, 'loose');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'keep.txt'), 'kept');
    ensurePrivateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'keep.txt')).isFile()).toBe(true);
  });

  it('refuses a path that is a file with a typed error, and leaves the file alone', () => {
    const file = join(base, 'not-a-folder');
    writeFileSync(file, 'x');
    chmodSync(file, 0o644);
    const attempt = () => resolveDataDir(file);
    expect(attempt).toThrow(TillFailure);
    try {
      attempt();
    } catch (error) {
      expect((error as TillFailure).code).toBe(DataDirErrorCode.NotAFolder);
      expect((error as TillFailure).message).toContain(file);
    }
    expect(statSync(file).isFile()).toBe(true);
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('refuses a path below a file with a typed error', () => {
    const file = join(base, 'file');
    writeFileSync(file, 'x');
    expect(() => resolveDataDir(join(file, 'child'))).toThrow(expect.objectContaining({ code: DataDirErrorCode.NotAFolder }));
  });
});
