import Conf from 'conf';
import { join } from 'node:path';
import { TillFailure } from '../../shared/contract/envelope';
import { applySettingsPatch, defaultSettings, settingsFromStored, SettingsErrorCode, type Settings, type SettingsStore } from './settings';

/**
 * The settings port over conf's JSON file (atomic writes, file mode 0600). The browser shell uses it
 * directly; the Electron shell passes its electron-store (a conf subclass) to {@link settingsOverConf}.
 */

/** The file name (without `.json`) of the settings inside the data folder. */
export const SETTINGS_FILE_NAME = 'settings';

/** The part of conf (and electron-store) the adapter uses: the whole stored object and its file. */
export type ConfLike = {
  store: Record<string, unknown>;
  readonly path: string;
};

/** Options both conf and electron-store get: one file in the data folder, readable by this user only. */
export const confOptions = {
  configFileMode: 0o600,
  // A damaged file must stop the till with a message, not be silently replaced by defaults
  // (which could, for instance, turn a live till into a training till without anyone noticing).
  clearInvalidConfig: false,
  accessPropertiesByDotNotation: false,
  watch: false,
} as const;

/** Open (or start) the settings file `<dataDir>/settings.json` with conf. */
export function openConfSettings(dataDir: string): SettingsStore {
  return settingsOverConf(
    () => new Conf<Record<string, unknown>>({ ...confOptions, cwd: dataDir, configName: SETTINGS_FILE_NAME, projectName: 'smartload-till' }),
    settingsFilePath(dataDir),
  );
}

/** Where the settings file of a data folder is. */
export function settingsFilePath(dataDir: string): string {
  return join(dataDir, `${SETTINGS_FILE_NAME}.json`);
}

/**
 * The settings port over any conf-like store. `open` constructs it, so that a damaged file met
 * while opening becomes the same typed error as one met later; `location` names the file in it.
 */
export function settingsOverConf(open: () => ConfLike, location: string): SettingsStore {
  let conf: ConfLike;
  try {
    conf = open();
  } catch (error) {
    throw unreadable(location, error);
  }

  const read = (): Settings => {
    let stored: Record<string, unknown>;
    try {
      stored = conf.store;
    } catch (error) {
      throw unreadable(location, error);
    }
    return settingsFromStored(stored, location);
  };

  const write = (settings: Settings): Settings => {
    try {
      conf.store = structuredClone(settings);
    } catch (error) {
      throw new TillFailure(
        SettingsErrorCode.WriteFailed,
        `The till could not save its settings to "${location}" (${errorCode(error)}). Check that the disk is not full or read-only; nothing was changed.`,
        { cause: error },
      );
    }
    return settings;
  };

  return {
    location,
    get: read,
    update(patch) {
      return write(applySettingsPatch(read(), patch));
    },
    reset() {
      return write(structuredClone(defaultSettings));
    },
  };
}

function unreadable(location: string, error: unknown): TillFailure {
  if (error instanceof TillFailure) return error;
  return new TillFailure(
    SettingsErrorCode.FileInvalid,
    `The till cannot read its settings file "${location}" (${error instanceof SyntaxError ? 'it is not valid JSON' : errorCode(error)}). Ask support to repair or reset it.`,
    { cause: error },
  );
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'unknown error';
}
