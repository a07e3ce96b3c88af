// The simulator's rules, without HTTP: a SimState on a clock the test moves and a seeded RNG.
import { describe, expect, it } from 'vitest';
import { Catalogue, defaultCatalogue } from '../../../electron/simulator/catalogue';
import { createSimClock } from '../../../electron/simulator/clock';
import { createRng } from '../../../electron/simulator/rng';
import type { RechargeBody } from '../../../electron/simulator/schemas';
import { DEFAULT_STATE_OPTIONS, MSG, SimState, TOKEN_LIMIT, type Reply, type StateOptions } from '../../../electron/simulator/state';
import { toWireJson } from '../../../electron/simulator/wire-format';

const catalogue = new Catalogue(defaultCatalogue());
const T0 = Date.parse('2026-03-02T08:00:00+02:00'); // a Monday morning, SAST
const DEALER = '27820000001';
const MIN = 60_000;
const HOUR = 3600_000;

function world(opts: Partial<StateOptions> = {}, seed = 7) {
  const clock = createSimClock(() => T0, 1);
  const s = new SimState(clock, createRng(seed), catalogue, { ...DEFAULT_STATE_OPTIONS, networkRotation: false, ...opts });
  s.addUser('cashier', 'secret', [DEALER]);
  s.deposit(DEALER, 10_000_000); // R100 000
  const user = s.users.get('cashier')!;
  return { s, clock, user };
}

/** The reply body as the wire would carry it, parsed back (Fixed numbers become plain numbers). */
// JSON.parse's own result type: the tests read arbitrary wire bodies.
const wire = (r: Reply) => (r.body === undefined ? undefined : JSON.parse(toWireJson(r.body)));

let refSeq = 0;
const req = (over: Partial<RechargeBody> = {}): RechargeBody => ({
  smartloadId: DEALER,
  clientReference: `ref-${++refSeq}`,
  smsRecipientMsisdn: '27831234567',
  deviceId: '27831234567',
  productId: 22,
  amount: 100,
  pinless: true,
  sendSms: true,
  ...over,
});
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const tokenOf = (r: Reply): string => wire(r).accessToken as string;

