// Crash tests (sale-lifecycle.md): a child process runs the engine against the simulator and is
// killed with SIGKILL at a crash point; the parent restarts on the same journal, lets the reconciler
// finish, and checks the journal against the simulator's ledger, Jepsen-style.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createReconciler } from '../../../../electron/core/sales/reconciler';
import type { CrashPoint } from '../../../../electron/core/sales/ports';
import { startSimulator, type RunningSimulator } from '../../../../electron/simulator';
import { createSmartcallClient } from '../../../../electron/smartcall';
import { finalStates, type Sale, type SaleEvent } from '../../../../electron/store';
import { openTestStore, tempDataDir } from '../../store/helpers';

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function runChild(args: Record<string, unknown>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(args)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** The event log explains every state: a chain from nothing to the sale's current state. */
function explains(sale: Sale, events: SaleEvent[]): boolean {
  const changes = events.filter((e) => e.from !== e.to);
  return changes.length > 0 && changes[0]!.from === null && changes.every((e, i) => i === 0 || e.from === changes[i - 1]!.to) && changes.at(-1)!.to === sale.state;
}

// All eight crash points of the lifecycle note.
const points: CrashPoint[] = ['after-journal', 'after-send', 'after-answer', 'after-record', 'mid-batch', 'claiming-pin', 'applying-enquiry', 'forwarding'];

describe('crash at each point, restart, reconcile', () => {
  it.each(points.map((p, i) => [p, i] as const))('killed %s: every sale final, at most one charge each, ledger matches the journal', async (point, i) => {
    sim = await startSimulator({ port: 0, testControls: true, networkRotation: false, seed: 100 + i });
    const dataDir = tempDataDir();
    const run = await runChild({
      dataDir,
      baseUrl: sim.baseUrl,
      username: sim.demo.username,
      password: sim.demo.password,
      smartloadId: sim.demo.smartloadId,
      point,
      amountCents: 3000 + i * 100,
      recipient: `08230000${String(i).padStart(2, '0')}`,
    });
    expect(run.signal, run.stderr).toBe('SIGKILL');

    // Restart: same journal, a fresh client and reconciler, time moved on by the simulator's clock.
    const store = openTestStore({ dataDir });
    const s = sim;
    const client = createSmartcallClient({ environment: 'training', baseUrl: s.baseUrl, credentials: { username: s.demo.username, password: s.demo.password }, now: () => s.controls.now() });
    const reconciler = createReconciler({ sales: store.sales, vouchers: store.vouchers, gateway: client, now: () => s.controls.now() + 600_000, graceMs: 60_000 });
    for (let round = 0; round < 10; round++) {
      const { unresolved, queued } = store.sales.pendingCount();
      if (unresolved === 0 && queued === 0) break;
      s.controls.advanceClock(120_000);
      await reconciler.tick();
    }

    const sales = store.sales.listSales({ limit: 500 }).sales;
    expect(sales.length).toBeGreaterThan(0);
    const ledger = s.controls.ledger().filter((e) => e.kind !== 'deposit');
    const journaled = new Set(sales.map((x) => x.clientReference));
    // Nothing was charged for a reference the journal does not know.
    for (const e of ledger) expect(journaled.has(e.clientReference!)).toBe(true);
    for (const sale of sales) {
      expect(finalStates, `${sale.clientReference} is ${sale.state}`).toContain(sale.state);
      const mine = ledger.filter((e) => e.clientReference === sale.clientReference);
      expect(mine.filter((e) => e.amountCents < 0).length).toBeLessThanOrEqual(1);
      const net = mine.reduce((sum, e) => sum + e.amountCents, 0);
      // The journal's delivered sales are exactly the ones the wallet paid for (stock vouchers were paid
      // for when they were ordered).
      const fromStock = (sale.request as { method?: string } | null)?.method === 'stock';
      if (sale.state === 'delivered' && !fromStock) expect(net).toBeLessThan(0);
      else expect(net).toBe(0);
      expect(explains(sale, store.sales.saleEvents(sale.clientReference))).toBe(true);
    }
    // These amounts always succeed at the simulator: wherever the crash fell, the sale ends delivered
    // exactly once (a lost request is resent with the same reference after the grace period).
    // (mid-batch: the lines journaled before the kill, never sent, are each sent once with their own reference.)
    expect(new Set(sales.map((x) => x.state))).toEqual(new Set(['delivered']));
    expect(sales).toHaveLength(point === 'mid-batch' ? 6 : 1);
    if (point === 'claiming-pin') {
      // A stock voucher never reaches Smartcall: no charge, and exactly one PIN left the stock for it.
      expect(ledger).toEqual([]);
      expect(store.vouchers.availableVouchers(65)).toBe(0);
      expect(store.sales.revealVoucherPins(sales[0]!.clientReference).pin).toBe('5555666677778888');
    } else {
      expect(ledger.filter((e) => e.amountCents < 0)).toHaveLength(sales.length);
    }
  });
});
