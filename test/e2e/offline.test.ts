import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './support/chromium';
import { expectText, fillSale, setUpAndOpenShift, shot } from './support/screen';
import { simControl, startTill, type RunningTill } from './support/till';

/** The status domain pings Smartcall every 15 s: noticing "offline" and "back" each take up to one ping. */
const PING_WAIT_MS = 45_000;

/** Switch the offline queue on or off from the settings screen, as a supervisor does. */
async function setQueue(page: Page, on: boolean): Promise<void> {
  await page.keyboard.press('F3');
  const toggle = page.getByTestId('settings-queue');
  await toggle.waitFor();
  if ((await toggle.isChecked()) !== on) await toggle.click({ force: true });
  await page.getByTestId('settings-save').click();
  await page.getByTestId('settings-saved').waitFor();
  await page.keyboard.press('F1');
  await page.getByTestId('recipient').waitFor();
}

describe('selling while Smartcall cannot be reached (Chromium, browser shell, embedded simulator)', () => {
  let till: RunningTill;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    till = await startTill();
    await simControl(till, 'rotation', { enabled: false });
    browser = await launchChromium();
    page = await browser.context.newPage();
    await setUpAndOpenShift(page, till.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await shot(page, `FAILED-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    expect(await till?.stop()).toBe(0);
  });

  it('refuses a sale with the queue off, queues it with the queue on, and forwards it when Smartcall is back', { timeout: 180_000 }, async () => {
    await setQueue(page, false);
    // Every request to Smartcall is dropped before it is handled (nothing changes there) until cleared.
    await simControl(till, 'faults', { kind: 'drop-before', times: 0 });
    await expectText(page, 'online-status', 'Smartcall offline', PING_WAIT_MS);
    await shot(page, 'offline-1-status');

    // Queue off: refused inline, nothing typed lost. The network comes from the number's prefix.
    await fillSale(page, { number: '084 222 3333', kind: 'Airtime', product: /^CellC R2-R999/, amount: '20' });
    await expectText(page, 'recipient-info', 'guessed from the number');
    await page.getByTestId('sell').click();
    await expectText(page, 'sell-error', 'cannot be queued');
    expect(await page.getByTestId('amount').inputValue()).toBe('20');
    await shot(page, 'offline-2-refused');

    // Queue on: the same sale is journaled as queued, and the screen says so.
    await setQueue(page, true);
    await fillSale(page, { number: '084 222 3333', kind: 'Airtime', product: /^CellC R2-R999/, amount: '20' });
    await page.getByTestId('sell').click();
    await expectText(page, 'sale-state', 'Queued: will be sent when Smartcall is back');
    await expectText(page, 'pending-count', 'Pending 1');
    await shot(page, 'offline-3-queued');

    // Smartcall is back: the reconciler forwards it after a good ping; the sale then goes through.
    await simControl(till, 'faults', undefined, 'DELETE');
    await expectText(page, 'sale-state', /Sent, waiting for the network|Delivered/, PING_WAIT_MS + 15_000);
    await expectText(page, 'online-status', 'Smartcall online');
    await simControl(till, 'clock', { advanceMs: 10_000 });
    await expectText(page, 'sale-state', 'Delivered', 30_000);
    await expectText(page, 'pending-count', 'Pending 0');
    await shot(page, 'offline-4-forwarded-delivered');
  });
});