describe('authentication', () => {
  it('refuses a wrong username, a wrong password and a source IP outside the whitelist, with the recorded messages', () => {
    const { s } = world();
    s.addUser('locked', 'pw', [DEALER], ['10.1.1.1']);
    expect(wire(s.basic(basic('nobody', 'secret'), '127.0.0.1') as Reply).responseDescription).toBe(MSG.badUser);
    expect(wire(s.basic(basic('cashier', 'nope'), '127.0.0.1') as Reply).responseDescription).toBe(MSG.badPassword);
    expect(wire(s.basic(basic('locked', 'pw'), '127.0.0.1') as Reply).responseDescription).toBe(MSG.badIp);
    expect('username' in s.basic(basic('locked', 'pw'), '10.1.1.1')).toBe(true);
  });

  it('allows 20 live tokens per user, then answers 429 with the session-limit message; flush frees them all', () => {
    const { s, user } = world();
    const tokens: string[] = [];
    for (let i = 0; i < TOKEN_LIMIT; i++) tokens.push(tokenOf(s.login(user, '127.0.0.1')));
    expect(new Set(tokens).size).toBe(TOKEN_LIMIT);
    expect(wire(s.tokenQuery(user))).toEqual({ availableTokens: 0 });
    const refused = s.login(user, '127.0.0.1');
    expect(refused.status).toBe(429);
    expect(wire(refused)).toEqual({
      responseDescription: 'Maximum concurrent session limit reached. Limit is 20',
      accessToken: null,
      tokenType: null,
      expiresAt: null,
      scope: null,
    });
    expect(wire(s.flush(user))).toEqual({ availableTokens: 20 });
    expect(wire(s.bearer(`Bearer ${tokens[0]}`) as Reply).responseDescription).toBe(MSG.badToken);
    expect(s.login(user, '127.0.0.1').status).toBe(200);
  });

  it('expires a token after 4 hours without use', () => {
    const { s, clock, user } = world();
    const t = tokenOf(s.login(user, '127.0.0.1'));
    clock.advance(4 * HOUR - 1);
    expect('user' in s.bearer(`Bearer ${t}`)).toBe(true); // use resets the idle timer
    clock.advance(4 * HOUR - 1);
    expect('user' in s.bearer(`Bearer ${t}`)).toBe(true);
    clock.advance(4 * HOUR);
    expect(wire(s.bearer(`Bearer ${t}`) as Reply).responseDescription).toBe(MSG.badToken);
  });

  it('expires a token 24 hours after login however often it is used, and frees its slot', () => {
    const { s, clock, user } = world();
    const t = tokenOf(s.login(user, '127.0.0.1'));
    for (let h = 3; h < 24; h += 3) {
      clock.advance(3 * HOUR);
      expect('user' in s.bearer(`Bearer ${t}`), `after ${h} h`).toBe(true);
    }
    clock.advance(3 * HOUR);
    expect(s.bearer(`Bearer ${t}`)).toMatchObject({ status: 401 });
    expect(wire(s.tokenQuery(user))).toEqual({ availableTokens: 20 });
  });

  it('answers the login envelope with expiresAt 24 h ahead and the recorded scope; invalidation kills one token', () => {
    const { s, user } = world();
    const body = wire(s.login(user, '127.0.0.1'));
    expect(body).toMatchObject({
      responseDescription: 'Authentication successful',
      tokenType: 'Bearer',
      expiresAt: T0 + 24 * HOUR,
      scope: 'WEBSERVICE_SMARTLOAD_FULL,WEBSERVICE_SMARTRICA_FULL',
    });
    const claims = JSON.parse(Buffer.from((body.accessToken as string).split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      sub: 'Smartcall RESTful Webservice',
      iss: 'smartcall.co.za',
      clientUsername: 'cashier',
      clientIP: '127.0.0.1',
      exp: claims.iat + 86_400,
    });
    const other = tokenOf(s.login(user, '127.0.0.1'));
    expect(wire(s.invalidate(body.accessToken)).responseDescription).toBe('Token invalidation successful');
    expect(s.bearer(`Bearer ${body.accessToken}`)).toMatchObject({ status: 401 });
    expect('user' in s.bearer(`Bearer ${other}`)).toBe(true);
    expect(wire(s.bearer('Bearer') as Reply).responseDescription).toBe(MSG.badHeader);
  });
});

