import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './support/chromium';
import { acknowledgeAll, choose, expectText, fillSale, focusedTestId, sell, setUpAndOpenShift, shot, supervisor } from './support/screen';
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

  // A failing test leaves a picture of the screen it failed on.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await shot(page, `FAILED-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
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

  it('an R11 sale fails after it was sent and raises a notice that stays until the cashier has refunded', async () => {
    await page.keyboard.press('Escape');
    await sell(page, { number: '0721112222', network: /^Vodacom$/, kind: 'Airtime', product: /^Vodacom Airtime/, amount: '11', prevend: false });
    await expectText(page, 'sale-state', 'Sent, waiting for the network');
    await simControl(till, 'clock', { advanceMs: 10_000 });
    await page.getByTestId('attention').waitFor({ timeout: 30_000 });
    await expectText(page, 'attention', 'R11.00');
    await expectText(page, 'sale-state', 'Failed — give the customer their money back');
    await shot(page, 'r11-1-notice');
    // Escape does not take it away: only the acknowledgement does.
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('attention').isVisible()).toBe(true);
    await page.getByTestId('acknowledge').click();
    await expect.poll(() => page.getByTestId('attention').count()).toBe(0);
    await shot(page, 'r11-2-acknowledged');
  });

  it('a sale to a network the simulator has taken down: the prevend refuses it before cash; without prevend it fails and says so', async () => {
    await simControl(till, 'networks/mtn', { state: 'DOWN' });
    try {
      await page.keyboard.press('Escape');
      await fillSale(page, { number: '083 555 0101', kind: 'Airtime', product: /^MTN R2-R999/, amount: '15' });
      await expectText(page, 'prevend-refused', 'MTN is currently unavailable');
      expect(await page.getByTestId('confirm').count()).toBe(0);
      // Nothing typed is lost: the cashier can switch the check off or try later.
      expect(await page.getByTestId('recipient').inputValue()).toBe('083 555 0101');
      expect(await page.getByTestId('amount').inputValue()).toBe('15');
      await shot(page, 'network-down-1-prevend-refused');

      await page.getByTestId('prevend-switch').click({ force: true });
      await page.getByTestId('next').click();
      await page.getByTestId('sell').click();
      await page.getByTestId('sale-result').waitFor();
      await simControl(till, 'clock', { advanceMs: 10_000 });
      await expectText(page, 'sale-state', 'Failed — give the customer their money back', 30_000);
      await shot(page, 'network-down-2-failed');
      // Shown as sent first, then failed: the notice comes up, and goes once the cashier has refunded.
      await page.getByTestId('attention').waitFor();
      expect(await acknowledgeAll(page)).toBe(1);
    } finally {
      await acknowledgeAll(page);
      await simControl(till, 'networks/mtn', { state: 'UP' });
    }
  });

  it('sells a voucher and shows its PIN on screen and on the receipt', async () => {
    await page.keyboard.press('Escape');
    await sell(page, { number: '082 300 4000', kind: 'Vouchers', product: /^Vodacom R5 voucher/ });
    await expectText(page, 'sale-state', 'Delivered');
    await expect.poll(async () => ((await page.getByTestId('voucher-pin').textContent()) ?? '').replace(/\s/g, '')).toMatch(/^\d{8,}$/);
    await expectText(page, 'receipt', 'PIN:');
    await shot(page, 'voucher-pin');
  });

  it('sells electricity to a meter number', async () => {
    await page.keyboard.press('Escape');
    await sell(page, { number: '082 700 8000', network: /^Electricity-Eskom/, product: /^Electricity-Eskom/, amount: '50', meter: '04040404040' });
    await shot(page, 'electricity-1');
    await simControl(till, 'clock', { advanceMs: 10_000 });
    await expectText(page, 'sale-state', 'Delivered', 30_000);
    await expectText(page, 'receipt', '04040404040');
    // The token came with the reconciler's answer: the screen asks for it once (sales:reveal) and shows it.
    await page.getByTestId('voucher-pin').waitFor();
    expect((await page.getByTestId('voucher-pin').textContent())?.replace(/\s/g, '')).toMatch(/^\d{20}$/);
    await expectText(page, 'receipt', 'Token:');
    await shot(page, 'electricity-2');
  });

  it('refuses bad input inline with the core\'s words, journals nothing and keeps what was typed', async () => {
    await page.keyboard.press('Escape');
    // A number that is not a South African cell number: the lookup refuses it under the field.
    await page.getByTestId('recipient').fill('1234567890');
    await expect.poll(() => page.getByText('1234567890', { exact: false }).count()).toBeGreaterThan(0);
    await expect.poll(async () => (await page.locator('[data-testid="recipient"][aria-invalid="true"]').count())).toBe(1);
    await shot(page, 'bad-1-number');
    // Choosing the network by hand does not get it past the core either.
    await choose(page, 'network', '', /^Vodacom$/);
    await page.getByTestId('kind').getByText('Airtime', { exact: true }).click();
    await choose(page, 'product', '', /^Vodacom Airtime/);
    await page.getByTestId('amount').fill('10');
    const checked = page.waitForResponse((r) => decodeURIComponent(r.url()).endsWith('/api/sales:prevend'));
    await page.getByTestId('next').click();
    // The core refuses it on the number field; the screen keeps it under that field.
    expect(await (await checked).json()).toMatchObject({ ok: false, error: { code: 'SALE_INVALID_INPUT', fields: { recipient: expect.stringContaining('1234567890') } } });
    await expect.poll(async () => (await page.locator('[data-testid="recipient"][aria-invalid="true"]').count())).toBe(1);
    expect(await page.getByTestId('confirm').count()).toBe(0);
    expect(await page.getByTestId('recipient').inputValue()).toBe('1234567890');

    // An amount outside the product's limits: refused under the amount field, at the prevend and at the sale.
    await page.getByTestId('recipient').fill('082 444 5555');
    await expectText(page, 'recipient-info', '082 444 5555');
    await choose(page, 'product', '', /^Vodacom Airtime/);
    await page.getByTestId('amount').fill('5000');
    await page.getByTestId('next').click();
    await expectText(page, 'sell-form', 'The amount must be between R2.00 and R1000.00');
    await shot(page, 'bad-2-amount-prevend');
    await page.getByTestId('prevend-switch').click({ force: true });
    await page.getByTestId('next').click();
    await page.getByTestId('sell').click();
    await expectText(page, 'sell-form', 'The amount must be between R2.00 and R1000.00');
    expect(await page.getByTestId('amount').inputValue()).toBe('5000');
    expect(await page.getByTestId('recipient').inputValue()).toBe('082 444 5555');
    await shot(page, 'bad-3-amount-sell');

    // Electricity without a meter number.
    await page.getByTestId('recipient').fill('082 444 6666');
    await expectText(page, 'recipient-info', '082 444 6666');
    await choose(page, 'network', '', /^Electricity-Eskom/);
    await choose(page, 'product', '', /^Electricity-Eskom/);
    await page.getByTestId('amount').fill('60');
    await page.getByTestId('next').click();
    await page.getByTestId('sell').click();
    await expectText(page, 'sell-form', 'Type the meter number.');
    expect(await page.getByTestId('amount').inputValue()).toBe('60');
    await shot(page, 'bad-4-meter');

    // Nothing of it reached the journal.
    await page.keyboard.press('F2');
    for (const number of ['0824445555', '0824446666', '1234567890']) {
      await page.getByTestId('history-text').fill(number);
      await page.keyboard.press('Enter');
      await page.getByTestId('history-empty').waitFor();
    }
    await page.keyboard.press('F1');
    await page.getByTestId('recipient').waitFor();
  });

  it('history: search by number, status, reference and date; a sale opens with its timeline', async () => {
    await page.keyboard.press('F2');
    await page.getByTestId('history-text').fill('082 123 4567');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1);
    await expectText(page, 'history-table', 'R12.00');
    await page.getByTestId('history-row').first().click();
    await expectText(page, 'sale-timeline', 'submitted → delivered');
    const ref = /Ref ([0-9a-f-]{36})/.exec((await page.getByTestId('detail-ref').textContent()) ?? '')?.[1];
    expect(ref).toBeDefined();
    await shot(page, 'history-1-detail');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('sale-detail').count()).toBe(0);

    // By reference.
    await page.getByTestId('history-text').fill(ref ?? '');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1);

    // By status: the R11 and the down-network sales failed.
    await page.getByTestId('history-text').fill('');
    await choose(page, 'history-state', 'failed', 'failed');
    await page.getByTestId('history-search').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);
    await expectText(page, 'history-table', 'R11.00');
    await shot(page, 'history-2-failed');

    // By date: today has them all, a day in the past none.
    const today = new Date();
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await choose(page, 'history-state', 'any', 'any status');
    await page.getByTestId('history-from').fill(day(today));
    await page.getByTestId('history-search').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBeGreaterThanOrEqual(5);
    await page.getByTestId('history-from').fill('2020-01-01');
    await page.getByTestId('history-to').fill('2020-01-02');
    await page.getByTestId('history-search').click();
    await page.getByTestId('history-empty').waitFor();
  });

  it('the supervisor adds a cashier, who signs in, opens a shift, locks the screen, unlocks it and closes the shift', async () => {
    await page.keyboard.press('F3');
    await page.getByTestId('new-cashier-name').fill('Sipho');
    await page.getByTestId('new-cashier-pin').fill('2468');
    await page.getByTestId('add-cashier').click();
    await page.getByTestId('cashier-added').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('cashier-pick').filter({ hasText: 'Sipho' }).click();
    await page.getByTestId('signin-pin').fill('2468');
    await page.keyboard.press('Enter');
    await page.getByTestId('float').fill('250.50');
    await page.keyboard.press('Enter');
    await expectText(page, 'cashier-name', 'float R250.50');
    // A cashier has no settings tab.
    expect(await page.getByTestId('tab-settings').count()).toBe(0);
    await page.keyboard.press('F9');
    await page.getByTestId('unlock-pin').fill('2468');
    await shot(page, 'shift-1-locked');
    await page.keyboard.press('Enter');
    await page.getByTestId('recipient').waitFor();
    await page.getByTestId('close-shift').click();
    await page.getByTestId('float').waitFor();
    await shot(page, 'shift-2-closed');
  });
});
