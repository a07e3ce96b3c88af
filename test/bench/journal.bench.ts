// Journal and sale-engine benchmarks: durable commits through the repository vs raw better-sqlite3
// with the same pragmas; a sale through the engine vs a bare ky call to the same simulator endpoint;
// 10,000 pending sales resolved by the reconciler vs a bare enquiry loop; history queries over
// 1,000,000 synthetic sales vs a full scan. Real files in a
// temp dir; the data is generated inside SQLite in one transaction so the set-up stays fast.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import ky from 'ky';
import { createSaleEngine } from '../../electron/core/sales/engine';
import { createReconciler } from '../../electron/core/sales/reconciler';
import { startSimulator } from '../../electron/simulator';
import { createSmartcallClient } from '../../electron/smartcall';
import { createAesGcmPinCipher, openStore } from '../../electron/store';
import type { Bench, BenchRow } from './types';

const cipher = createAesGcmPinCipher(new Uint8Array(32).fill(3));
const rows = Number(process.env.JOURNAL_BENCH_ROWS ?? 1_000_000);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function p50(fn: (i: number) => unknown, runs = 30): number {
  for (let i = 0; i < 3; i++) fn(i); // warm the page cache and the statement cache
  return percentile(Array.from({ length: runs }, (_, i) => timeMs(() => fn(i))), 50);
}