describe('recharge', () => {
  it('charges a fixed product its own price less the dealer discount, whatever amount is sent (OBSERVED arithmetic)', () => {
    const { s, user } = world();
    const r = s.recharge(user, req({ amount: 100 }));
    expect(r.status).toBe(200);
    expect(toWireJson(r.body!)).toContain('"balance":99574.75');
    expect(wire(r).recharge).toMatchObject({ retailPrice: '450.00', dealerDiscount: '5.5', voucherPin: '', expiryDate: null });
    const r2 = s.recharge(user, req({ deviceId: '27831234568' }));
    expect(wire(r2).recharge.balance).toBe(99149.5);
    const debits = s.ledger().filter((e) => e.kind === 'recharge');
    expect(debits.map((e) => e.amountCents)).toEqual([-42525, -42525]);
    expect(debits.map((e) => e.clientReference)).toEqual([`ref-${refSeq - 1}`, `ref-${refSeq}`]);
  });

  it('charges an open-amount product the amount sent, in cents, with the discount rounded half up', () => {
    const { s, user } = world();
    const r = s.recharge(user, req({ productId: 62, amount: 12.5 }));
    expect(wire(r).recharge.retailPrice).toBe('12.50');
    expect(s.ledger().at(-1)!.amountCents).toBe(-(1250 - 69)); // 5.5 % of R12.50 = 68.75c → 69c
  });

  it('stays PENDING until the async delay has passed, then reads SUCESSFUL (V2 spelling)', () => {
    const { s, clock, user } = world({ asyncDelayMs: 30_000 });
    const b = req();
    s.recharge(user, b);
    expect(wire(s.enquiry(user, DEALER, b.clientReference)).transaction).toMatchObject({
      statusId: 'PENDING',
      status: 'Recharge Pending',
      amount: 'R450.00',
      discount: '5.50%',
      cost: 'R425.25',
      network: '2000 SMS-R450',
    });
    clock.advance(30_000);
    expect(wire(s.enquiry(user, DEALER, b.clientReference)).transaction).toMatchObject({ statusId: 'SUCESSFUL', statusDate: T0 + 30_000 });
  });

  it('fails a R11 recharge as a business failure after the delay and refunds it, under the same clientReference', () => {
    const { s, clock, user } = world();
    const b = req({ productId: 62, amount: 11 });
    expect(s.recharge(user, b).status).toBe(200); // accepted
    clock.advance(DEFAULT_STATE_OPTIONS.asyncDelayMs);
    expect(wire(s.enquiry(user, DEALER, b.clientReference)).transaction.statusId).toBe('FAILED');
    const mine = s.ledger().filter((e) => e.clientReference === b.clientReference);
    expect(mine.map((e) => e.kind)).toEqual(['recharge', 'refund']);
    expect(mine[0]!.amountCents + mine[1]!.amountCents).toBe(0);
  });

  it.each([
    ['unknown product', { productId: 999_999 }, 400, 9],
    ['amount above the product maximum', { productId: 62, amount: 1000.01 }, 400, 9],
    ['amount below the product minimum', { productId: 62, amount: 1 }, 400, 9],
    ['sub-cent amount', { productId: 62, amount: 12.345 }, 400, 9],
    ['pinless flag wrong for a voucher', { productId: 65, pinless: true }, 400, 10],
    ['pinless flag wrong for a pinless product', { productId: 22, pinless: false }, 400, 10],
    ['electricity without a meter', { productId: 47, pinless: false, amount: 50, deviceId: '' }, 400, 8],
    ['electricity with a malformed meter', { productId: 47, pinless: false, amount: 50, deviceId: '12ab' }, 400, 8],
    ['pinless recharge to a malformed number', { deviceId: '0831234567' }, 400, 6],
    ['Smartload ID not linked to the user', { smartloadId: '27829999999' }, 403, 400],
  ] as const)('refuses %s with its code and changes nothing', (_what, over, status, code) => {
    const { s, user } = world();
    const before = s.ledger().length;
    const r = s.recharge(user, req(over));
    expect(r.status).toBe(status);
    expect(wire(r).code).toBe(code);
    expect(typeof wire(r).message).toBe('string');
    expect(s.ledger()).toHaveLength(before);
  });

  it('refuses with code 15 and the balance in the message when funds are short', () => {
    const { s } = world();
    s.addUser('poor', 'pw', ['27820000002']);
    s.deposit('27820000002', 10_000); // R100
    const r = s.recharge(s.users.get('poor')!, req({ smartloadId: '27820000002' }));
    expect(r.status).toBe(400);
    expect(wire(r)).toMatchObject({ code: 15 });
    expect(wire(r).message).toContain('R100.00');
  });

  it('refuses a reused clientReference (1001) and a second same-number same-amount recharge within 5 minutes (16)', () => {
    const { s, clock, user } = world();
    const b = req();
    s.recharge(user, b);
    expect(wire(s.recharge(user, { ...b, deviceId: '27830000009' }))).toMatchObject({ code: 1001 });
    const again = s.recharge(user, req());
    expect(again.status).toBe(400);
    expect(wire(again)).toEqual({
      code: 16,
      message: 'A trx with the same Cell no + amount was done in the last 5 minutes. Please retry in 5 min if valid.',
    });
    expect(s.recharge(user, req({ productId: 62, amount: 20 })).status).toBe(200); // other amount: fine
    clock.advance(5 * MIN);
    expect(s.recharge(user, req()).status).toBe(200);
  });

  it('refuses a second electricity recharge for a meter while the first is in progress (16)', () => {
    const { s, clock, user } = world();
    const meter = { productId: 47, pinless: false, deviceId: '01234567890' };
    expect(s.recharge(user, req({ ...meter, amount: 50 })).status).toBe(200);
    expect(wire(s.recharge(user, req({ ...meter, amount: 60 })))).toMatchObject({ code: 16 });
    clock.advance(DEFAULT_STATE_OPTIONS.asyncDelayMs);
    expect(s.recharge(user, req({ ...meter, amount: 60 })).status).toBe(200);
  });

  it('refuses recharges of an inactive dealer account (12)', () => {
    const { s, user } = world();
    s.setActive(DEALER, false);
    expect(wire(s.recharge(user, req()))).toMatchObject({ code: 12 });
  });

  it('delivers a PINned voucher at once, padded as the RELATED-API recordings are, and the enquiry repeats it trimmed', () => {
    const { s, user } = world();
    const b = req({ productId: 65, pinless: false, amount: 2 });
    const r = wire(s.recharge(user, b)).recharge;
    expect(r.voucherPin).toMatch(/^\d{12} {4}$/);
    expect(r.ticketNumber).toMatch(/^\d{11} {9}$/);
    expect(typeof r.expiryDate).toBe('number');
    const t = wire(s.enquiry(user, DEALER, b.clientReference)).transaction;
    expect(t).toMatchObject({ statusId: 'SUCESSFUL', voucherPin: r.voucherPin.trim(), ticketNumber: r.ticketNumber.trim() });
  });

  it('delivers an electricity token (20 digits in groups of 4) once the async recharge succeeds', () => {
    const { s, clock, user } = world();
    const b = req({ productId: 47, pinless: false, amount: 100, deviceId: '01234567890' });
    s.recharge(user, b);
    expect(wire(s.enquiry(user, DEALER, b.clientReference)).transaction.voucherPin).toBeNull();
    clock.advance(DEFAULT_STATE_OPTIONS.asyncDelayMs);
    expect(wire(s.enquiry(user, DEALER, b.clientReference)).transaction.voucherPin).toMatch(/^\d{4}( \d{4}){4}$/);
  });

  it('answers 1005 for an unknown clientReference', () => {
    const { s, user } = world();
    expect(s.enquiry(user, DEALER, 'nope')).toEqual({ status: 400, body: { code: 1005, message: 'ClientReference does not exist' } });
  });

  it('cancels a pending recharge once, refunding it; the enquiry still says PENDING as recorded; a second cancel is code 7', () => {
    const { s, user } = world();
    const b = req();
    s.recharge(user, b);
    expect(wire(s.cancel(user, DEALER, b.clientReference))).toEqual({ error: null, responseCode: 'SUCCESS' });
    const ref = wire(s.enquiry(user, DEALER, b.clientReference)).transaction.reference;
    expect(wire(s.cancel(user, DEALER, b.clientReference))).toEqual({ code: 7, message: `${ref} has already been cancelled.` });
    expect(wire(s.enquiry(user, DEALER, b.clientReference)).transaction.statusId).toBe('PENDING');
    expect(
      s
        .ledger()
        .filter((e) => e.clientReference === b.clientReference)
        .reduce((a, e) => a + e.amountCents, 0),
    ).toBe(0);
  });
});

