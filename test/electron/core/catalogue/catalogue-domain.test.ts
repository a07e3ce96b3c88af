import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { CatalogueView } from '../../../../shared/contract/catalogue';
import { createFileDataKeyProvider } from '../../../../electron/platform/data-key';
import { openConfSettings } from '../../../../electron/platform/settings-conf';
import { createTillCore, type TillCore } from '../../../../electron/core/till-core';
import { startSimulator } from '../../../../electron/simulator';
import { createGate } from '../../../../electron/core/gate';
import { createCatalogueDomain } from '../../../../electron/core/catalogue/catalogue-domain';
import { openCore } from '../session/helpers';

type RawProduct = { id: number; smsIndicator: boolean; pinIndicator: boolean; retailValue: number | string };
type RawNetwork = { id: number; description: string; productTypes: { id: number; products: RawProduct[] }[] };
const recorded = (JSON.parse(readFileSync(new URL('../../../../electron/simulator/data/catalogue.json', import.meta.url), 'utf8')) as { networks: RawNetwork[] }).networks;

const products = (view: CatalogueView) => view.networks.flatMap((n) => n.products);

describe('catalogue domain (real core, simulator on loopback)', () => {
  it('maps the recorded catalogue: 12 networks, each product once, kinds, prices in cents, meters, prevend', async () => {
    const c = await openCore();
    const view = await c.call('catalogue:refresh', {});
    expect(view.fromCache).toBe(false);
    expect(view.refreshedAt).toEqual(expect.any(Number));
    expect(view.networks).toHaveLength(12);
    expect(view.networks.map((n) => n.name)).toEqual(recorded.map((n) => n.description));

    // SMS duplicates dropped: each network lists each distinct product id once.
    for (const raw of recorded) {
      const ids = new Set(raw.productTypes.flatMap((t) => t.products.map((p) => p.id)));
      const network = view.networks.find((n) => n.id === raw.id)!;
      expect(network.products.map((p) => p.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    }

    const all = products(view);
    // Airtime ("A ", type 1) on the SA networks is an open amount between min and max.
    const vodacomAirtime = all.find((p) => p.networkId === 1 && p.typeId === 1)!;
    expect(vodacomAirtime).toMatchObject({ kind: 'airtime', fixedPrice: false, priceCents: null, minCents: 200, maxCents: 100_000, discountBasisPoints: 550, pinned: false, prevendAvailable: true });
    for (const p of all.filter((x) => x.kind === 'airtime' && x.networkId !== 11)) expect(p.fixedPrice).toBe(false);

    // Electricity: three networks, each needs a meter, issues a token, cannot be prevended.
    const electricity = all.filter((p) => p.kind === 'electricity');
    expect(new Set(electricity.map((p) => p.networkId))).toEqual(new Set([8, 13, 15]));
    for (const p of electricity) expect(p).toMatchObject({ needsMeter: true, pinned: true, prevendAvailable: false });
    expect(all.filter((p) => p.needsMeter)).toEqual(electricity);

    // Prevend only for pinless Vodacom (1) and MTN (2).
    const prevend = all.filter((p) => p.prevendAvailable);
    expect(prevend.length).toBeGreaterThan(0);
    for (const p of prevend) expect([1, 2]).toContain(p.networkId);
    for (const p of prevend) expect(p.pinned).toBe(false);
    expect(all.filter((p) => (p.networkId === 1 || p.networkId === 2) && !p.pinned).every((p) => p.prevendAvailable)).toBe(true);

    // Vouchers are the pinned non-electricity products; fixed prices are whole cents matching the rands.
    const vouchers = all.filter((p) => p.kind === 'voucher');
    expect(vouchers.length).toBe(all.filter((p) => p.pinned && p.kind !== 'electricity').length);
    for (const raw of recorded) {
      for (const t of raw.productTypes) {
        for (const rp of t.products.filter((x) => !x.smsIndicator && String(x.retailValue) !== '99999.99')) {
          const p = all.find((x) => x.id === rp.id && x.networkId === raw.id)!;
          if (p.fixedPrice) expect(p.priceCents).toBe(Math.round(Number(rp.retailValue) * 100));
        }
      }
    }
    expect(new Set(all.map((p) => p.kind))).toEqual(new Set(['airtime', 'sms', 'data', 'bundle', 'voucher', 'electricity']));
  });

  it('answers from the kept catalogue when Smartcall cannot be reached, and fresh again on return (304)', async () => {
    const c = await openCore();
    const fresh = await c.call('catalogue:refresh', {});
    const sim = c.core.context.simulator!;
    sim.controls.fault({ kind: 'drop-before', times: 0 }); // every request: the connection drops before an answer
    const offline = await c.call('catalogue:refresh', {});
    expect(offline.fromCache).toBe(true);
    expect(offline.networks).toEqual(fresh.networks);
    expect(offline.refreshedAt).toBe(fresh.refreshedAt);
    expect((await c.call('catalogue:get', {})).fromCache).toBe(true);
    sim.controls.clearFaults();
    const back = await c.call('catalogue:refresh', {});
    expect(back.fromCache).toBe(false);
    expect(back.networks).toEqual(fresh.networks);
  });

  it('starts offline with the catalogue kept in the journal (nothing listening on the Smartcall address)', async () => {
    // A QA till (its own journal) that once fetched the catalogue from a Smartcall on loopback...
    const smartcall = await startSimulator({ port: 0, networkRotation: false });
    const dataDir = mkdtempSync(join(tmpdir(), 'till-catalogue-'));
    const settings = openConfSettings(dataDir);
    const keys = createFileDataKeyProvider(dataDir);
    const credentials = () => ({ username: smartcall.demo.username, password: smartcall.demo.password });
    settings.update({ environment: 'qa', smartcall: { baseUrl: smartcall.baseUrl, username: smartcall.demo.username } });
    const first = await createTillCore({ shell: 'browser', version: '0', dataDir, settings, keys, heartbeatMs: 0, credentials });
    const call = (core: TillCore) => createGate({ handlers: core.handlers, isTrustedOrigin: () => true });
    const fresh = await call(first).dispatch('catalogue:refresh', {}, { origin: 'app://till', isTopFrame: true });
    expect(fresh.ok).toBe(true);
    const freshView = (fresh as { ok: true; value: CatalogueView }).value;
    await first.close();
    await smartcall.close();

    // ...starts again with nothing listening there, and still shows that catalogue.
    const deadPort = await freePort();
    settings.update({ smartcall: { baseUrl: `http://127.0.0.1:${deadPort}/webservice` } });
    const core = await createTillCore({ shell: 'browser', version: '0', dataDir, settings, keys, heartbeatMs: 0, credentials });
    try {
      const answer = await call(core).dispatch('catalogue:get', {}, { origin: 'app://till', isTopFrame: true });
      expect(answer.ok).toBe(true);
      const view = (answer as { ok: true; value: CatalogueView }).value;
      expect(view.fromCache).toBe(true);
      expect(view.networks).toHaveLength(12);
      expect(view.networks.map((n) => n.products.length)).toEqual(freshView.networks.map((n) => n.products.length));
      expect(view.refreshedAt).toEqual(expect.any(Number));
    } finally {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('never offers the training catalogue to a real environment: each has its own journal', async () => {
    const training = await openCore();
    await training.call('catalogue:refresh', {});
    const dataDir = training.dataDir;
    await training.core.close();
    const settings = openConfSettings(dataDir);
    settings.update({ environment: 'qa', smartcall: { baseUrl: `http://127.0.0.1:${await freePort()}/webservice`, username: 'nobody' } });
    const core = await createTillCore({ shell: 'browser', version: '0', dataDir, settings, keys: createFileDataKeyProvider(dataDir), heartbeatMs: 0, credentials: () => ({ username: 'nobody', password: 'x' }) });
    try {
      const answer = await createGate({ handlers: core.handlers, isTrustedOrigin: () => true }).dispatch('catalogue:get', {}, { origin: 'app://till', isTopFrame: true });
      expect(answer).toMatchObject({ ok: false, error: { code: 'CATALOGUE_UNAVAILABLE' } });
    } finally {
      await core.close();
    }
  });

  it('without any kept catalogue and no Smartcall, says so with a stable code', async () => {
    const c = await openCore();
    c.core.context.simulator!.controls.fault({ kind: 'drop-before', times: 0 });
    const refused = await c.refusal('catalogue:refresh', {});
    expect(refused.code).toBe('CATALOGUE_UNAVAILABLE');
  });
});

describe('recipient lookup', () => {
  it('uses Smartcall’s SIM lookup (ported numbers), normalising what was typed', async () => {
    const c = await openCore();
    await c.call('catalogue:refresh', {});
    c.core.context.simulator!.controls.setSimNetwork('27821234567', 'MTN', true);
    const r = await c.call('recipient:lookup', { number: '082 123 4567' });
    expect(r).toEqual({ msisdn: '27821234567', display: '082 123 4567', networkId: 2, networkName: 'MTN', ported: true, source: 'lookup' });
    c.core.context.simulator!.controls.setSimNetwork('27831234567', 'Telkom Mobile', false);
    expect(await c.call('recipient:lookup', { number: '+27 83 123 4567' })).toMatchObject({ networkId: 9, networkName: 'Telkom Mobile', ported: false, source: 'lookup' });
  });

  it('falls back to the prefix table when Smartcall is unreachable, or says unknown', async () => {
    const c = await openCore();
    await c.call('catalogue:refresh', {});
    c.core.context.simulator!.controls.setSimNetwork('27821234567', 'MTN', true);
    c.core.context.simulator!.controls.fault({ kind: 'drop-before', times: 0 });
    expect(await c.call('recipient:lookup', { number: '0821234567' })).toMatchObject({ networkId: 1, networkName: 'Vodacom', ported: false, source: 'prefix' });
    expect(await c.call('recipient:lookup', { number: '0810001234' })).toMatchObject({ networkId: 2, networkName: 'MTN', source: 'prefix' });
    expect(await c.call('recipient:lookup', { number: '0815551234' })).toMatchObject({ networkId: 9, networkName: 'Telkom Mobile', source: 'prefix' });
    expect(await c.call('recipient:lookup', { number: '084 555 1234' })).toMatchObject({ networkId: 3, networkName: 'Cell C', source: 'prefix' });
    expect(await c.call('recipient:lookup', { number: '0215551234' })).toEqual({
      msisdn: '27215551234',
      display: '021 555 1234',
      networkId: null,
      networkName: null,
      ported: false,
      source: 'unknown',
    });
  });

  it('refuses a number that is not a South African cell number, naming the field', async () => {
    const c = await openCore();
    const refused = await c.refusal('recipient:lookup', { number: '12345' });
    expect(refused.code).toBe('MSISDN_INVALID');
    expect(refused.fields?.number).toMatch(/not a South African cell number/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('recipient lookup deadline', () => {
  it('a SIM lookup that hangs falls back to the prefix after the deadline', async () => {
    const c = await openCore();
    await c.call('catalogue:refresh', {});
    // A second catalogue domain over the same real core, with a short deadline (the default is 4 s).
    const domain = createCatalogueDomain(c.core.context, { lookupDeadlineMs: 200 });
    c.core.context.simulator!.controls.fault({ kind: 'hang', path: '/utilities/simnetwork', times: 1 });
    const r = await domain.handlers['recipient:lookup']({ number: '0831234567' });
    expect(r).toMatchObject({ msisdn: '27831234567', networkId: 2, networkName: 'MTN', source: 'prefix' });
    await domain.close!();
  });
});
