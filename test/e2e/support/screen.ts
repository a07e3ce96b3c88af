import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir } from './chromium';

/** The supervisor every e2e till is set up with. */
export const supervisor = { name: 'Thandi', pin: '4321' };

/** Save a screenshot under test-output/e2e/ (kept by CI, looked at by people). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * Poll a test id's text until it matches (the screen follows push events, so never assert once).
 * A plain loop rather than vitest's expect.poll, so the benchmark can use the same helpers.
 */
export async function expectText(page: Page, testId: string, expected: string | RegExp, timeout = 20_000): Promise<void> {
  const pattern = expected instanceof RegExp ? expected : new RegExp(escape(expected));
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    const locator = page.getByTestId(testId);
    last = (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '<not on screen>';
    if (pattern.test(last)) return;
    if (Date.now() > deadline) throw new Error(`[data-testid=${testId}] never matched ${String(pattern)} within ${timeout} ms; last text: ${JSON.stringify(last)}`);
    await page.waitForTimeout(100);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** First run on a fresh till: create the supervisor, then open a shift with a float. */
export async function setUpAndOpenShift(page: Page, url: string, floatRands = '500'): Promise<void> {
  await page.goto(url);
  await page.getByTestId('setup-name').fill(supervisor.name);
  await page.getByTestId('setup-pin').fill(supervisor.pin);
  await page.keyboard.press('Enter');
  await page.getByTestId('float').fill(floatRands);
  await page.keyboard.press('Enter');
  await page.getByTestId('recipient').waitFor();
}

/** Choose an option of a Mantine Select by typing part of it and clicking the exact option. */
export async function choose(page: Page, testId: string, search: string, option: string | RegExp): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(search || searchOf(option));
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).first().click();
}

/** The plain text at the start of an option pattern (/^MTN R2-R999/ → "MTN R2-R999"), to type into the search. */
function searchOf(option: string | RegExp): string {
  return typeof option === 'string' ? option : option.source.replace(/^\^/, '').replace(/\$$/, '').replace(/\\/g, '');
}

/** Acknowledge every failure notice on screen (the cashier has refunded). */
export async function acknowledgeAll(page: Page): Promise<number> {
  let count = 0;
  while ((await page.getByTestId('acknowledge').count()) > 0) {
    await page.getByTestId('acknowledge').click();
    count += 1;
    await page.waitForTimeout(200);
  }
  return count;
}

export type SaleInput = { number: string; network?: string | RegExp; kind?: string; product: string | RegExp; productSearch?: string; amount?: string; meter?: string; prevend?: boolean };

/** Fill the sell form the way a cashier would (number first, Tab through), then press Enter for the confirm step. */
export async function fillSale(page: Page, sale: SaleInput): Promise<void> {
  await page.getByTestId('recipient').fill(sale.number);
  await expectText(page, 'recipient-info', sale.number.replace(/\D/g, '').slice(-4));
  if (sale.network) await choose(page, 'network', '', sale.network);
  if (sale.kind) await page.getByTestId('kind').getByText(sale.kind, { exact: true }).click();
  await choose(page, 'product', sale.productSearch ?? '', sale.product);
  if (sale.amount !== undefined) await page.getByTestId('amount').fill(sale.amount);
  if (sale.meter !== undefined) await page.getByTestId('meter').fill(sale.meter);
  if (sale.prevend === false && (await page.getByTestId('prevend-switch').count()) > 0) {
    if (await page.getByTestId('prevend-switch').isChecked()) await page.getByTestId('prevend-switch').click({ force: true });
  }
  await page.getByTestId('next').click();
}

/** Fill, confirm and sell; resolves once the result card shows. */
export async function sell(page: Page, sale: SaleInput): Promise<void> {
  await fillSale(page, sale);
  await page.getByTestId('sell').click();
  await page.getByTestId('sale-result').waitFor();
}

/** The test id of the element that has the keyboard focus (evaluated in the page, no DOM types here). */
export async function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-testid')");
}