describe('synchronous recharge', () => {
  it('answers a final success with the transaction', () => {
    const { s, user } = world();
    const body = wire(s.recharge(user, req(), true));
    expect(body.responseCode).toBe('SUCCESS');
    expect(body.transaction.statusId).toBe('SUCESSFUL');
  });

  it('answers a final business failure (R11) without charging anything', () => {
    const { s, user } = world();
    const before = s.ledger().length;
    const body = wire(s.recharge(user, req({ productId: 62, amount: 11 }), true));
    expect(body).toMatchObject({ responseCode: 'APP_ERROR', error: { code: 2 }, recharge: null });
    expect(s.ledger()).toHaveLength(before);
  });

  it('answers PENDING for electricity (async behaviour) and for a forced pending outcome; the enquiry resolves it', () => {
    const { s, clock, user } = world();
    const elec = req({ productId: 47, pinless: false, amount: 100, deviceId: '01234567890' });
    expect(wire(s.recharge(user, elec, true)).transaction.statusId).toBe('PENDING');
    s.outcomeQueue.push('pending');
    const mobile = req();
    expect(wire(s.recharge(user, mobile, true)).transaction.statusId).toBe('PENDING');
    clock.advance(DEFAULT_STATE_OPTIONS.asyncDelayMs);
    expect(wire(s.enquiry(user, DEALER, mobile.clientReference)).transaction.statusId).toBe('SUCESSFUL');
    expect(wire(s.enquiry(user, DEALER, elec.clientReference)).transaction.statusId).toBe('SUCESSFUL');
  });
});

