// Simulator throughput on loopback: recharge + enquiry pairs per second, beside a bare node:http
// server answering a fixed JSON through the same client, same concurrency, same run. It tells us
// the simulator is never the bottleneck of the till's own benchmarks. Bounded loops, no timers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../../electron/simulator/index';
import type { BenchRow } from './types';

const PAIRS = 1500;
const CONCURRENCY = 8;
const WARMUP = 100;

async function runPool(total: number, worker: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await worker(next++);
    }),
  );
  return performance.now() - t0;
}

async function simulatorPairsPerSecond(): Promise<number> {
  const sim = await startSimulator({
    networkRotation: false,
    asyncDelayMs: 0,
    demo: { username: 'bench', password: 'bench', smartloadId: '27820000001', balanceCents: 1_000_000_000_000 },
  });
  try {
    const auth = await fetch(`${sim.baseUrl}/auth`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('bench:bench').toString('base64')}` },
    });
    const token = ((await auth.json()) as { accessToken: string }).accessToken;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const pair = async (i: number, tag: string): Promise<void> => {
      const ref = `${tag}-${i}`;
      // Each recharge to its own number, so the 5-minute same-number guard never refuses one.
      const body = {
        smartloadId: '27820000001',
        clientReference: ref,
        smsRecipientMsisdn: '27830000000',
        deviceId: `2783${String(i).padStart(7, '0')}`,
        productId: 62,
        amount: 5,
        pinless: true,
        sendSms: false,
      };
      const r = await fetch(`${sim.baseUrl}/smartload/recharges`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (r.status !== 200) throw new Error(`recharge ${ref}: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
      const q = await fetch(`${sim.baseUrl}/smartload/recharges/27820000001/${ref}`, { headers });
      if (q.status !== 200) throw new Error(`enquiry ${ref}: ${q.status}`);
      await q.arrayBuffer();
    };
    await runPool(WARMUP, (i) => pair(i, 'warm'));
    const ms = await runPool(PAIRS, (i) => pair(i + WARMUP, 'bench'));
    return (PAIRS / ms) * 1000;
  } finally {
    await sim.close();
  }
}

async function barePairsPerSecond(): Promise<number> {
  const fixed = Buffer.from('{"error":null,"responseCode":"SUCCESS","balance":100000.0000}');
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': fixed.length });
      res.end(fixed);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const pair = async (i: number): Promise<void> => {
      const r = await fetch(`${base}/r`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ i }) });
      await r.arrayBuffer();
      const q = await fetch(`${base}/q/${i}`);
      await q.arrayBuffer();
    };
    await runPool(WARMUP, pair);
    const ms = await runPool(PAIRS, pair);
    return (PAIRS / ms) * 1000;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export default async (): Promise<BenchRow[]> => {
  const baseline = await barePairsPerSecond();
  const figure = await simulatorPairsPerSecond();
  return [
    {
      name: `simulator: recharge + enquiry pairs (${PAIRS}, ${CONCURRENCY} concurrent, loopback)`,
      figure,
      baseline,
      baselineName: 'bare node:http fixed JSON, same client and loop',
      unit: 'pairs/s',
    },
  ];
};
