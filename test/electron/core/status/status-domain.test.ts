import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../../../shared/contract/status';
import { createStatusDomain, LOW_BALANCE_CENTS, type StatusTimers } from '../../../../electron/core/status/status-domain';
import { openCore } from '../session/helpers';

/** A real core whose background work has settled, with every status:changed it emits from now on. */
async function settledCore() {
  const c = await openCore();
  await c.call('catalogue:refresh', {}); // joins the start-up refresh: nothing else runs in the background after it
  const monitor = c.core.domains.status;
  await monitor.refresh();
  const emitted: StatusView[] = [];
  c.core.events.subscribe((name, payload) => {
    if (name === 'status:changed') emitted.push(payload as StatusView);
  });
  return { ...c, monitor, sim: c.core.context.simulator!, emitted };
}

describe('status domain (real core, simulator on loopback)', () => {
  it('reports online, networks, the dealer balance, pending counts and the catalogue age', async () => {
    const c = await settledCore();
    const status = await c.call('status:get', {});
    expect(status).toMatchObject({
      mode: 'training',
      online: true,
      pending: { unresolved: 0, queued: 0, needsAttention: 0 },
      reconciler: { state: 'idle', message: null },
      dealer: { smartloadId: c.sim.demo.smartloadId, balanceCents: c.sim.controls.balanceCents(c.sim.demo.smartloadId), low: false },
    });
    expect(status.checkedAt).toEqual(expect.any(Number));
    expect(status.catalogueRefreshedAt).toEqual(expect.any(Number));
    expect(status.networks.map((n) => n.key)).toEqual(['vodacom', 'mtn', 'cellc', 'telkom', 'virgin']);
    expect(status.networks.every((n) => n.health === 'up')).toBe(true);
  });

  it('flips offline and back, emitting status:changed only when something visible changed', async () => {
    const c = await settledCore();
    await c.monitor.refresh();
    expect(c.emitted).toHaveLength(0); // nothing changed: no event, although the check time moved

    c.sim.controls.fault({ kind: 'drop-before', times: 0 });
    const offline = await c.monitor.refresh();
    expect(offline.online).toBe(false);
    expect(offline.networks.every((n) => n.health === 'unknown')).toBe(true);
    expect(c.monitor.isOffline()).toBe(true);
    expect(offline.dealer?.balanceCents).toEqual(expect.any(Number)); // the last known balance stays, with its time
    expect(c.emitted.map((e) => e.online)).toEqual([false]);
    await c.monitor.refresh();
    expect(c.emitted).toHaveLength(1);

    c.sim.controls.clearFaults();
    await c.monitor.refresh();
    expect(c.emitted.map((e) => e.online)).toEqual([false, true]);
    expect(c.monitor.isOffline()).toBe(false);
  });

  it('shows a network that is down, in the status bar and in the catalogue', async () => {
    const c = await settledCore();
    c.sim.controls.setNetwork('mtn', 'DOWN');
    const status = await c.monitor.refresh();
    expect(status.networks.find((n) => n.key === 'mtn')?.health).toBe('down');
    expect(status.networks.filter((n) => n.health === 'down')).toHaveLength(1);
    expect(c.emitted.at(-1)?.networks.find((n) => n.key === 'mtn')?.health).toBe('down');
    const catalogue = await c.call('catalogue:get', {});
    expect(catalogue.networks.find((n) => n.name === 'MTN')?.health).toBe('down');
    expect(catalogue.networks.find((n) => n.name === 'Vodacom')?.health).toBe('up');
    expect(catalogue.networks.find((n) => n.name === 'Electricity-Eskom')?.health).toBe('unknown');
  });

  it('flags a low dealer balance (below R500) and clears it after a deposit', async () => {
    const c = await settledCore();
    const dealer = c.sim.demo.smartloadId;
    const balance = c.sim.controls.balanceCents(dealer)!;
    const leave = LOW_BALANCE_CENTS - 10_000; // R400 left
    await c.core.context.client.fundsTransfer({ sourceSmartloadId: dealer, recipientSmartloadId: '27839990001', amountCents: balance - leave, sendSms: false });
    const low = await c.monitor.refresh();
    expect(low.dealer).toMatchObject({ smartloadId: dealer, balanceCents: leave, low: true });
    expect(c.emitted.at(-1)?.dealer?.low).toBe(true);

    c.sim.controls.deposit(dealer, 20_000);
    const ok = await c.monitor.refresh();
    expect(ok.dealer).toMatchObject({ balanceCents: leave + 20_000, low: false });
  });

  it('reconciler state is set by other domains and emitted', async () => {
    const c = await settledCore();
    c.monitor.setReconcilerStatus({ state: 'paused-offline', message: 'Waiting for Smartcall to check 2 sales.' });
    expect(c.emitted.at(-1)?.reconciler).toEqual({ state: 'paused-offline', message: 'Waiting for Smartcall to check 2 sales.' });
    expect((await c.call('status:get', {})).reconciler.state).toBe('paused-offline');
  });

  it('polls on its timers and stops them on close', async () => {
    const c = await settledCore();
    const ticks: (() => void)[] = [];
    let cleared = 0;
    const timers: StatusTimers = {
      setInterval: (fn) => (ticks.push(fn), ticks.length),
      clearInterval: () => void cleared++,
    };
    // A second monitor over the same real core, driven by hand.
    const domain = createStatusDomain(c.core.context, { timers, pingMs: 1_000 });
    const seen: StatusView[] = [];
    const unsubscribe = c.core.events.subscribe((name, payload) => name === 'status:changed' && seen.push(payload as StatusView));
    domain.start!();
    expect(ticks).toHaveLength(1);
    await domain.refresh(); // the start-up poll ran first (polls are in order)
    c.sim.controls.fault({ kind: 'drop-before', times: 0 });
    ticks[0]!();
    await domain.refresh();
    expect(domain.isOffline()).toBe(true);
    expect(seen.some((s) => !s.online)).toBe(true);
    await domain.close!();
    expect(cleared).toBe(1);
    unsubscribe();
    c.sim.controls.clearFaults();
  });
});