describe('network rotation', () => {
  it('takes each network down for 5 minutes in turn with all-up slots between, visible in health', () => {
    const { s, clock } = world({ networkRotation: true });
    const seen: string[] = [];
    for (let slot = 0; slot < 10; slot++) {
      const h = wire(s.health()) as Record<string, string>;
      const down = Object.entries(h)
        .filter(([, v]) => v === 'DOWN')
        .map(([k]) => k);
      seen.push(down.join('+') || 'all up');
      clock.advance(5 * MIN);
    }
    expect(seen).toEqual(['all up', 'vodacom', 'all up', 'mtn', 'all up', 'cellc', 'all up', 'telkom', 'all up', 'virgin']);
  });

  it('fails recharges for a down network (refunded) and lets other networks through; overrides beat the rotation', () => {
    const { s, clock, user } = world({ networkRotation: true });
    clock.advance(5 * MIN); // Vodacom down
    const vod = req();
    const mtn = req({ productId: 63, amount: 30 });
    s.recharge(user, vod);
    s.recharge(user, mtn);
    clock.advance(DEFAULT_STATE_OPTIONS.asyncDelayMs);
    expect(wire(s.enquiry(user, DEALER, vod.clientReference)).transaction.statusId).toBe('FAILED');
    expect(wire(s.enquiry(user, DEALER, mtn.clientReference)).transaction.statusId).toBe('SUCESSFUL');
    s.networkOverrides.set('vodacom', 'UP');
    s.networkOverrides.set('cellc', 'DOWN');
    expect(wire(s.health())).toMatchObject({ vodacom: 'UP', cellc: 'DOWN' });
    s.rotation = false;
    s.networkOverrides.set('cellc', 'AUTO');
    expect(Object.values(wire(s.health()) as Record<string, string>).every((v) => v === 'UP')).toBe(true);
  });
});

describe('prevend', () => {
  it('is only for pinless Vodacom and MTN products; others are an invalid product', () => {
    const { s, user } = world();
    expect(wire(s.prevend(user, req()))).toMatchObject({ responseCode: 'SUCCESS' });
    expect(wire(s.prevend(user, req({ productId: 63, amount: 30, deviceId: '27830000001' })))).toMatchObject({ responseCode: 'SUCCESS' });
    const cellc = wire(s.prevend(user, req({ productId: 189, amount: 30 })));
    expect(cellc.responseCode).toBe('APP_ERROR');
    expect(cellc.message).toMatch(/Invalid product/);
    expect(wire(s.prevend(user, req({ productId: 65, pinless: false, amount: 2 }))).responseCode).toBe('APP_ERROR');
    expect(Object.keys(cellc)).toEqual(['responseCode', 'message']);
  });

  it('refuses a second prevend with the same reference with the recorded SYS_ERROR duplicate-key text', () => {
    const { s, user } = world();
    const b = req();
    s.prevend(user, b);
    const dup = wire(s.prevend(user, b));
    expect(dup.responseCode).toBe('SYS_ERROR');
    expect(dup.message).toMatch(/^Violation of PRIMARY KEY constraint 'PK_VOD_IN_PREVEND'/);
  });

  it('requires the following recharge to reuse its reference, and refuses it once expired (17)', () => {
    const { s, clock, user } = world();
    const b = req();
    s.prevend(user, b);
    const other = s.recharge(user, { ...b, clientReference: 'different' });
    expect(wire(other)).toMatchObject({ code: 2 });
    expect(wire(other).message).toContain(b.clientReference);
    expect(s.recharge(user, b).status).toBe(200);

    const late = req({ deviceId: '27830000002' });
    s.prevend(user, late);
    clock.advance(DEFAULT_STATE_OPTIONS.prevendTtlMs + 1);
    expect(wire(s.recharge(user, late))).toEqual({ code: 17, message: 'The prevend has expired' });
  });
});

