import ElectronStore from 'electron-store';
import type { SettingsStore } from '../platform/settings';
import { confOptions, SETTINGS_FILE_NAME, settingsFilePath, settingsOverConf } from '../platform/settings-conf';

/**
 * The settings port in the Electron shell: electron-store (a conf subclass that imports `electron`,
 * hence here in main) over the same `<dataDir>/settings.json` and the same rules as the browser shell.
 */
export function openElectronSettings(dataDir: string): SettingsStore {
  return settingsOverConf(
    () => new ElectronStore<Record<string, unknown>>({ ...confOptions, cwd: dataDir, name: SETTINGS_FILE_NAME }),
    settingsFilePath(dataDir),
  );
}
