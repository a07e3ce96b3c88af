import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShellKind } from '../../shared/contract/channels';
import { createTillCore, type TillCore, type TillCoreOptions } from '../../electron/core/till-core';
import { createFileDataKeyProvider } from '../../electron/platform/data-key';
import { openConfSettings } from '../../electron/platform/settings-conf';

export type TestCore = { core: TillCore; dataDir: string; dispose(): Promise<void> };

/**
 * A real core for integration tests: a fresh data folder with real settings (conf), a real key file,
 * a real SQLite journal and, in training mode, a real embedded simulator on loopback.
 */
export async function openTestCore(
  options: { shell?: ShellKind; version?: string } & Partial<Omit<TillCoreOptions, 'settings' | 'keys' | 'dataDir'>> = {},
): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'till-core-'));
  const core = await createTillCore({
    shell: options.shell ?? 'browser',
    version: options.version ?? '9.9.9',
    heartbeatMs: 0,
    simulator: { networkRotation: false },
    ...options,
    dataDir,
    settings: openConfSettings(dataDir),
    keys: createFileDataKeyProvider(dataDir),
  });
  return {
    core,
    dataDir,
    async dispose() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