describe('funds transfer', () => {
  it('moves whole rands from source to recipient, answering the source balance; creates an unknown recipient', () => {
    const { s, user } = world();
    const r = s.fundsTransfer(user, { sourceSmartloadId: DEALER, recipientSmartloadId: '27829677746', amount: 10_000, sendSms: true });
    expect(toWireJson(r.body!)).toBe(
      '{"error":null,"responseCode":"SUCCESS","recharge":null,"newDealerBalance":null,"currentDealerBalance":90000.0000}',
    );
    expect(s.accounts.get('27829677746')!.balanceCents).toBe(1_000_000);
    const moves = s.ledger().filter((e) => e.kind.startsWith('transfer'));
    expect(moves.map((e) => [e.smartloadId, e.amountCents])).toEqual([
      [DEALER, -1_000_000],
      ['27829677746', 1_000_000],
    ]);
  });

  it.each([
    ['below R5', 4, '27829677746', 4],
    ['above R100 000', 100_001, '27829677746', 4],
    ['not whole rands', 10.5, '27829677746', 4],
    ['to itself', 10, DEALER, 6],
  ] as const)('refuses an amount %s with code %i', (_w, amount, to, code) => {
    const { s, user } = world();
    expect(wire(s.fundsTransfer(user, { sourceSmartloadId: DEALER, recipientSmartloadId: to, amount }))).toMatchObject({ code });
  });

  it('refuses the same recipient and amount within an hour (11), allows it after; refuses more than the balance (7)', () => {
    const { s, clock, user } = world();
    const t = { sourceSmartloadId: DEALER, recipientSmartloadId: '27829677746', amount: 100 };
    expect(s.fundsTransfer(user, t).status).toBe(200);
    expect(wire(s.fundsTransfer(user, t))).toMatchObject({ code: 11 });
    expect(s.fundsTransfer(user, { ...t, amount: 101 }).status).toBe(200);
    clock.advance(HOUR);
    expect(s.fundsTransfer(user, t).status).toBe(200);
    expect(wire(s.fundsTransfer(user, { ...t, amount: 100_000 }))).toMatchObject({ code: 7 });
  });
});

describe('batch recharge', () => {
  it('answers BATCH_LIMIT_EXCEEDED above 100 and charges nothing', () => {
    const { s, user } = world();
    const before = s.ledger().length;
    const items = Array.from({ length: 101 }, (_, i) => req({ deviceId: `27831${String(i).padStart(6, '0')}` }));
    expect(wire(s.batch(user, DEALER, items, (x) => x as RechargeBody)).responseCode).toBe('BATCH_LIMIT_EXCEEDED');
    expect(s.ledger()).toHaveLength(before);
  });

  it('answers SUCCESS for 100 good items, PART_SUCCESS for a mix, FAILURE when all fail, one result per item', () => {
    const { s, user } = world();
    const hundred = Array.from({ length: 100 }, (_, i) => req({ deviceId: `27831${String(i).padStart(6, '0')}` }));
    const all = wire(s.batch(user, DEALER, hundred, (x) => x as RechargeBody));
    expect(all.responseCode).toBe('SUCCESS');
    expect(all.recharges).toHaveLength(100);
    const mix = wire(s.batch(user, DEALER, [req({ deviceId: '27839999999' }), req({ productId: 999_999 })], (x) => x as RechargeBody));
    expect(mix.responseCode).toBe('PART_SUCCESS');
    expect(mix.recharges[1]).toMatchObject({ responseCode: 'APP_ERROR', error: { code: 9 }, recharge: null });
    const none = wire(
      s.batch(user, DEALER, [req({ productId: 999_999 }), 'junk'], (x) => (typeof x === 'string' ? 'not an object' : (x as RechargeBody))),
    );
    expect(none.responseCode).toBe('FAILURE');
  });
});

