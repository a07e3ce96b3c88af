import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillFailure } from '../../../shared/contract/envelope';
import { defaultSettings, SettingsErrorCode } from '../../../electron/platform/settings';
import { openConfSettings, settingsFilePath, settingsOverConf } from '../../../electron/platform/settings-conf';

const posix = process.platform !== 'win32';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof TillFailure) return error.code;
    throw error;
  }
  return 'no error';
}

describe('openConfSettings (a real settings.json in a temp folder)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'till-settings-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the defaults and writes nothing until asked', () => {
    const store = openConfSettings(dir);
    expect(store.location).toBe(settingsFilePath(dir));
    expect(store.get()).toEqual(defaultSettings);
  });

  it('saves a change that a second opening reads back', () => {
    openConfSettings(dir).update({ environment: 'qa', dealer: { smartloadIds: ['27813272161'], defaultSmartloadId: '27813272161' } });
    const again = openConfSettings(dir).get();
    expect(again.environment).toBe('qa');
    expect(again.dealer.defaultSmartloadId).toBe('27813272161');
    expect(JSON.parse(readFileSync(settingsFilePath(dir), 'utf8'))).toMatchObject({ environment: 'qa' });
  });

  it.runIf(posix)('keeps the file readable by this user only', () => {
    openConfSettings(dir).update({ heartbeat: { intervalMs: 2_000 } });
    expect(statSync(settingsFilePath(dir)).mode & 0o777).toBe(0o600);
  });

  it('saves nothing when a change is refused', () => {
    const store = openConfSettings(dir);
    store.update({ offlineQueue: { enabled: true } });
    const before = readFileSync(settingsFilePath(dir), 'utf8');
    expect(codeOf(() => store.update({ offlineQueue: { maxSales: 0 }, environment: 'live' }))).toBe(SettingsErrorCode.Invalid);
    expect(readFileSync(settingsFilePath(dir), 'utf8')).toBe(before);
    expect(store.get().environment).toBe('training');
  });

  it('reset puts the defaults back', () => {
    const store = openConfSettings(dir);
    store.update({ environment: 'qa' });
    expect(store.reset()).toEqual(defaultSettings);
    expect(openConfSettings(dir).get()).toEqual(defaultSettings);
  });

  it('sees a change made by another opening of the same file (both shells on one PC)', () => {
    const first = openConfSettings(dir);
    openConfSettings(dir).update({ environment: 'qa' });
    expect(first.get().environment).toBe('qa');
  });

  it('stops with SETTINGS_FILE_INVALID on a damaged file and does not overwrite it', () => {
    writeFileSync(settingsFilePath(dir), '{"environment": "live",');
    expect(codeOf(() => openConfSettings(dir).get())).toBe(SettingsErrorCode.FileInvalid);
    expect(() => openConfSettings(dir).get()).toThrow(/not valid JSON/);
    expect(readFileSync(settingsFilePath(dir), 'utf8')).toBe('{"environment": "live",');
  });

  it('stops with SETTINGS_FILE_INVALID on a value out of bounds, naming the field', () => {
    writeFileSync(settingsFilePath(dir), JSON.stringify({ environment: 'live', offlineQueue: { maxTotalCents: -5 } }));
    const store = openConfSettings(dir);
    try {
      store.get();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TillFailure);
      expect((error as TillFailure).code).toBe(SettingsErrorCode.FileInvalid);
      expect((error as TillFailure).fields).toHaveProperty(['offlineQueue.maxTotalCents']);
    }
    // A change cannot paper over the damage either.
    expect(codeOf(() => store.update({ environment: 'training' }))).toBe(SettingsErrorCode.FileInvalid);
  });

  it('answers a typed error, not a crash, when its folder is gone and a file is in the way', () => {
    const store = openConfSettings(dir);
    store.update({ environment: 'qa' });
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'in the way');
    expect(codeOf(() => store.update({ environment: 'live' }))).toMatch(/^SETTINGS_/);
    expect(readFileSync(dir, 'utf8')).toBe('in the way');
  });
});

describe('settingsOverConf', () => {
  // The disk is the edge of this unit: a disk that is full cannot be made on demand, so the store
  // below stands in for conf and fails its write the way Node does.
  function diskFullConf(initial: Record<string, unknown>) {
    const data = initial;
    return {
      path: '/till/settings.json',
      get store() {
        return structuredClone(data);
      },
      set store(_value: Record<string, unknown>) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
  }

  it('answers SETTINGS_WRITE_FAILED naming the reason when the disk is full, and keeps what was there', () => {
    const conf = diskFullConf({ environment: 'qa' });
    const store = settingsOverConf(() => conf, conf.path);
    let error: unknown;
    try {
      store.update({ environment: 'live' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TillFailure);
    expect((error as TillFailure).code).toBe(SettingsErrorCode.WriteFailed);
    expect((error as TillFailure).message).toContain('ENOSPC');
    expect(store.get().environment).toBe('qa');
  });

  it('turns a failure while opening into SETTINGS_FILE_INVALID naming the file', () => {
    expect(() =>
      settingsOverConf(() => {
        throw new SyntaxError('Unexpected end of JSON input');
      }, '/till/settings.json'),
    ).toThrow(expect.objectContaining({ code: SettingsErrorCode.FileInvalid, message: expect.stringContaining('/till/settings.json') }));
  });
});
