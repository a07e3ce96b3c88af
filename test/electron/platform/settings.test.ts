import { describe, expect, it } from 'vitest';
import { TillFailure } from '../../../shared/contract/envelope';
import { applySettingsPatch, defaultSettings, settingsFromStored, SettingsErrorCode, settingsSchema } from '../../../electron/platform/settings';

function failure(run: () => unknown): TillFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof TillFailure) return error;
    throw error;
  }
  throw new Error('expected a TillFailure');
}

describe('defaultSettings', () => {
  it('is a valid, safe start: training, no wallets, no offline selling', () => {
    expect(settingsSchema.parse(defaultSettings)).toEqual(defaultSettings);
    expect(defaultSettings.environment).toBe('training');
    expect(defaultSettings.offlineQueue.enabled).toBe(false);
    expect(defaultSettings.dealer.smartloadIds).toEqual([]);
  });

  it('cannot be changed by accident', () => {
    expect(() => {
      (defaultSettings.dealer.smartloadIds).push('27821234567');
    }).toThrow(TypeError);
    expect(defaultSettings.dealer.smartloadIds).toEqual([]);
  });
});

describe('settingsFromStored', () => {
  it('fills missing sections and fields with defaults and drops unknown keys', () => {
    const settings = settingsFromStored({ environment: 'qa', dealer: { smartloadIds: ['27813272161'] }, futureThing: 1, __internal__: { migrations: {} } }, '/x/settings.json');
    expect(settings.environment).toBe('qa');
    expect(settings.dealer).toEqual({ smartloadIds: ['27813272161'], defaultSmartloadId: null });
    expect(settings.offlineQueue).toEqual(defaultSettings.offlineQueue);
    expect(Object.keys(settings).sort()).toEqual(Object.keys(defaultSettings).sort());
  });

  it('treats an empty file as defaults', () => {
    expect(settingsFromStored({}, '/x/settings.json')).toEqual(defaultSettings);
  });

  it('refuses stored values out of bounds with SETTINGS_FILE_INVALID naming the file and field', () => {
    const error = failure(() => settingsFromStored({ environment: 'production', heartbeat: { intervalMs: 1 } }, '/x/settings.json'));
    expect(error.code).toBe(SettingsErrorCode.FileInvalid);
    expect(error.message).toContain('/x/settings.json');
    expect(error.fields).toHaveProperty('environment');
    expect(error.fields).toHaveProperty(['heartbeat.intervalMs']);
  });
});

describe('applySettingsPatch', () => {
  it('changes only the named fields', () => {
    const next = applySettingsPatch(defaultSettings, { offlineQueue: { enabled: true }, environment: 'qa' });
    expect(next.environment).toBe('qa');
    expect(next.offlineQueue).toEqual({ ...defaultSettings.offlineQueue, enabled: true });
    expect(next.smartcall).toEqual(defaultSettings.smartcall);
  });

  it('does not change its input', () => {
    const current = settingsSchema.parse(defaultSettings);
    const copy = structuredClone(current);
    applySettingsPatch(current, { dealer: { smartloadIds: ['27813272161'] } });
    expect(current).toEqual(copy);
  });

  it('accepts https and loopback http Smartcall addresses and clears an override with null', () => {
    for (const url of ['https://www.smartcallesb.co.za:8101/webservice', 'http://127.0.0.1:8765/webservice', 'http://localhost:9/webservice']) {
      expect(applySettingsPatch(defaultSettings, { smartcall: { baseUrl: url } }).smartcall.baseUrl).toBe(url);
    }
    const withOverride = applySettingsPatch(defaultSettings, { smartcall: { baseUrl: 'https://example.test/webservice' } });
    expect(applySettingsPatch(withOverride, { smartcall: { baseUrl: null } }).smartcall.baseUrl).toBeNull();
  });

  const refused: Array<[string, unknown, string]> = [
    ['an unknown section', { printer: { width: 80 } }, 'printer'],
    ['an unknown field', { offlineQueue: { enable: true } }, 'offlineQueue.enable'],
    ['an unknown environment', { environment: 'production' }, 'environment'],
    ['plain http to another host', { smartcall: { baseUrl: 'http://www.smartcallesb.co.za:8100/webservice' } }, 'smartcall.baseUrl'],
    ['credentials in the address', { smartcall: { baseUrl: 'https://user:pw@www.smartcallesb.co.za/webservice' } }, 'smartcall.baseUrl'],
    ['a query in the address', { smartcall: { baseUrl: 'https://www.smartcallesb.co.za/webservice?x=1' } }, 'smartcall.baseUrl'],
    ['not an address', { smartcall: { baseUrl: 'smartcall' } }, 'smartcall.baseUrl'],
    ['a local number as Smartload ID', { dealer: { smartloadIds: ['0821234567'] } }, 'dealer.smartloadIds.0'],
    ['a Smartload ID listed twice', { dealer: { smartloadIds: ['27813272161', '27813272161'] } }, 'dealer.smartloadIds'],
    ['a default wallet that is not listed', { dealer: { defaultSmartloadId: '27813272161' } }, 'dealer.defaultSmartloadId'],
    ['a fractional cent limit', { offlineQueue: { maxTotalCents: 10.5 } }, 'offlineQueue.maxTotalCents'],
    ['a negative cent limit', { offlineQueue: { maxTotalCents: -1 } }, 'offlineQueue.maxTotalCents'],
    ['a timeout too short', { smartcall: { requestTimeoutMs: 10 } }, 'smartcall.requestTimeoutMs'],
    ['a string where a number goes', { heartbeat: { intervalMs: '5000' } }, 'heartbeat.intervalMs'],
    ['not an object', 'live', '(settings)'],
  ];
  for (const [what, patch, field] of refused) {
    it(`refuses ${what} with SETTINGS_INVALID on ${field}`, () => {
      const error = failure(() => applySettingsPatch(defaultSettings, patch));
      expect(error.code).toBe(SettingsErrorCode.Invalid);
      expect(error.fields).toHaveProperty([field]);
      expect(error.message).toContain(field);
    });
  }

  it('keeps the Smartcall user name (trimmed) but has no place for a password', () => {
    expect(applySettingsPatch(defaultSettings, { smartcall: { username: '  phillmashie ' } }).smartcall.username).toBe('phillmashie');
    const error = failure(() => applySettingsPatch(defaultSettings, { smartcall: { password: 'secret' } }));
    expect(error.code).toBe(SettingsErrorCode.Invalid);
    expect(error.message).not.toContain('secret');
    expect(failure(() => applySettingsPatch(defaultSettings, { smartcall: { username: '   ' } })).fields).toHaveProperty(['smartcall.username']);
  });

  it('accepts a default wallet together with the list that holds it', () => {
    const next = applySettingsPatch(defaultSettings, { dealer: { smartloadIds: ['27813272161', '27829677746'], defaultSmartloadId: '27829677746' } });
    expect(next.dealer.defaultSmartloadId).toBe('27829677746');
  });
});
