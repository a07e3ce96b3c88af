// Contract test: the request of EVERY recorded exchange with Smartcall's QA service is replayed
// against the simulator, in a state matching the recording, and the answer must match the
// recording in status, the headers that matter (Content-Type, an unquoted integer Etag, the
// no-cache headers) and JSON shape: same keys in the same order, same value types, same formats.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../electron/simulator/index';
import { compareShapes, shapeOf } from './wire-shape';

type Exchange = {
  request: { method: string; url: string; headers: Record<string, string | null>; body?: string | null };
  response: { status: { code: number | string }; headers: Record<string, string>; body?: string };
};

const DIR = join(process.cwd(), 'test/fixtures/smartcall-recordings');
const names = readdirSync(DIR).filter((n) => n.startsWith('test_'));

// Recordings whose state depends on an earlier one run first, in the order they were made.
const FIRST = [
  'test_recharge_27813272161',
  'test_transaction_27813272161_pending',
  'test_cancelrecharge_27813272161',
  'test_cancelrecharge_27813272161_already_cancelled',
  'test_transaction_27813272161_cancelled',
];
const ordered = [...FIRST.filter((n) => names.includes(n)), ...names.filter((n) => !FIRST.includes(n)).sort()];

const SAST = (s: string): number => Date.parse(`${s}+02:00`);
const DAY = 86_400_000;

describe('contract: every recording replayed against the simulator', () => {
  let sim: RunningSimulator;
  const start = SAST('2018-01-01T08:00:00');

  beforeAll(async () => {
    // The recorded account's history, so cashups of the recorded dates have the recorded kinds of rows:
    // activity on 2018-01-01 and -02, none from -29 to -31, activity in October and on "today".
    // The base clock stands still; time moves only by advanceClock.
    sim = await startSimulator({ now: () => start, networkRotation: false, asyncDelayMs: 3 * 3600_000, testControls: true });
    const c = sim.controls;
    c.addAccount('27813272161', 10_000_000);
    c.addAccount('27829677746', 10_000_000);
    c.addAccount('27820000000', 0); // a dealer, but not the recorded user's
    c.addUser({ username: 'tap', password: 'swordfish', smartloadIds: ['27813272161', '27829677746'] });
    c.advanceClock(DAY);
    c.state().recharge(c.state().users.get('tap')!, {
      smartloadId: '27813272161',
      clientReference: 'jan-2',
      smsRecipientMsisdn: '27831111111',
      deviceId: '27831111111',
      productId: 63,
      amount: 35,
      pinless: true,
      sendSms: false,
    });
    c.advanceClock(SAST('2018-10-05T09:00:00') - c.now());
    c.deposit('27813272161', 50_000);
    c.advanceClock(SAST('2018-10-27T09:00:00') - c.now());
    c.deposit('27813272161', 1_000);
    // Pinned state of the recorded world: 27813272161 was a number ported to Telkom Mobile.
    c.setSimNetwork('27813272161', 'Telkom Mobile', true);
  });
  afterAll(async () => {
    await sim.close();
  });

  /** A live token for the recorded user (flush/delete recordings kill tokens, so one per request). */
  const freshToken = async (): Promise<string> => {
    sim.controls.expireTokens('tap');
    const r = await fetch(`${sim.baseUrl}/auth`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('tap:swordfish').toString('base64')}` },
    });
    return ((await r.json()) as { accessToken: string }).accessToken;
  };

  it('covers every recording in the fixtures folder', () => {
    expect(ordered.length).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(60);
  });

  for (const name of ordered) {
    it(`${name}`, async () => {
      const exchanges = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Exchange[];
      for (const ex of exchanges) {
        const url = new URL(ex.request.url);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(ex.request.headers)) {
          if (v === null || /^(host|content-length|user-agent|accept-encoding|expect)$/i.test(k)) continue;
          headers[k] = v;
        }
        // A recorded Bearer that worked on QA is replaced by a live simulator token; one that failed is sent as recorded.
        const auth = headers.Authorization;
        if (auth && /^Bearer \S/.test(auth) && Number(ex.response.status.code) !== 401)
          headers.Authorization = `Bearer ${await freshToken()}`;
        // Node's HTTP parser refuses unknown methods, so the recorded junk method "REGISTED" is replayed as GET (same empty 404).
        const method = /^(GET|POST|PUT|DELETE)$/.test(ex.request.method) ? ex.request.method : 'GET';
        const body = ex.request.body ? ex.request.body : undefined;
        const res = await fetch(`${sim.origin}${url.pathname}`, { method, headers, body });
        const text = await res.text();
        const where = `${name} ${ex.request.method} ${url.pathname}`;

        expect(res.status, where).toBe(Number(ex.response.status.code));
        const recordedType = ex.response.headers['Content-Type'];
        expect(res.headers.get('content-type') ?? undefined, `${where} Content-Type`).toBe(recordedType);
        if (ex.response.headers.Etag !== undefined) {
          expect(ex.response.headers.Etag).toMatch(/^-?\d+$/);
          expect(res.headers.get('etag'), `${where} Etag`).toMatch(/^-?\d+$/);
        } else {
          expect(res.headers.get('etag'), `${where} Etag`).toBeNull();
        }
        expect(res.headers.get('pragma') ?? undefined, `${where} Pragma`).toBe(ex.response.headers.Pragma);
        const recordedBody = ex.response.body ?? '';
        if (recordedType === 'application/json') {
          expect(compareShapes(shapeOf(recordedBody), shapeOf(text)), where).toEqual([]);
        } else if (recordedType?.startsWith('text/html')) {
          expect(text, where).toBe(recordedBody);
        } else {
          expect(text, where).toBe('');
          expect(res.headers.get('content-length'), where).toBe('0');
        }
      }
    });
  }

  it('serves the shipped catalogue byte for byte as recorded (networks, network 1, product 22)', async () => {
    const token = await freshToken();
    for (const [name, path] of [
      ['test_networks', '/smartload/networks'],
      ['test_network_1', '/smartload/networks/1'],
      ['test_products', '/smartload/products/22'],
    ] as const) {
      const recorded = (JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Exchange[])[0]!.response.body;
      const res = await fetch(`${sim.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(await res.text(), name).toBe(recorded);
    }
  });
});
