// The till screen: time from pressing Sell to the sale's result on screen (Chromium → browser shell →
// core → journal → embedded simulator → journal → screen), beside the simulator's own answer time for
// the same recharge sent directly with fetch, in the same run. Needs the built screen (`npm run build:renderer`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchChromium } from '../e2e/support/chromium';
import { fillSale, focusedTestId, setUpAndOpenShift } from '../e2e/support/screen';
import { repoRoot, simControl, startTill } from '../e2e/support/till';
import type { BenchRow } from './types';

const SALES = 15;
/** Cell C pinless airtime (open amount): no prevend, an async recharge answered "accepted". */
const CELLC_AIRTIME = 189;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export default async function screenBench(): Promise<BenchRow[]> {
  if (!existsSync(join(repoRoot, 'dist-renderer', 'index.html'))) throw new Error('Build the screen first: npm run build:renderer');
  const till = await startTill();
  const browser = await launchChromium();
  try {
    await simControl(till, 'rotation', { enabled: false });
    const page = await browser.context.newPage();
    await setUpAndOpenShift(page, till.url);

    const screen: number[] = [];
    for (let i = 0; i < SALES; i += 1) {
      // Each sale to its own number, so the 5-minute same-number guard never refuses one.
      await fillSale(page, { number: `084 300 ${String(1000 + i)}`, network: /^Cell C$/, kind: 'Airtime', product: /^CellC R2-R999/, amount: '5' });
      // The cashier presses Enter once the confirm step has focused Sell (after its opening animation,
      // which is not the sale's time).
      for (let tries = 0; (await focusedTestId(page)) !== 'sell'; tries += 1) {
        if (tries > 100) throw new Error('the confirm step never focused Sell');
        await page.waitForTimeout(20);
      }
      const t0 = performance.now();
      await page.keyboard.press('Enter');
      await page.getByTestId('sale-result').waitFor();
      screen.push(performance.now() - t0);
    }

    // The same request, straight to the simulator.
    const base = `${till.simulatorUrl}/webservice`;
    const auth = await fetch(`${base}/auth`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from('trainee:smartload').toString('base64')}` } });
    const token = ((await auth.json()) as { accessToken: string }).accessToken;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const direct: number[] = [];
    for (let i = 0; i < SALES; i += 1) {
      const body = {
        smartloadId: '27820000001',
        clientReference: crypto.randomUUID(),
        smsRecipientMsisdn: '27840000000',
        deviceId: `2784400${String(1000 + i)}`,
        productId: CELLC_AIRTIME,
        amount: 5,
        pinless: true,
        sendSms: false,
      };
      const t0 = performance.now();
      const r = await fetch(`${base}/smartload/recharges`, { method: 'POST', headers, body: JSON.stringify(body) });
      await r.arrayBuffer();
      direct.push(performance.now() - t0);
      if (r.status !== 200) throw new Error(`direct recharge answered ${r.status}`);
    }
    await page.close();
    const baselineName = 'the simulator answering the same recharge to fetch';
    return [
      { name: 'screen: press Sell → result on screen (Chromium, browser shell)', figure: percentile(screen, 50), baseline: percentile(direct, 50), baselineName, unit: 'ms p50' },
      { name: 'screen: press Sell → result on screen (Chromium, browser shell)', figure: percentile(screen, 95), baseline: percentile(direct, 95), baselineName, unit: 'ms p95' },
    ];
  } finally {
    await browser.close();
    await till.stop();
  }
}