function durableCommits(dir: string): BenchRow[] {
  const sales = 400;
  const store = openStore({ dataDir: join(dir, 'commits'), cipher });
  const refs = Array.from({ length: sales }, () => randomUUID());
  const storeMs = timeMs(() => {
    for (const clientReference of refs) {
      store.sales.createSaleIntent({ clientReference, kind: 'pinless', recipientMsisdn: '27821234567', productId: 62, amountCents: 1200 });
      store.sales.transitionSale({ clientReference, from: 'intent', to: 'submitted', cause: 'smartcall:accepted', raw: { responseCode: 'SUCCESS', recharge: { orderReferenceId: 130078272 } }, patch: { orderReferenceId: '130078272' } });
    }
  });
  store.close();

  // Baseline: the same number of single-row commits with the same pragmas, no repository around them.
  const db = new Database(join(dir, 'raw.sqlite3'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, state TEXT NOT NULL, amount INTEGER NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO t (ref, state, amount) VALUES (?, ?, ?)');
  const rawMs = timeMs(() => {
    for (const ref of refs) {
      insert.run(ref, 'intent', 1200);
      insert.run(ref + 'b', 'submitted', 1200);
    }
  });
  db.close();
  const commits = sales * 2;
  return [
    {
      name: 'journal: durable commits (createSaleIntent + transitionSale with event, synchronous=FULL)',
      figure: commits / (storeMs / 1000),
      baseline: commits / (rawMs / 1000),
      baselineName: 'raw better-sqlite3 single-row INSERT commits, same pragmas',
      unit: 'commits/s',
    },
  ];
}

function generate(path: string, count: number) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // set-up only; the measured queries run on the real store
  const start = Date.UTC(2026, 0, 1) - 2 * 3600_000;
  const spanMs = 365 * 24 * 3600_000;
  db.transaction(() => {
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
      INSERT INTO sales (client_reference, kind, product_id, recipient_msisdn, amount_cents, cost_cents, state,
        order_reference_id, created_at, updated_at)
      SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-a'
               || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
             CASE i % 10 WHEN 0 THEN 'electricity' WHEN 1 THEN 'data' WHEN 2 THEN 'voucher' ELSE 'pinless' END,
             i % 300,
             '278' || printf('%08d', (i * 7919) % 20000000),
             500 * (1 + i % 40),
             475 * (1 + i % 40),
             CASE WHEN i % 50 = 0 THEN 'failed' WHEN i % 997 = 0 THEN 'submitted' ELSE 'delivered' END,
             CAST(100000000 + i AS TEXT),
             ? + (i * ?) / ?,
             ? + (i * ?) / ?
      FROM n`).run(count, start, spanMs, count, start, spanMs, count);
    db.prepare(`INSERT INTO sale_events (sale_id, at, from_state, to_state, cause)
      SELECT id, created_at, NULL, 'intent', 'journaled' FROM sales`).run();
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function history(dir: string): BenchRow[] {
  const dataDir = join(dir, 'history');
  // Create the schema through the store (migrations), then fill it.
  openStore({ dataDir, cipher }).close();
  generate(join(dataDir, 'journal.sqlite3'), rows);

  const openChecked = timeMs(() => openStore({ dataDir, cipher }).close());
  const openUnchecked = timeMs(() => openStore({ dataDir, cipher, quickCheck: false }).close());
  const store = openStore({ dataDir, cipher, quickCheck: false });
  const baselineDb = new Database(join(dataDir, 'journal.sqlite3'), { readonly: true });
  // The baseline is what any question costs without an index: one pass over every sale.
  const scanAll = baselineDb.prepare('SELECT sum(amount_cents) AS n FROM sales');
  const scanMs = p50(() => scanAll.get(), 10);

  // Numbers and references that exist (the generator's formulas), typed the way a cashier types them.
  const numbers = Array.from({ length: 40 }, (_, i) => '08' + String(((1 + ((i * 2311) % rows)) * 7919) % 20000000).padStart(8, '0'));
  const found = (page: { sales: unknown[] }) => {
    if (page.sales.length === 0) throw new Error('bench query found nothing: the generator and the bench disagree');
  };
  const byNumber = p50((i) => found(store.sales.listSales({ query: numbers[i % numbers.length]! })));
  const byOrderRef = p50((i) => found(store.sales.listSales({ query: String(100000000 + 1 + ((i * 12345) % rows)) })));
  const days = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2026, 0, 2 + i * 7)).toISOString().slice(0, 10));
  const dayPage = p50((i) => {
    const d = days[i % days.length]!;
    const from = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) - 2 * 3600_000;
    found(store.sales.listSales({ from, to: from + 86_400_000, states: ['delivered'], limit: 50 }));
  });
  const totals = p50((i) => store.sales.dayTotals(days[i % days.length]!));
  const pending = p50(() => store.sales.pendingSales({ limit: 100 }));
  baselineDb.close();
  store.close();

  const scale = `${(rows / 1e6).toLocaleString('en')}M sales`;
  const base = { baseline: scanMs, baselineName: `full scan: SELECT sum(amount_cents) FROM sales (${scale})`, unit: 'ms p50' };
  return [
    { name: `journal: search history by phone number (${scale})`, figure: byNumber, ...base },
    { name: `journal: search history by order reference (${scale})`, figure: byOrderRef, ...base },
    { name: `journal: one day's delivered sales, first page (${scale})`, figure: dayPage, ...base },
    { name: `journal: a day's totals (${scale})`, figure: totals, ...base },
    { name: `journal: reconciler's pending list (${scale})`, figure: pending, ...base },
    {
      name: `journal: open with quick_check (${scale})`,
      figure: openChecked,
      baseline: openUnchecked,
      baselineName: 'open without quick_check',
      unit: 'ms',
    },
  ];
}

// The sale engine over the same simulator endpoint as a bare ky call: what journaling (two durable
// commits), validation and bookkeeping add to each sale.
async function saleOverhead(dir: string): Promise<BenchRow[]> {
  const n = Number(process.env.SALES_BENCH_N ?? 200);
  const sim = await startSimulator({ port: 0, networkRotation: false });
  try {
    const id = sim.demo.smartloadId;
    sim.controls.deposit(id, 100_000_000);
    const client = createSmartcallClient({ environment: 'training', baseUrl: sim.baseUrl, credentials: { username: sim.demo.username, password: sim.demo.password } });
    const store = openStore({ dataDir: join(dir, 'engine'), cipher });
    const engine = createSaleEngine({ sales: store.sales, gateway: client, smartloadId: () => id });
    const msisdn = (i: number) => '0828' + String(i).padStart(6, '0');
    const engineMs: number[] = [];
    for (let i = 0; i < n + 20; i++) {
      const start = process.hrtime.bigint();
      const sale = await engine.sell('pinless', { productId: 62, recipientMsisdn: msisdn(i), amountCents: 500 });
      if (sale.state !== 'submitted') throw new Error(`bench sale ended ${sale.state}`);
      if (i >= 20) engineMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    store.close();

    const auth = await ky.post(`${sim.baseUrl}/auth`, { headers: { Authorization: `Basic ${Buffer.from(`${sim.demo.username}:${sim.demo.password}`).toString('base64')}` } }).json<{ accessToken: string }>();
    const kyMs: number[] = [];
    for (let i = 0; i < n + 20; i++) {
      const start = process.hrtime.bigint();
      const number = '27829' + String(i).padStart(6, '0');
      await ky
        .post(`${sim.baseUrl}/smartload/recharges`, {
          headers: { Authorization: `Bearer ${auth.accessToken}` },
          json: { smartloadId: id, clientReference: randomUUID(), smsRecipientMsisdn: number, deviceId: number, productId: 62, amount: 5, pinless: true, sendSms: false },
        })
        .json();
      if (i >= 20) kyMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const baselineName = 'bare ky POST to the same simulator endpoint';
    return [
      { name: 'engine: sell (validate, journal intent, recharge, journal answer)', figure: percentile(engineMs, 50), baseline: percentile(kyMs, 50), baselineName, unit: 'ms p50' },
      { name: 'engine: sell (validate, journal intent, recharge, journal answer)', figure: percentile(engineMs, 95), baseline: percentile(kyMs, 95), baselineName, unit: 'ms p95' },
    ];
  } finally {
    await sim.close();
  }
}

// 10,000 submitted sales resolved by the reconciler vs a bare enquiry loop at the same concurrency.
async function reconcile(dir: string): Promise<BenchRow[]> {
  const count = Number(process.env.PENDING_BENCH_N ?? 10_000);
  const concurrency = 4;
  const sim = await startSimulator({ port: 0, networkRotation: false, asyncDelayMs: 1_000 });
  try {
    const id = sim.demo.smartloadId;
    sim.controls.deposit(id, 1_000_000_000);
    const client = createSmartcallClient({ environment: 'training', baseUrl: sim.baseUrl, credentials: { username: sim.demo.username, password: sim.demo.password }, now: () => sim.controls.now() });
    const store = openStore({ dataDir: join(dir, 'reconcile'), cipher, now: () => sim.controls.now() });
    const engine = createSaleEngine({ sales: store.sales, gateway: client, smartloadId: () => id, now: () => sim.controls.now() });
    const lines = Array.from({ length: count }, (_, i) => ({ productId: 62, recipientMsisdn: '0827' + String(i).padStart(6, '0'), amountCents: 500 }));
    const { sales } = await engine.sellBatch(lines);
    sim.controls.advanceClock(60_000);
    const refs = sales.map((s) => s.clientReference);

    const reconciler = createReconciler({ sales: store.sales, gateway: client, now: () => sim.controls.now(), maxInFlight: concurrency, batchSize: 500 });
    const reconcileMs = timeMsAsync(async () => {
      while (store.sales.pendingCount().unresolved > 0) await reconciler.tick();
    });
    const ms = await reconcileMs;
    store.close();

    let next = 0;
    const bareMs = await timeMsAsync(async () => {
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < refs.length) await client.transaction(id, refs[next++]!);
        }),
      );
    });
    return [
      {
        name: `reconciler: ${count.toLocaleString('en')} pending sales resolved (enquiry + journaled change, ${concurrency} in flight)`,
        figure: count / (ms / 1000),
        baseline: count / (bareMs / 1000),
        baselineName: `bare client.transaction loop, ${concurrency} in flight`,
        unit: 'sales/s',
      },
    ];
  } finally {
    await sim.close();
  }
}

async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const bench: Bench = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-'));
  try {
    return [...durableCommits(dir), ...(await saleOverhead(dir)), ...(await reconcile(dir)), ...history(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default bench;