describe('voucher orders', () => {
  it('refuses quantity 0 (19), no stock (18), a pinless product (10), and charges a good order once', () => {
    const { s, user } = world();
    const o = { smartloadId: DEALER, clientReference: 'o-1', productId: 65, quantity: 10 };
    expect(wire(s.order(user, { ...o, quantity: 0 }))).toMatchObject({ code: 19 });
    s.stock.set(65, 5);
    expect(wire(s.order(user, o))).toMatchObject({ code: 18 });
    expect(wire(s.order(user, { ...o, productId: 22 }))).toMatchObject({ code: 10 });
    s.stock.set(65, 50);
    const ok = wire(s.order(user, o));
    expect(ok.filePassword).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(
      s
        .ledger()
        .filter((e) => e.clientReference === 'o-1')
        .map((e) => e.amountCents),
    ).toEqual([-(2000 - 106)]); // 10 × R2 less 5.3 %
    expect(wire(s.order(user, o))).toMatchObject({ code: 1001 });
    expect(s.stock.get(65)).toBe(40);
  });
});

describe('cashup from the ledger', () => {
  it('groups a day by network with amount, net and profit, between opening and closing balances', () => {
    const { s, clock, user } = world();
    clock.advance(24 * HOUR); // the deposit is yesterday: it makes the opening balance
    s.recharge(user, req()); // VOD R450, cost 425.25
    s.recharge(user, req({ productId: 63, amount: 35, deviceId: '27830000001' })); // MTN R35 at 5 %
    s.recharge(user, req({ productId: 63, amount: 20, deviceId: '27830000002' }));
    const items = wire(s.cashupToday(user, DEALER)).cashupResponseItems;
    expect(items.map((i: { groupDescription: string; itemDescription: string }) => `${i.groupDescription}/${i.itemDescription}`)).toEqual([
      'Opening Balance/',
      'Recharges/MTN',
      'Recharges/VOD',
      'Closing Balance/',
      'Total Profit/',
    ]);
    expect(items[0].netAmount).toBe(100_000);
    expect(items[1]).toMatchObject({ itemCount: 2, amount: -55, netAmount: -52.25, profit: 2.75 });
    expect(items[2]).toMatchObject({ itemCount: 1, amount: -450, netAmount: -425.25, profit: 24.75 });
    expect(items[3].netAmount).toBe(100_000 - 425.25 - 52.25);
    expect(items[4].profit).toBe(27.5);
    expect(toWireJson(s.cashupToday(user, DEALER).body!)).toContain('"responseCode":null');
  });

  it('counts a voucher order as its quantity of items under its network', () => {
    const { s, user } = world();
    s.order(user, { smartloadId: DEALER, clientReference: 'o-9', productId: 65, quantity: 7 });
    const items = wire(s.cashupToday(user, DEALER)).cashupResponseItems;
    expect(items.find((i: { groupDescription: string }) => i.groupDescription === 'Recharges')).toMatchObject({
      itemDescription: 'VOD',
      itemCount: 7,
      amount: -14,
    });
  });

  it('answers a quiet day with only a Total Profit row whose profit is null, and refuses a reversed period', () => {
    const { s, user } = world();
    expect(wire(s.cashup(user, DEALER, '2026-01-01', '2026-01-31')).cashupResponseItems).toEqual([
      { groupDescription: 'Total Profit', itemDescription: '', itemCount: 0, amount: 0, netAmount: 0, profit: null },
    ]);
    expect(s.cashup(user, DEALER, '2026-03-02', '2026-03-01').status).toBe(400);
    expect(s.cashup(user, DEALER, '2026-02-30', '2026-03-01').status).toBe(400);
  });
});

