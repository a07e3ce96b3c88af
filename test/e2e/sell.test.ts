import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './support/chromium';
import { expectText, focusedTestId, sell, setUpAndOpenShift, shot, supervisor } from './support/screen';
import { simControl, startTill, type RunningTill } from './support/till';

describe('selling at the till (Chromium, browser shell, embedded simulator)', () => {
  let till: RunningTill;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    till = await startTill();
    // Deterministic networks: no rotation taking one down in the middle of a test.
    await simControl(till, 'rotation', { enabled: false });
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await till?.stop()).toBe(0);
  });

  it('first run creates the supervisor; sign out, pick the cashier, PIN, open the shift', async () => {
    await page.goto(till.url);
    await page.getByTestId('setup-name').waitFor();
    await shot(page, 'sign-in-1-setup');
    await setUpAndOpenShift(page, till.url);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('cashier-pick').filter({ hasText: supervisor.name }).click();
    await page.getByTestId('signin-pin').fill('0000');
    await page.keyboard.press('Enter');
    // A wrong PIN is refused with the core's words, and the cashier can try again.
    await expect.poll(() => page.getByText('That PIN is not right', { exact: false }).count()).toBe(1);
    await page.getByTestId('signin-pin').fill(supervisor.pin);
    await shot(page, 'sign-in-2-pin');
    await page.keyboard.press('Enter');
    // The shift stayed open across the sign-out: straight to the sell screen, focus in the number field.
    await page.getByTestId('recipient').waitFor();
    await expectText(page, 'cashier-name', supervisor.name);
    await expect.poll(() => focusedTestId(page)).toBe('recipient');
    await shot(page, 'sign-in-3-sell-screen');
  });

  it('sells pinless airtime to a 0-prefixed number: prevend, confirm, submitted, then delivered', async () => {
    await sell(page, { number: '082 123 4567', kind: 'Airtime', product: /^Vodacom Airtime/, amount: '12' });
    await shot(page, 'airtime-1-submitted');
    await expectText(page, 'sale-state', 'Sent, waiting for the network');
    // Focus is back in the number field for the next customer.
    await expect.poll(() => focusedTestId(page)).toBe('recipient');
    await simControl(till, 'clock', { advanceMs: 10_000 });
    await expectText(page, 'sale-state', 'Delivered', 30_000);
    await shot(page, 'airtime-2-delivered');
  });
});
