import { describe, expect, it } from 'vitest';
import { startTill } from './support/till';

describe('npm start (browser shell where Electron is missing)', () => {
  it('builds, prints exactly one "Till ready at" line, and stops cleanly on SIGTERM', async () => {
    const till = await startTill({ via: 'start-script', env: { TILL_SHELL: '' } });
    const response = await fetch(till.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(await till.stop()).toBe(0);
    expect(till.stdout.filter((line) => line.startsWith('Till ready at'))).toHaveLength(1);
  });
});