describe('RICA', () => {
  const good = {
    agentId: '27821234567',
    firstName: 'Jane',
    surname: 'Doe',
    idDetails: { idNumber: '8001015009087', idType: 'said' },
    registrationType: 'individual',
    subscriberId: '8927000000010240123456',
    last4Iccid: '3456',
    residentialAddress: { address1: '1 Long St', postalCode: '8001', country: { countryCode: 'ZA' } },
    network: { id: 1 },
  };

  it('registers valid details and reports PENDING, then REGISTERED after the delay', () => {
    const { s, clock } = world();
    const r = wire(s.ricaSubmit(good, false));
    expect(r).toMatchObject({ error: null, responseCode: 'SUCCESS' });
    expect(wire(s.ricaStatus(r.ricaReference)).status).toBe('PENDING');
    clock.advance(DEFAULT_STATE_OPTIONS.ricaDelayMs);
    expect(wire(s.ricaStatus(r.ricaReference)).status).toBe('REGISTERED');
    expect(wire(s.ricaStatus('RICA0'))).toMatchObject({ code: 1005 });
  });

  it.each([
    ['a bad SA ID check digit', { idDetails: { idNumber: '8001015009088', idType: 'said' } }, /South African ID/],
    ['a passport without expiry', { idDetails: { idNumber: 'A1234567', idType: 'passport' } }, /passportExpiryDate/],
    ['last4Iccid not matching the SIM', { last4Iccid: '9999' }, /last4Iccid/],
    ['a 3-digit postal code', { residentialAddress: { address1: 'x', postalCode: '800', country: { countryCode: 'ZA' } } }, /postalCode/],
    ['a bad agent number', { agentId: '0821234567' }, /agentId/],
  ])('refuses %s with a message naming the field', (_w, over, re) => {
    const { s } = world();
    const r = s.ricaSubmit({ ...good, ...over }, false);
    expect(r.status).toBe(400);
    expect(wire(r).message).toMatch(re);
  });

  it('requires the previous owner for a change of ownership', () => {
    const { s } = world();
    expect(wire(s.ricaSubmit(good, true)).message).toMatch(/previousIdNumber/);
    expect(s.ricaSubmit({ ...good, previousIdNumber: '7501015009082', previousIdType: 'said' }, true).status).toBe(200);
  });
});

describe('SIM network lookup and determinism', () => {
  it('maps prefixes to home networks, ports some numbers, answers the same twice', () => {
    const { s } = world();
    const nets = new Map<string, { network: string; ported: boolean }>();
    for (let i = 0; i < 200; i++) {
      const m = `2783${String(1_000_000 + i * 7919).slice(-7)}`;
      const a = wire(s.simNetwork(m));
      expect(wire(s.simNetwork(m))).toMatchObject({ network: a.network, ported: a.ported });
      nets.set(m, a);
    }
    const home = [...nets.values()].filter((v) => !v.ported);
    const ported = [...nets.values()].filter((v) => v.ported);
    expect(home.every((v) => v.network === 'MTN')).toBe(true);
    expect(ported.length).toBeGreaterThan(0);
    expect(ported.every((v) => v.network !== 'MTN')).toBe(true);
    expect(wire(s.simNetwork('27821234567')).network).toMatch(/Vodacom|MTN|Cell C|Telkom Mobile/);
    expect(s.simNetwork('123').status).toBe(400);
  });

  it('produces the same vouchers and references from the same seed, different ones from another seed', () => {
    const run = (seed: number) => {
      const { s, user } = world({}, seed);
      return wire(s.recharge(user, { ...req({ productId: 65, pinless: false, amount: 2 }), clientReference: 'x' })).recharge.voucherPin;
    };
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
  });
});
