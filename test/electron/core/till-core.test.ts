import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelRequest, ChannelResponse } from '../../../shared/contract/channels';
import type { Envelope } from '../../../shared/contract/envelope';
import type { EventName } from '../../../shared/contract/events';
import { createGate, type Gate } from '../../../electron/core/gate';
import { openTestCore, type TestCore } from '../../support/core';

// The whole core in training mode, as a shell runs it: real journal, real embedded simulator over
// loopback, real Smartcall client, every domain; driven only through the gate, as the screen would.

let test: TestCore;
let gate: Gate;
let clock = Date.now();
const pushed: { name: EventName; payload: unknown }[] = [];

async function call<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<Envelope<ChannelResponse<C>>> {
  return (await gate.dispatch(channel, request, { origin: 'app://till', isTopFrame: true })) as Envelope<ChannelResponse<C>>;
}
async function value<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  const answer = await call(channel, request);
  if (!answer.ok) throw new Error(`${channel} refused: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}
/** Let the reconciler look again, as its timer would after the first-check delay. */
async function reconcile() {
  clock += 60_000;
  await test.core.domains.sales.reconciler.tick();
}

beforeAll(async () => {
  test = await openTestCore({ now: () => clock, simulator: { networkRotation: false, asyncDelayMs: 0 } });
  gate = createGate({ handlers: test.core.handlers, isTrustedOrigin: (origin) => origin === 'app://till' });
  test.core.events.subscribe((name, payload) => pushed.push({ name, payload }));
});
afterAll(async () => {
  await test.dispose();
});

describe('the till core in training mode', () => {
  let airtimeId: number;

  it('keeps the training journal apart from the journals of real environments', () => {
    expect(existsSync(join(test.dataDir, 'training', 'journal.sqlite3'))).toBe(true);
    expect(existsSync(join(test.dataDir, 'journal.sqlite3'))).toBe(false);
    expect(existsSync(join(test.dataDir, 'live'))).toBe(false);
  });

  it('refuses to sell before anyone has signed in, and journals nothing', async () => {
    expect((await value('session:get', {})).setupNeeded).toBe(true);
    const answer = await call('sales:sell', { productId: 62, recipient: '0821234567', amountCents: 1000 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'SESSION_SIGNED_OUT' } });
    expect((await value('sales:list', {})).items).toHaveLength(0);
  });

  it('creates the first supervisor, opens a shift and shows the catalogue', async () => {
    const session = await value('session:setup', { name: 'Thandi', pin: '4321' });
    expect(session.cashier).toMatchObject({ name: 'Thandi', role: 'supervisor' });
    expect((await value('shift:open', { floatCents: 50_000 })).shift).toMatchObject({ floatCents: 50_000 });
    const catalogue = await value('catalogue:get', {});
    expect(catalogue.networks.length).toBe(12);
    const vodacom = catalogue.networks.find((n) => n.name === 'Vodacom')!;
    const airtime = vodacom.products.find((p) => p.kind === 'airtime' && !p.pinned && !p.fixedPrice)!;
    expect(airtime).toMatchObject({ prevendAvailable: true, minCents: 200, maxCents: 100_000 });
    airtimeId = airtime.id;
  });

  it('refuses an amount out of range on its field, with nothing journaled', async () => {
    const answer = await call('sales:sell', { productId: airtimeId, recipient: '082 123 4567', amountCents: 100 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'SALE_INVALID_INPUT', fields: { amountCents: expect.any(String) } } });
    expect((await value('sales:list', {})).items).toHaveLength(0);
  });

  it('sells pinless airtime typed as 082 123 4567: submitted now, delivered after the reconciler asks', async () => {
    const sale = await value('sales:sell', { productId: airtimeId, recipient: '082 123 4567', amountCents: 1_000 });
    expect(sale).toMatchObject({ state: 'submitted', recipient: '27821234567', amountCents: 1_000, cashierName: 'Thandi' });
    // Exactly one charge for this reference in Smartcall's (the simulator's) ledger.
    const charges = test.core.context.simulator!.controls.ledger().filter((e) => e.clientReference === sale.clientReference);
    expect(charges).toHaveLength(1);

    await reconcile();
    const { sale: after, events } = await value('sales:get', { clientReference: sale.clientReference });
    expect(after.state).toBe('delivered');
    expect(events.map((e) => e.to)).toEqual(['intent', 'submitted', 'delivered']);
    expect(pushed.some((e) => e.name === 'sale:changed' && (e.payload as { state: string; clientReference: string }).state === 'delivered')).toBe(true);
  });

  it('an R11 sale fails after it was accepted and stays flagged until the cashier acknowledges it', async () => {
    const sale = await value('sales:sell', { productId: airtimeId, recipient: '0831234567', amountCents: 1_100 });
    expect(sale.state).toBe('submitted');
    await reconcile();
    const { sale: failed } = await value('sales:get', { clientReference: sale.clientReference });
    expect(failed).toMatchObject({ state: 'failed', needsAttention: true });
    expect((await value('sales:pending', {})).needsAttention).toBe(1);
    const acknowledged = await value('sales:acknowledge', { clientReference: sale.clientReference });
    expect(acknowledged.needsAttention).toBe(false);
    expect((await value('sales:pending', {})).needsAttention).toBe(0);
  });

  it('refuses a number that is not a South African cell number on the recipient field, journaling nothing', async () => {
    const before = (await value('sales:list', {})).items.length;
    const answer = await call('sales:sell', { productId: airtimeId, recipient: '082 123', amountCents: 1_000 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'SALE_INVALID_INPUT', fields: { recipient: expect.stringContaining('082 123') } } });
    expect((await value('sales:list', {})).items).toHaveLength(before);
  });

  it('shows a voucher PIN to the seller once, and every later showing is a recorded copy', async () => {
    const catalogue = await value('catalogue:get', {});
    const voucher = catalogue.networks.find((n) => n.name === 'Vodacom')!.products.find((p) => p.pinned && p.fixedPrice)!;
    const sale = await value('sales:sell', { productId: voucher.id, recipient: '0825550000' });
    expect(sale.state).toBe('delivered');
    expect(sale.voucher?.pin).toMatch(/^\d{6,}$/);
    const again = await value('sales:reveal', { clientReference: sale.clientReference });
    expect(again).toMatchObject({ copy: true, sale: { voucher: { pin: sale.voucher!.pin } } });
    const causes = (await value('sales:get', { clientReference: sale.clientReference })).events.map((e) => e.cause);
    expect(causes.filter((c) => c.startsWith('pin:shown'))).toHaveLength(1);
    expect(causes.filter((c) => c.startsWith('reprint:copy'))).toHaveLength(1);
    // The PIN is cash: the history and the push events never carry it.
    expect((await value('sales:get', { clientReference: sale.clientReference })).sale.voucher?.pin).toBeNull();
    expect(JSON.stringify(pushed)).not.toContain(sale.voucher!.pin!);
  });

  it('an electricity token that arrives with the reconciler is shown on request, first as the original', async () => {
    const catalogue = await value('catalogue:get', {});
    const eskom = catalogue.networks.flatMap((n) => n.products).find((p) => p.needsMeter && !p.fixedPrice)!;
    const sale = await value('sales:sell', { productId: eskom.id, recipient: '0825550001', amountCents: 5_000, meterNumber: '04040404040' });
    expect(['submitted', 'delivered']).toContain(sale.state);
    await reconcile();
    const { sale: delivered } = await value('sales:get', { clientReference: sale.clientReference });
    expect(delivered.state).toBe('delivered');
    const shown = await value('sales:reveal', { clientReference: sale.clientReference });
    expect(shown.copy).toBe(false);
    expect(shown.sale.voucher?.pin).toEqual(expect.any(String));
    expect((await value('sales:reveal', { clientReference: sale.clientReference })).copy).toBe(true);
  });

  it('finds sales in the history by number', async () => {
    const found = await value('sales:list', { text: '27821234567' });
    expect(found.items.map((s) => s.recipient)).toEqual(['27821234567']);
  });
});
