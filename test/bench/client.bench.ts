// Client overhead per call: the Smartcall client (token manager, zod validation, cents conversion,
// error mapping) vs a bare ky call to the same simulator endpoint with the same token, same run.
import ky from 'ky';
import { startSimulator } from '../../electron/simulator';
import { createMemoryHttpCache, createSmartcallClient } from '../../electron/smartcall';
import type { BenchRow } from './types';

const WARMUP = 50;
const CALLS = 400;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Interleaves the two calls (one of each per round) so warm-up and machine noise hit both alike. */
async function paired(figure: () => Promise<unknown>, baseline: () => Promise<unknown>): Promise<{ figure: number; baseline: number }> {
  for (let i = 0; i < WARMUP; i++) {
    await figure();
    await baseline();
  }
  const f: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    let t = performance.now();
    await baseline();
    b.push(performance.now() - t);
    t = performance.now();
    await figure();
    f.push(performance.now() - t);
  }
  return { figure: median(f), baseline: median(b) };
}

export default async function bench(): Promise<BenchRow[]> {
  const sim = await startSimulator({ port: 0, networkRotation: false });
  try {
    const client = createSmartcallClient({
      environment: 'training',
      baseUrl: sim.baseUrl,
      credentials: { username: sim.demo.username, password: sim.demo.password },
      cache: createMemoryHttpCache(),
    });
    const auth = await ky.post(`${sim.baseUrl}/auth`, { headers: { Authorization: `Basic ${Buffer.from(`${sim.demo.username}:${sim.demo.password}`).toString('base64')}` } }).json<{ accessToken: string }>();
    const bearer = { Authorization: `Bearer ${auth.accessToken}` };
    const dealer = sim.demo.smartloadId;

    const bareBalance = () => ky.get(`${sim.baseUrl}/smartload/balance/${dealer}`, { headers: bearer, retry: 0 }).json();
    const clientBalance = () => client.balance(dealer);
    const balance = await paired(clientBalance, bareBalance);

    // Catalogue revalidation: the client sends If-None-Match and rebuilds the products from its kept copy on 304.
    const first = await ky.get(`${sim.baseUrl}/smartload/products/22`, { headers: bearer, retry: 0 });
    const etag = first.headers.get('etag') ?? '';
    await first.text();
    const bareProduct = async () => {
      const r = await ky.get(`${sim.baseUrl}/smartload/products/22`, { headers: { ...bearer, 'If-None-Match': etag }, retry: 0, throwHttpErrors: false });
      return r.text();
    };
    const product = await paired(() => client.product(22), bareProduct);

    await client.shutdown();
    return [
      { name: 'client.balance() per call (token, zod, cents)', ...balance, baselineName: 'bare ky GET, same endpoint and token', unit: 'ms p50' },
      { name: 'client.product(22) per call (ETag 304 + parse kept copy)', ...product, baselineName: 'bare ky GET with If-None-Match (304)', unit: 'ms p50' },
    ];
  } finally {
    await sim.close();
  }
}
