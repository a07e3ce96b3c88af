import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir, type Browser } from './support/chromium';
import { repoRoot, startTill, type RunningTill } from './support/till';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('the till opens in Chromium (browser shell, training mode)', () => {
  let till: RunningTill;
  let browser: Browser;

  beforeAll(async () => {
    till = await startTill();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await till?.stop()).toBe(0);
  });

  it('shows the training badge, the version and a live link to the core', async () => {
    const page = await browser.context.newPage();
    await page.goto(till.url);
    // The launch token was swapped for a cookie and is gone from the address bar.
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByTestId('mode-badge').textContent()).toBe('Training');
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe(`v${version}`);
    await expect.poll(() => page.getByTestId('training-notice').isVisible()).toBe(true);
    // The heartbeat event proves the push direction end to end.
    await expect.poll(() => page.getByTestId('link-status').textContent(), { timeout: 20_000 }).toBe('Connected');
    await page.screenshot({ path: join(screenshotDir, 'till-opens.png') });
    await page.close();
  });

  it('refuses a browser that did not come through the launch link', async () => {
    const page = await browser.context.browser()?.newPage() ?? (await browser.context.newPage());
    const origin = new URL(till.url).origin;
    // A fresh context has no cookie: clear ours to act as a stranger on the same machine.
    await browser.context.clearCookies();
    const response = await page.goto(`${origin}/`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('Open the till with the link it printed');
    await page.close();
  });
});
