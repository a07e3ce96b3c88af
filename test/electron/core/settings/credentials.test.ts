import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../../electron/simulator';
import { createTillCore } from '../../../../electron/core/till-core';
import { createFileDataKeyProvider } from '../../../../electron/platform/data-key';
import { openConfSettings } from '../../../../electron/platform/settings-conf';
import { openCoreWithSupervisor } from '../session/helpers';

const sims: RunningSimulator[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
});

describe('QA/LIVE credentials come from the settings (user name) and the sealed store (password)', () => {
  it('a restarted QA till logs in to Smartcall with what the settings screen saved', async () => {
    // "Smartcall" here is a second simulator on loopback, standing in for the QA host.
    const qa = await startSimulator({ port: 0, testControls: true, networkRotation: false });
    sims.push(qa);
    const first = await openCoreWithSupervisor();
    const saved = await first.call('settings:update', {
      environment: 'qa',
      smartcall: { baseUrl: qa.baseUrl, username: qa.demo.username, password: qa.demo.password },
    });
    expect(saved).toMatchObject({ environment: 'qa', restartRequired: true, smartcall: { username: qa.demo.username, hasPassword: true } });
    await first.core.close();

    const settings = openConfSettings(first.dataDir);
    const restarted = await createTillCore({ shell: 'browser', version: '0', dataDir: first.dataDir, settings, keys: createFileDataKeyProvider(first.dataDir), heartbeatMs: 0 });
    try {
      expect(restarted.context.mode).toBe('qa');
      expect(restarted.context.simulator).toBeUndefined();
      expect(await restarted.context.client.balance(qa.demo.smartloadId)).toBe(qa.controls.balanceCents(qa.demo.smartloadId));
    } finally {
      await restarted.close();
    }
  });

  it('without a stored password, QA refuses to log in with a typed error (no demo login)', async () => {
    const qa = await startSimulator({ port: 0, testControls: true, networkRotation: false });
    sims.push(qa);
    const first = await openCoreWithSupervisor();
    await first.call('settings:update', { environment: 'qa', smartcall: { baseUrl: qa.baseUrl, username: qa.demo.username } });
    await first.core.close();
    const restarted = await createTillCore({ shell: 'browser', version: '0', dataDir: first.dataDir, settings: openConfSettings(first.dataDir), keys: createFileDataKeyProvider(first.dataDir), heartbeatMs: 0 });
    try {
      await expect(restarted.context.client.balance(qa.demo.smartloadId)).rejects.toMatchObject({ code: 'SMARTCALL_AUTH_NO_CREDENTIALS' });
    } finally {
      await restarted.close();
    }
  });
});
