// The simulator's state and rules, with no HTTP in it: users, wallets, tokens, transactions, the
// ledger, prevends, voucher orders, RICA and the network rotation. Every operation takes already
// parsed input and returns a `Reply` (status + wire body) so the rules are unit-testable and the
// fastify layer stays a thin router. Time comes only from the SimClock, randomness only from the Rng.
import { formatBasisPoints, formatRands, percentOfCents, randsToCents } from '../../shared/money';
import type { Catalogue, ProductRule } from './catalogue';
import type { SimClock } from './clock';
import { signJwt } from './jwt';
import type { Rng } from './rng';
import type { OrderBody, RechargeBody, RicaBody, TransferBody } from './schemas';
import { percentPlain, rand2, rand4, randString, sastDate, sastDateTime, sastMidnight, type WireValue } from './wire-format';

/** What an operation answers: a status and a JSON body (or pre-serialised JSON text), an HTML page, or nothing. */
export type Reply = { status: number; body?: WireValue; raw?: string; html?: string; headers?: Record<string, string> };

/** Keys of the health endpoint; each maps to catalogue networks that go down with it. */
export const HEALTH_KEYS = ['vodacom', 'mtn', 'cellc', 'telkom', 'virgin'] as const;
export type HealthKey = (typeof HEALTH_KEYS)[number];

const NETWORK_HEALTH: Record<number, HealthKey> = { 1: 'vodacom', 2: 'mtn', 3: 'cellc', 4: 'telkom', 9: 'telkom', 12: 'virgin' };

/** Cashup item labels Smartcall uses for networks (OBSERVED: "VOD", "MTN", "CELLC"; others by description). */
const CASHUP_LABEL: Record<number, string> = { 1: 'VOD', 2: 'MTN', 3: 'CELLC' };

/** A manual network override; 'AUTO' follows the rotation. */
export type NetworkOverride = 'UP' | 'DOWN' | 'AUTO';

/** Forced outcome of the next recharges: 'pending' = a sync recharge answers PENDING, then succeeds after asyncDelayMs. */
export type Outcome = 'success' | 'failure' | 'pending';

/** One wallet movement. Every debit and credit of every Smartload account is one entry. */
export type LedgerEntry = {
  seq: number;
  /** Simulated epoch ms. */
  at: number;
  smartloadId: string;
  kind: 'deposit' | 'recharge' | 'refund' | 'transfer-out' | 'transfer-in' | 'order';
  clientReference: string | null;
  orderReferenceId: number | null;
  /** Signed cents: negative = debit. */
  amountCents: number;
  balanceAfterCents: number;
  /** For recharges/orders/refunds: retail value (cents, positive) and the dealer discount earned. */
  retailCents?: number;
  profitCents?: number;
  productId?: number;
  networkId?: number;
  /** Items bought (vouchers in an order; 1 for a recharge). */
  quantity?: number;
};

/** Voucher data of a PINned product. */
export type Voucher = { pin: string; serial: string; batch: string; box: string; expiry: number };

type StatusId = 'PENDING' | 'SUCESSFUL' | 'FAILED';

/** A recharge as Smartcall keeps it (keyed by smartloadId + clientReference). */
export type Transaction = {
  smartloadId: string;
  clientReference: string;
  orderReferenceId: number;
  rule: ProductRule;
  deviceId: string;
  retailCents: number;
  costCents: number;
  createdAt: number;
  dueAt: number;
  /** What it will become when due. */
  outcome: 'success' | 'failure';
  failReason: string;
  statusId: StatusId;
  statusDate: number;
  cancelled: boolean;
  voucher: Voucher | null;
  /** Electricity token (space-grouped 20 digits), known once successful. */
  token: string | null;
};

type Account = { smartloadId: string; balanceCents: number; active: boolean };
type User = { username: string; password: string; smartloadIds: Set<string>; allowedIps: string[] | null };
type TokenRecord = { token: string; username: string; issuedAt: number; lastUsedAt: number };
type Prevend = {
  smartloadId: string;
  clientReference: string;
  deviceId: string;
  productId: number;
  amountCents: number;
  at: number;
  ok: boolean;
  consumed: boolean;
};
type Transfer = { source: string; recipient: string; amountCents: number; at: number };

/** A voucher batch order (PROPOSED 8k–8m). */
export type Order = {
  smartloadId: string;
  clientReference: string;
  orderReferenceId: number;
  rule: ProductRule;
  quantity: number;
  vouchers: Voucher[];
  password: string;
  readyAt: number;
  costCents: number;
};

/** A RICA submission (PROPOSED status). */
export type RicaRecord = {
  ricaReference: string;
  kind: 'registration' | 'changeownership';
  at: number;
  doneAt: number;
  subscriberId: string;
};

/** Tunables of the rules, all in simulated ms. */
export type StateOptions = {
  asyncDelayMs: number;
  networkRotation: boolean;
  prevendTtlMs: number;
  orderDelayMs: number;
  ricaDelayMs: number;
  rotationSlotMs: number;
  jwtSecret: string;
  defaultStock: number;
};

export const DEFAULT_STATE_OPTIONS: StateOptions = {
  asyncDelayMs: 5_000,
  networkRotation: true,
  prevendTtlMs: 10 * 60_000,
  orderDelayMs: 10_000,
  ricaDelayMs: 60_000,
  rotationSlotMs: 5 * 60_000,
  jwtSecret: 'smartcall-simulator',
  defaultStock: 10_000,
};

export const TOKEN_LIMIT = 20;
export const TOKEN_ABSOLUTE_MS = 24 * 3600_000;
export const TOKEN_IDLE_MS = 4 * 3600_000;
const GUARD_MS = 5 * 60_000;
const TRANSFER_GUARD_MS = 3600_000;
const BUSINESS_FAILURE_CENTS = 1100; // SEED: recharges of R11 are business failures on QA

/** E1: the login-shaped envelope of 401/429 (and of token invalidation's 200). */
export const authEnvelope = (status: number, message: string): Reply => ({
  status,
  body: { responseDescription: message, accessToken: null, tokenType: null, expiresAt: null, scope: null },
});

/** E2: `{code, message}` on 400/403. */
export const codeMessage = (status: number, code: number, message: string): Reply => ({ status, body: { code, message } });

export const MSG = {
  badHeader: 'Authorization denied. Invalid authorization header',
  badToken: 'Authorization denied. Token validation failed',
  badUser: 'Invalid username',
  badPassword: 'Invalid password',
  badIp: 'Source IP is not authorised',
  sessionLimit: `Maximum concurrent session limit reached. Limit is ${TOKEN_LIMIT}`,
  notOurs: 'The supplied Smartload ID is not registered to your account',
} as const;

const NOT_OURS = (): Reply => codeMessage(403, 400, MSG.notOurs);
const ok = (body: WireValue): Reply => ({ status: 200, body });

const isMsisdn = (s: string): boolean => /^27\d{9}$/.test(s);

/** SA ID number: 13 digits with a Luhn check digit. */
function validSaId(id: string): boolean {
  if (!/^\d{13}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) {
    let d = Number(id[12 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Fixed MSISDN prefixes → home network (deterministic; ported numbers are overridden below). */
const PREFIX_NETWORK: [RegExp, string][] = [
  [/^27(82|72|76|79|71|60[3-5])/, 'Vodacom'],
  [/^27(83|73|78|63|60[6-9]|65|66)/, 'MTN'],
  [/^27(84|74|61|62|64)/, 'Cell C'],
  [/^27(81|68|67)/, 'Telkom Mobile'],
];
const PORT_TARGETS = ['Vodacom', 'MTN', 'Cell C', 'Telkom Mobile'];

/** The simulator's world. One instance per running simulator; `reset()` restores the seeded start. */
export class SimState {
  readonly users = new Map<string, User>();
  readonly accounts = new Map<string, Account>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly transactions = new Map<string, Transaction>();
  /** Transactions not yet final, so settling does not walk the whole history. */
  private readonly pending = new Set<Transaction>();
  /** Transactions by deviceId, for the 5-minute and meter-in-progress guards. */
  private readonly byDevice = new Map<string, Transaction[]>();
  readonly ledgerEntries: LedgerEntry[] = [];
  readonly prevends = new Map<string, Prevend>();
  readonly transfers: Transfer[] = [];
  readonly orders = new Map<string, Order>();
  readonly rica = new Map<string, RicaRecord>();
  readonly stock = new Map<number, number>();
  readonly networkOverrides = new Map<HealthKey, NetworkOverride>();
  readonly simOverrides = new Map<string, { network: string; ported: boolean }>();
  readonly outcomeQueue: Outcome[] = [];
  private nextOrderRef = 130_078_272;
  private tokenSeq = 0;
  private rotationOrigin: number;
  rotation: boolean;

  constructor(
    readonly clock: SimClock,
    readonly rng: Rng,
    readonly catalogue: Catalogue,
    readonly opts: StateOptions = DEFAULT_STATE_OPTIONS,
  ) {
    this.rotationOrigin = clock.now();
    this.rotation = opts.networkRotation;
  }

  // ---------------------------------------------------------------- setup

  /** Creates (or replaces) a user with linked Smartload IDs (accounts are created if missing). */
  addUser(username: string, password: string, smartloadIds: string[], allowedIps: string[] | null = null): void {
    for (const id of smartloadIds) if (!this.accounts.has(id)) this.addAccount(id, 0);
    this.users.set(username, { username, password, smartloadIds: new Set(smartloadIds), allowedIps });
  }

  /** Creates a dealer wallet with an opening deposit (a ledger entry when non-zero). */
  addAccount(smartloadId: string, balanceCents: number): void {
    this.accounts.set(smartloadId, { smartloadId, balanceCents: 0, active: true });
    if (balanceCents !== 0) this.deposit(smartloadId, balanceCents);
  }

  /** Credits a wallet as a bank deposit would ("Deposits / Credit" in cashup). */
  deposit(smartloadId: string, cents: number): LedgerEntry {
    const acc = this.accounts.get(smartloadId);
    if (!acc) throw new Error(`No Smartload account ${smartloadId}`);
    return this.move(acc, cents, { kind: 'deposit', clientReference: null, orderReferenceId: null });
  }

  /** Marks a dealer account inactive (APP_ERROR 12) or active again. */
  setActive(smartloadId: string, active: boolean): void {
    const acc = this.accounts.get(smartloadId);
    if (acc) acc.active = active;
  }

  /** The ledger, oldest first (a copy). */
  ledger(): LedgerEntry[] {
    this.settleAll();
    return this.ledgerEntries.map((e) => ({ ...e }));
  }

  private move(
    acc: Account,
    cents: number,
    e: Omit<LedgerEntry, 'seq' | 'at' | 'smartloadId' | 'amountCents' | 'balanceAfterCents'>,
    at = this.clock.now(),
  ): LedgerEntry {
    acc.balanceCents += cents;
    const entry: LedgerEntry = {
      seq: this.ledgerEntries.length + 1,
      at,
      smartloadId: acc.smartloadId,
      amountCents: cents,
      balanceAfterCents: acc.balanceCents,
      ...e,
    };
    this.ledgerEntries.push(entry);
    return entry;
  }

  // ---------------------------------------------------------------- networks

  /** UP/DOWN of a health key now: manual override first, then the rotation. */
  networkState(key: HealthKey): 'UP' | 'DOWN' {
    const o = this.networkOverrides.get(key);
    if (o === 'UP' || o === 'DOWN') return o;
    if (!this.rotation) return 'UP';
    // SEED: "Vodacom down, all up, MTN down, all up..." — a run starts in an all-up slot.
    const slot = Math.floor((this.clock.now() - this.rotationOrigin) / this.opts.rotationSlotMs);
    if (slot % 2 === 0) return 'UP';
    return HEALTH_KEYS[((slot - 1) / 2) % HEALTH_KEYS.length] === key ? 'DOWN' : 'UP';
  }

  /** Whether a catalogue network is down now (networks outside the health list never are). */
  networkDown(networkId: number): boolean {
    const key = NETWORK_HEALTH[networkId];
    return key !== undefined && this.networkState(key) === 'DOWN';
  }

  /** 10b health body. */
  health(): Reply {
    const body: Record<string, string> = {};
    for (const k of HEALTH_KEYS) body[k] = this.networkState(k);
    return ok(body);
  }

  // ---------------------------------------------------------------- auth

  private liveTokens(username: string): TokenRecord[] {
    const now = this.clock.now();
    const live: TokenRecord[] = [];
    for (const t of this.tokens.values()) {
      if (t.username !== username) continue;
      if (now >= t.issuedAt + TOKEN_ABSOLUTE_MS || now >= t.lastUsedAt + TOKEN_IDLE_MS) this.tokens.delete(t.token);
      else live.push(t);
    }
    return live;
  }

  /** Checks a Basic header; the user, or the E1 reply. */
  basic(header: string | undefined, ip: string): User | Reply {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!m?.[1]) return authEnvelope(401, MSG.badHeader);
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return authEnvelope(401, MSG.badHeader);
    const user = this.users.get(decoded.slice(0, colon));
    if (!user) return authEnvelope(401, MSG.badUser);
    if (user.password !== decoded.slice(colon + 1)) return authEnvelope(401, MSG.badPassword);
    if (user.allowedIps && !user.allowedIps.includes(ip)) return authEnvelope(401, MSG.badIp);
    return user;
  }

  /** Checks a Bearer header and marks the token used; the user and token, or the E1 reply. */
  bearer(header: string | undefined): { user: User; token: string } | Reply {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m?.[1]) return authEnvelope(401, MSG.badHeader);
    const rec = this.tokens.get(m[1]);
    const now = this.clock.now();
    if (!rec || now >= rec.issuedAt + TOKEN_ABSOLUTE_MS || now >= rec.lastUsedAt + TOKEN_IDLE_MS) {
      if (rec) this.tokens.delete(rec.token);
      return authEnvelope(401, MSG.badToken);
    }
    const user = this.users.get(rec.username);
    if (!user) return authEnvelope(401, MSG.badToken);
    rec.lastUsedAt = now;
    return { user, token: rec.token };
  }

  /** Basic or Bearer (token flush and token query accept both). */
  basicOrBearer(header: string | undefined, ip: string): User | Reply {
    if (/^Basic\b/i.test(header ?? '')) return this.basic(header, ip);
    const b = this.bearer(header);
    return 'status' in b ? b : b.user;
  }

  /** Aa: a new token, or 429 when 20 are live. */
  login(user: User, ip: string): Reply {
    if (this.liveTokens(user.username).length >= TOKEN_LIMIT) return authEnvelope(429, MSG.sessionLimit);
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const token = signJwt(
      {
        sub: 'Smartcall RESTful Webservice',
        nbf: iat,
        clientUsername: user.username,
        clientIP: ip,
        iss: 'smartcall.co.za',
        exp: iat + TOKEN_ABSOLUTE_MS / 1000,
        iat,
        jti: `${++this.tokenSeq}-${this.rng.digits(8)}`,
      },
      this.opts.jwtSecret,
    );
    this.tokens.set(token, { token, username: user.username, issuedAt: now, lastUsedAt: now });
    return ok({
      responseDescription: 'Authentication successful',
      accessToken: token,
      tokenType: 'Bearer',
      expiresAt: now + TOKEN_ABSOLUTE_MS,
      scope: 'WEBSERVICE_SMARTLOAD_FULL,WEBSERVICE_SMARTRICA_FULL',
    });
  }

  /** Ab: kills one token. */
  invalidate(token: string): Reply {
    this.tokens.delete(token);
    return authEnvelope(200, 'Token invalidation successful');
  }

  /** Ac: kills all of a user's tokens. */
  flush(user: User): Reply {
    for (const t of [...this.tokens.values()]) if (t.username === user.username) this.tokens.delete(t.token);
    return ok({ availableTokens: TOKEN_LIMIT });
  }

  /** Ad: how many more logins are allowed. */
  tokenQuery(user: User): Reply {
    return ok({ availableTokens: TOKEN_LIMIT - this.liveTokens(user.username).length });
  }

  /** Test control: every token (of one user, or all) stops validating. */
  expireTokens(username?: string): number {
    let n = 0;
    for (const t of [...this.tokens.values()]) {
      if (username === undefined || t.username === username) {
        this.tokens.delete(t.token);
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- smartload: reads

  private owned(user: User, smartloadId: string): Account | undefined {
    return user.smartloadIds.has(smartloadId) ? this.accounts.get(smartloadId) : undefined;
  }

  /** 8a. */
  balance(user: User, smartloadId: string): Reply {
    const acc = this.owned(user, smartloadId);
    if (!acc) return NOT_OURS();
    this.settleAll();
    return ok({ error: null, responseCode: 'SUCCESS', balance: rand4(acc.balanceCents) });
  }

  /** 8e: any existing dealer wallet is registered (OBSERVED for a wallet not linked to the caller). */
  registered(msisdn: string): Reply {
    return ok({ error: null, responseCode: 'SUCCESS', registered: this.accounts.has(msisdn) });
  }

  /** 10a: deterministic home network from the prefix; about one number in eight is ported. */
  simNetwork(msisdn: string): Reply {
    if (!isMsisdn(msisdn)) return codeMessage(400, 6, `${msisdn} is not a valid MSISDN. Use 27 followed by 9 digits.`);
    const forced = this.simOverrides.get(msisdn);
    let network = forced?.network ?? PREFIX_NETWORK.find(([re]) => re.test(msisdn))?.[1] ?? 'Vodacom';
    let ported = forced?.ported ?? false;
    if (!forced) {
      let h = 0;
      for (const ch of msisdn) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
      if (h % 8 === 0) {
        ported = true;
        const others = PORT_TARGETS.filter((n) => n !== network);
        network = others[h % others.length] ?? network;
      }
    }
    return ok({ msisdn, queryDate: sastDateTime(this.clock.now()), ported, network, error: null });
  }

  // ---------------------------------------------------------------- recharges

  private settle(tx: Transaction): void {
    if (tx.statusId !== 'PENDING' || tx.cancelled || this.clock.now() < tx.dueAt) return;
    this.finalise(tx, tx.dueAt);
  }

  private finalise(tx: Transaction, at: number): void {
    this.pending.delete(tx);
    tx.statusDate = at;
    if (tx.outcome === 'success') {
      tx.statusId = 'SUCESSFUL';
      if (tx.rule.electricity && tx.rule.pinIndicator) tx.token = this.rng.digits(20).replace(/(\d{4})(?=\d)/g, '$1 ');
    } else {
      tx.statusId = 'FAILED';
      const acc = this.accounts.get(tx.smartloadId);
      // Smartcall refunds failed recharges to the wallet (in batches; the simulator does it at once).
      if (acc)
        this.move(
          acc,
          tx.costCents,
          {
            kind: 'refund',
            clientReference: tx.clientReference,
            orderReferenceId: tx.orderReferenceId,
            retailCents: tx.retailCents,
            profitCents: tx.retailCents - tx.costCents,
            productId: tx.rule.id,
            networkId: tx.rule.networkId,
          },
          at,
        );
    }
  }

  /** Brings every pending transaction whose time has come to its final state. */
  settleAll(): void {
    for (const tx of this.pending) this.settle(tx);
  }

  private voucher(): Voucher {
    return {
      pin: this.rng.digits(12, true),
      serial: this.rng.digits(11, true),
      batch: this.rng.digits(8, true),
      box: this.rng.digits(7, true),
      expiry: sastMidnight(sastDate(this.clock.now() + 3 * 365 * 86_400_000)),
    };
  }

  /** Validation common to recharge, sync recharge and prevend: the product, the price and the cost. */
  private validateRecharge(
    user: User,
    b: RechargeBody,
  ): { acc: Account; rule: ProductRule; deviceId: string; retailCents: number; costCents: number } | Reply {
    const acc = this.owned(user, b.smartloadId);
    if (!acc) return NOT_OURS();
    if (!acc.active) return codeMessage(400, 12, `Smartload account ${b.smartloadId} is no longer active.`);
    const rule = this.catalogue.rule(b.productId);
    if (!rule) return codeMessage(400, 9, `Invalid product id ${b.productId}.`);
    if (b.pinless !== !rule.pinIndicator) {
      return codeMessage(
        400,
        10,
        `Product ${rule.id} (${rule.name}) is ${rule.pinIndicator ? 'a PINned voucher: send pinless false' : 'pinless: send pinless true'}.`,
      );
    }
    const deviceId = (b.deviceId ?? '').trim();
    if (rule.electricity) {
      if (deviceId === '') return codeMessage(400, 8, 'A meter number is required for electricity.');
      if (!/^\d{11,13}$/.test(deviceId)) return codeMessage(400, 8, `${deviceId} is not a valid meter number (11 to 13 digits).`);
    } else if (!rule.pinIndicator && !isMsisdn(deviceId)) {
      return codeMessage(400, 6, `${deviceId || '(empty)'} is not a valid recipient number. Use 27 followed by 9 digits.`);
    }
    let retailCents: number;
    if (rule.fixedAmount || rule.minCents === rule.maxCents) {
      retailCents = rule.retailCents; // OBSERVED: the product price wins over the amount sent
    } else {
      let cents: number;
      try {
        cents = randsToCents(b.amount);
      } catch {
        return codeMessage(400, 9, `Invalid amount ${b.amount}: rands with at most 2 decimals.`);
      }
      if (cents < rule.minCents || cents > rule.maxCents) {
        return codeMessage(
          400,
          9,
          `Invalid amount ${b.amount} for ${rule.name}: between ${formatRands(rule.minCents)} and ${formatRands(rule.maxCents)}.`,
        );
      }
      retailCents = cents;
    }
    const costCents = retailCents - percentOfCents(retailCents, rule.discountBp);
    return { acc, rule, deviceId, retailCents, costCents };
  }

  /**
   * 8f (async) and 8g (sync, `sync` true). Validates, applies the guards, debits, records the
   * transaction. Async: PENDING until asyncDelayMs has passed. Sync: final now (electricity and a
   * forced 'pending' outcome behave as async).
   */
  recharge(user: User, b: RechargeBody, sync = false): Reply {
    const v = this.validateRecharge(user, b);
    if ('status' in v) return v;
    const { acc, rule, deviceId, retailCents, costCents } = v;
    const key = `${b.smartloadId}|${b.clientReference}`;
    if (this.transactions.has(key) || this.orders.has(key))
      return codeMessage(400, 1001, `Duplicate recharge: clientReference ${b.clientReference} has already been used.`);
    const now = this.clock.now();
    const prevend = this.prevends.get(key);
    if (prevend) {
      if (!prevend.ok) return codeMessage(400, 2, `The prevend for ${b.clientReference} failed; this recharge cannot proceed.`);
      if (now > prevend.at + this.opts.prevendTtlMs) return codeMessage(400, 17, 'The prevend has expired');
    } else {
      const open = [...this.prevends.values()].find(
        (p) =>
          p.ok &&
          !p.consumed &&
          p.smartloadId === b.smartloadId &&
          p.deviceId === deviceId &&
          p.productId === rule.id &&
          now <= p.at + this.opts.prevendTtlMs,
      );
      if (open) return codeMessage(400, 2, `A prevend was done for this recharge: use its clientReference ${open.clientReference}.`);
    }
    this.settleAll();
    for (const tx of this.byDevice.get(deviceId) ?? []) {
      if (tx.deviceId !== deviceId || tx.cancelled || tx.statusId === 'FAILED') continue;
      if (rule.electricity && tx.rule.electricity && tx.statusId === 'PENDING') {
        return codeMessage(400, 16, `A recharge for meter ${deviceId} is still in progress. Please retry when it has completed.`);
      }
      if (tx.retailCents === retailCents && now - tx.createdAt < GUARD_MS) {
        return codeMessage(400, 16, 'A trx with the same Cell no + amount was done in the last 5 minutes. Please retry in 5 min if valid.');
      }
    }
    if (acc.balanceCents < costCents) {
      return codeMessage(
        400,
        15,
        `Insufficient funds. Your current balance is ${formatRands(acc.balanceCents)}; this recharge costs ${formatRands(costCents)}.`,
      );
    }

    const forced = this.outcomeQueue.shift();
    const down = this.networkDown(rule.networkId);
    const business = retailCents === BUSINESS_FAILURE_CENTS;
    const fails = forced === 'failure' || (forced === undefined && (down || business));
    const failReason = down
      ? `${rule.networkDescription} is currently unavailable. Please try again later.`
      : 'Recharge refused by the network (business failure).';
    const voucherNow = rule.pinIndicator && !rule.electricity;
    // Vouchers come from stock, so they are final at once even on the async endpoint.
    const final = (sync || voucherNow) && !rule.electricity && forced !== 'pending';

    if (final && fails) {
      // A final synchronous failure: nothing was charged.
      return ok({ error: { code: 2, message: failReason }, responseCode: 'APP_ERROR', recharge: null });
    }
    if (prevend) prevend.consumed = true;
    const orderReferenceId = this.nextOrderRef++;
    this.move(
      acc,
      -costCents,
      {
        kind: 'recharge',
        clientReference: b.clientReference,
        orderReferenceId,
        retailCents,
        profitCents: retailCents - costCents,
        productId: rule.id,
        networkId: rule.networkId,
      },
      now,
    );
    const tx: Transaction = {
      smartloadId: b.smartloadId,
      clientReference: b.clientReference,
      orderReferenceId,
      rule,
      deviceId,
      retailCents,
      costCents,
      createdAt: now,
      dueAt: now + (final ? 0 : this.opts.asyncDelayMs),
      outcome: fails ? 'failure' : 'success',
      failReason,
      statusId: 'PENDING',
      statusDate: now,
      cancelled: false,
      voucher: voucherNow && !fails ? this.voucher() : null,
      token: null,
    };
    this.transactions.set(key, tx);
    this.pending.add(tx);
    const same = this.byDevice.get(deviceId) ?? [];
    same.push(tx);
    this.byDevice.set(deviceId, same);
    if (final) this.finalise(tx, now);
    const body: Record<string, WireValue> = { error: null, responseCode: 'SUCCESS', recharge: this.rechargeWire(tx, acc) };
    if (sync) body.transaction = this.transactionWire(tx);
    return ok(body);
  }

  private rechargeWire(tx: Transaction, acc: Account): WireValue {
    const v = tx.voucher;
    return {
      balance: rand2(acc.balanceCents),
      orderReferenceId: tx.orderReferenceId,
      // RELATED-API: voucher fields come right-padded with spaces (20 / 16 chars); clients trim.
      ticketNumber: v ? v.serial.padEnd(20) : '',
      boxNumber: v ? v.box : '',
      batchNumber: v ? v.batch : '',
      voucherPin: v ? v.pin.padEnd(16) : '',
      expiryDate: v ? v.expiry : null,
      retailPrice: randString(tx.retailCents),
      dealerDiscount: percentPlain(tx.rule.discountPercentage),
    };
  }

  private transactionWire(tx: Transaction): WireValue {
    // OBSERVED: a cancelled recharge still reads PENDING.
    const statusId = tx.cancelled ? 'PENDING' : tx.statusId;
    const status = { PENDING: 'Recharge Pending', SUCESSFUL: 'Recharge Successful', FAILED: 'Recharge Failed' }[statusId];
    const v = tx.statusId === 'SUCESSFUL' ? tx.voucher : null;
    return {
      description: 'Order',
      network: tx.rule.name,
      recipientMsisdn: tx.deviceId,
      statusDate: tx.statusDate,
      reference: String(tx.orderReferenceId),
      amount: formatRands(tx.retailCents),
      discount: formatBasisPoints(tx.rule.discountBp),
      cost: formatRands(tx.costCents),
      status,
      statusId,
      ticketNumber: v ? v.serial : null,
      voucherPin: v ? v.pin : tx.token,
      additionalVoucherPin: null,
      boxNumber: v ? v.box : null,
      batchNumber: v ? v.batch : null,
      expiryDate: v ? v.expiry : null,
    };
  }

  /** 8n. */
  enquiry(user: User, smartloadId: string, clientReference: string): Reply {
    if (!this.owned(user, smartloadId)) return NOT_OURS();
    const tx = this.transactions.get(`${smartloadId}|${clientReference}`);
    if (!tx) return codeMessage(400, 1005, 'ClientReference does not exist');
    this.settle(tx);
    return ok({ error: null, responseCode: 'SUCCESS', transaction: this.transactionWire(tx) });
  }

  /** 8x (removed from the spec in v1.1.0, OBSERVED before): cancel a pending recharge, refunding it. */
  cancel(user: User, smartloadId: string, clientReference: string): Reply {
    const acc = this.owned(user, smartloadId);
    if (!acc) return NOT_OURS();
    const tx = this.transactions.get(`${smartloadId}|${clientReference}`);
    if (!tx) return codeMessage(400, 1005, 'ClientReference does not exist');
    this.settle(tx);
    if (tx.cancelled) return codeMessage(400, 7, `${tx.orderReferenceId} has already been cancelled.`);
    if (tx.statusId !== 'PENDING')
      return codeMessage(400, 2, `${tx.orderReferenceId} has already been sent to the network and cannot be cancelled.`);
    tx.cancelled = true;
    this.pending.delete(tx);
    this.move(acc, tx.costCents, {
      kind: 'refund',
      clientReference,
      orderReferenceId: tx.orderReferenceId,
      retailCents: tx.retailCents,
      profitCents: tx.retailCents - tx.costCents,
      productId: tx.rule.id,
      networkId: tx.rule.networkId,
    });
    return ok({ error: null, responseCode: 'SUCCESS' });
  }

  /** 8h (PROPOSED shape): up to 100 recharges, each judged alone. */
  batch(user: User, smartloadId: string, items: unknown[], parse: (item: unknown) => RechargeBody | string): Reply {
    if (!this.owned(user, smartloadId)) return NOT_OURS();
    if (items.length > 100)
      return ok({
        error: { code: 2, message: `A batch holds at most 100 recharges; this one has ${items.length}.` },
        responseCode: 'BATCH_LIMIT_EXCEEDED',
        recharges: [],
      });
    const results: WireValue[] = [];
    let good = 0;
    for (const item of items) {
      const parsed = parse(item);
      const ref = typeof item === 'object' && item !== null && 'clientReference' in item ? String(item.clientReference) : null;
      let reply: Reply;
      if (typeof parsed === 'string') reply = codeMessage(400, 9999, parsed);
      else if (parsed.smartloadId !== smartloadId)
        reply = codeMessage(400, 3, `Item smartloadId ${parsed.smartloadId} differs from the batch's ${smartloadId}.`);
      else reply = this.recharge(user, parsed);
      const body = reply.body as Record<string, WireValue> | undefined;
      if (reply.status === 200 && body?.responseCode === 'SUCCESS') {
        good++;
        results.push({ clientReference: ref, error: null, responseCode: 'SUCCESS', recharge: body.recharge ?? null });
      } else {
        const err =
          body && 'code' in body ? { code: body.code ?? 2, message: body.message ?? '' } : { code: 2, message: 'Recharge failed' };
        results.push({ clientReference: ref, error: err, responseCode: 'APP_ERROR', recharge: null });
      }
    }
    const responseCode = items.length > 0 && good === items.length ? 'SUCCESS' : good === 0 ? 'FAILURE' : 'PART_SUCCESS';
    return ok({ error: null, responseCode, recharges: results });
  }

  /** 8i: pinless Vodacom and MTN only; always HTTP 200 with `{responseCode, message}`. */
  prevend(user: User, b: RechargeBody): Reply {
    const v = this.validateRecharge(user, b);
    if ('status' in v) {
      if (v.status === 403) return v;
      const m = v.body as { message?: string } | undefined;
      return ok({ responseCode: 'INV_REQUEST', message: m?.message ?? 'Invalid prevend request' });
    }
    const { rule, deviceId, retailCents } = v;
    if (rule.pinIndicator || (rule.networkId !== 1 && rule.networkId !== 2)) {
      return ok({
        responseCode: 'APP_ERROR',
        message: `Invalid product ID ${rule.id}: prevend is only available for pinless Vodacom and MTN products.`,
      });
    }
    const key = `${b.smartloadId}|${b.clientReference}`;
    if (this.prevends.has(key) || this.transactions.has(key)) {
      // OBSERVED: the network database's raw duplicate-key text leaks through as SYS_ERROR.
      return ok({
        responseCode: 'SYS_ERROR',
        message: `Violation of PRIMARY KEY constraint 'PK_VOD_IN_PREVEND'. Cannot insert duplicate key in object 'dbo.VOD_IN_PREVEND'. The duplicate key value is (${b.clientReference}).`,
      });
    }
    const now = this.clock.now();
    const prevend: Prevend = {
      smartloadId: b.smartloadId,
      clientReference: b.clientReference,
      deviceId,
      productId: rule.id,
      amountCents: retailCents,
      at: now,
      ok: false,
      consumed: false,
    };
    this.prevends.set(key, prevend);
    if (this.networkDown(rule.networkId))
      return ok({ responseCode: 'APP_ERROR', message: `${rule.networkDescription} is currently unavailable.` });
    if (retailCents === BUSINESS_FAILURE_CENTS)
      return ok({ responseCode: 'APP_ERROR', message: 'Subscriber not allowed to recharge (business failure).' });
    prevend.ok = true;
    return ok({ responseCode: 'SUCCESS', message: `Prevend accepted for ${deviceId}: ${formatRands(retailCents)} ${rule.name}.` });
  }

  // ---------------------------------------------------------------- transfers

  /** 8j: R5–R100 000 whole rands, not to self, not the same recipient + amount within an hour. */
  fundsTransfer(user: User, b: TransferBody): Reply {
    const src = this.owned(user, b.sourceSmartloadId);
    if (!src) return NOT_OURS();
    if (!Number.isInteger(b.amount) || b.amount < 5 || b.amount > 100_000) {
      return codeMessage(400, 4, `Invalid transfer amount ${b.amount}: whole rands from R5 to R100000.`);
    }
    if (!isMsisdn(b.recipientSmartloadId)) return codeMessage(400, 6, `${b.recipientSmartloadId} is not a valid Smartload ID.`);
    if (b.recipientSmartloadId === b.sourceSmartloadId) return codeMessage(400, 6, 'Funds cannot be transferred to the same Smartload ID.');
    const cents = b.amount * 100;
    const now = this.clock.now();
    if (
      this.transfers.some(
        (t) =>
          t.source === src.smartloadId &&
          t.recipient === b.recipientSmartloadId &&
          t.amountCents === cents &&
          now - t.at < TRANSFER_GUARD_MS,
      )
    ) {
      return codeMessage(
        400,
        11,
        `Duplicate transfer: ${formatRands(cents)} was already sent to ${b.recipientSmartloadId} in the last hour.`,
      );
    }
    if (src.balanceCents < cents)
      return codeMessage(400, 7, `Insufficient funds. Your current balance is ${formatRands(src.balanceCents)}.`);
    // V2: transferring to an unknown MSISDN creates the dealer.
    if (!this.accounts.has(b.recipientSmartloadId)) this.addAccount(b.recipientSmartloadId, 0);
    const dst = this.accounts.get(b.recipientSmartloadId) as Account;
    const ref = `transfer:${src.smartloadId}->${dst.smartloadId}:${this.transfers.length + 1}`;
    this.move(src, -cents, { kind: 'transfer-out', clientReference: ref, orderReferenceId: null }, now);
    this.move(dst, cents, { kind: 'transfer-in', clientReference: ref, orderReferenceId: null }, now);
    this.transfers.push({ source: src.smartloadId, recipient: dst.smartloadId, amountCents: cents, at: now });
    return ok({
      error: null,
      responseCode: 'SUCCESS',
      recharge: null,
      newDealerBalance: null,
      currentDealerBalance: rand4(src.balanceCents),
    });
  }

  // ---------------------------------------------------------------- voucher orders (PROPOSED)

  private orderReply(o: Order, acc: Account): Reply {
    return ok({
      error: null,
      responseCode: 'SUCCESS',
      recharge: {
        balance: rand2(acc.balanceCents),
        orderReferenceId: o.orderReferenceId,
        ticketNumber: '',
        boxNumber: '',
        batchNumber: '',
        voucherPin: '',
        expiryDate: null,
        retailPrice: randString(o.rule.retailCents * o.quantity),
        dealerDiscount: percentPlain(o.rule.discountPercentage),
      },
      filePassword: o.password,
    });
  }

  private password(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    let s = '';
    for (let i = 0; i < 12; i++) s += alphabet[this.rng.int(alphabet.length)];
    return s;
  }

  /** 8k: order `quantity` PINned vouchers; paid now, file ready after orderDelayMs. */
  order(user: User, b: OrderBody): Reply {
    const acc = this.owned(user, b.smartloadId);
    if (!acc) return NOT_OURS();
    if (!Number.isInteger(b.quantity) || b.quantity <= 0) return codeMessage(400, 19, 'Quantity must be greater than 0');
    const rule = this.catalogue.rule(b.productId);
    if (!rule) return codeMessage(400, 9, `Invalid product id ${b.productId}.`);
    if (!rule.pinIndicator || rule.electricity || rule.retailCents <= 0 || rule.minCents !== rule.maxCents) {
      return codeMessage(
        400,
        10,
        `Product ${rule.id} (${rule.name}) is not a fixed-price PINned voucher and cannot be ordered in batches.`,
      );
    }
    const key = `${b.smartloadId}|${b.clientReference}`;
    if (this.orders.has(key) || this.transactions.has(key))
      return codeMessage(400, 1001, `Duplicate order: clientReference ${b.clientReference} has already been used.`);
    const stock = this.stock.get(rule.id) ?? this.opts.defaultStock;
    if (stock < b.quantity) return codeMessage(400, 18, `Not enough stock of ${rule.name}: ${stock} available.`);
    const retail = rule.retailCents * b.quantity;
    const costCents = retail - percentOfCents(retail, rule.discountBp);
    if (acc.balanceCents < costCents)
      return codeMessage(
        400,
        15,
        `Insufficient funds. Your current balance is ${formatRands(acc.balanceCents)}; this order costs ${formatRands(costCents)}.`,
      );
    this.stock.set(rule.id, stock - b.quantity);
    const now = this.clock.now();
    const o: Order = {
      smartloadId: b.smartloadId,
      clientReference: b.clientReference,
      orderReferenceId: this.nextOrderRef++,
      rule,
      quantity: b.quantity,
      vouchers: Array.from({ length: b.quantity }, () => this.voucher()),
      password: this.password(),
      readyAt: now + this.opts.orderDelayMs,
      costCents,
    };
    this.orders.set(key, o);
    this.move(
      acc,
      -costCents,
      {
        kind: 'order',
        clientReference: b.clientReference,
        orderReferenceId: o.orderReferenceId,
        quantity: b.quantity,
        retailCents: retail,
        profitCents: retail - costCents,
        productId: rule.id,
        networkId: rule.networkId,
      },
      now,
    );
    return this.orderReply(o, acc);
  }

  /** 8l: the order when ready (the HTTP layer zips it), or a PENDING reply, or 1005. */
  orderFile(user: User, smartloadId: string, clientReference: string, orderReferenceId: string): Order | Reply {
    if (!this.owned(user, smartloadId)) return NOT_OURS();
    const o = this.orders.get(`${smartloadId}|${clientReference}`);
    if (!o || String(o.orderReferenceId) !== orderReferenceId) return codeMessage(400, 1005, 'ClientReference does not exist');
    if (this.clock.now() < o.readyAt) {
      return ok({
        error: { code: 1003, message: 'The order file is still being prepared. Retry shortly.' },
        responseCode: 'PENDING',
        orderReferenceId: o.orderReferenceId,
        fileName: null,
        file: null,
      });
    }
    return o;
  }

  /** 8m: same vouchers, new password and new order reference (V2). */
  recreateOrder(user: User, smartloadId: string, clientReference: string): Reply {
    const acc = this.owned(user, smartloadId);
    if (!acc) return NOT_OURS();
    const o = this.orders.get(`${smartloadId}|${clientReference}`);
    if (!o) return codeMessage(400, 1005, 'ClientReference does not exist');
    o.password = this.password();
    o.orderReferenceId = this.nextOrderRef++;
    o.readyAt = Math.min(o.readyAt, this.clock.now());
    return this.orderReply(o, acc);
  }

  // ---------------------------------------------------------------- cashup

  /** 8o/8p: cashup of [start, end] (SAST days, inclusive), computed from the ledger. */
  cashup(user: User, smartloadId: string, startDate: string, endDate: string): Reply {
    if (!this.owned(user, smartloadId)) return NOT_OURS();
    const from = sastMidnight(startDate);
    const toDay = sastMidnight(endDate);
    if (Number.isNaN(from) || Number.isNaN(toDay)) return codeMessage(400, 9999, 'startDate and endDate must be dates as YYYY-MM-DD.');
    if (toDay < from) return codeMessage(400, 9999, 'startDate must not be after endDate.');
    const to = toDay + 86_400_000;
    this.settleAll();
    const mine = this.ledgerEntries.filter((e) => e.smartloadId === smartloadId);
    const before = mine.filter((e) => e.at < from);
    const inRange = mine.filter((e) => e.at >= from && e.at < to);
    const items: WireValue[] = [];
    const zero = rand4(0);
    const item = (group: string, label: string, count: number, amount: number, net: number, profit: number | null): WireValue => ({
      groupDescription: group,
      itemDescription: label,
      itemCount: count,
      amount: rand4(amount),
      netAmount: rand4(net),
      profit: profit === null ? null : rand4(profit),
    });
    // OBSERVED: a day without movements answers only a "Total Profit" row with profit null.
    if (inRange.length === 0) {
      return ok({ error: null, responseCode: null, cashupResponseItems: [item('Total Profit', '', 0, 0, 0, null)] });
    }
    const opening = before.at(-1)?.balanceAfterCents ?? 0;
    if (before.length > 0) items.push(item('Opening Balance', '', 0, 0, opening, 0));
    type Agg = { count: number; amount: number; net: number; profit: number };
    const groups = new Map<string, Map<string, Agg>>();
    const add = (group: string, label: string, count: number, amount: number, net: number, profit: number): void => {
      const g = groups.get(group) ?? new Map<string, Agg>();
      const a = g.get(label) ?? { count: 0, amount: 0, net: 0, profit: 0 };
      a.count += count;
      a.amount += amount;
      a.net += net;
      a.profit += profit;
      g.set(label, a);
      groups.set(group, g);
    };
    const label = (e: LedgerEntry): string => {
      const id = e.networkId ?? 0;
      return CASHUP_LABEL[id] ?? this.catalogue.data.networks.find((n) => n.id === id)?.description ?? 'Other';
    };
    let profit = 0;
    for (const e of inRange) {
      const retail = e.retailCents ?? 0;
      const p = e.profitCents ?? 0;
      switch (e.kind) {
        case 'recharge':
        case 'order':
          add('Recharges', label(e), e.quantity ?? 1, -retail, e.amountCents, p);
          profit += p;
          break;
        case 'refund':
          add('Refunds', label(e), 1, retail, e.amountCents, -p);
          profit -= p;
          break;
        case 'deposit':
        case 'transfer-in':
          add('Deposits', e.kind === 'deposit' ? 'Credit' : 'Funds Transfer In', 1, e.amountCents, e.amountCents, 0);
          break;
        case 'transfer-out':
          add('Transfers', 'Funds Transfer Out', 1, e.amountCents, e.amountCents, 0);
          break;
      }
    }
    for (const group of ['Recharges', 'Refunds', 'Deposits', 'Transfers']) {
      const g = groups.get(group);
      if (!g) continue;
      for (const [l, a] of [...g.entries()].sort(([x], [y]) => x.localeCompare(y)))
        items.push(item(group, l, a.count, a.amount, a.net, a.profit));
    }
    const closing = inRange.at(-1)?.balanceAfterCents ?? opening;
    items.push(item('Closing Balance', '', 0, 0, closing, 0));
    items.push({
      groupDescription: 'Total Profit',
      itemDescription: '',
      itemCount: 0,
      amount: zero,
      netAmount: zero,
      profit: rand4(profit),
    });
    return ok({ error: null, responseCode: null, cashupResponseItems: items });
  }

  /** 8o: today's cashup (SAST day of the simulated clock). */
  cashupToday(user: User, smartloadId: string): Reply {
    const today = sastDate(this.clock.now());
    return this.cashup(user, smartloadId, today, today);
  }

  // ---------------------------------------------------------------- RICA

  private ricaProblem(b: RicaBody, change: boolean): string | null {
    if (!b.agentId || !isMsisdn(b.agentId)) return 'agentId must be the agent MSISDN (27 followed by 9 digits).';
    if (!b.firstName?.trim()) return 'firstName is required.';
    if (!b.surname?.trim()) return 'surname is required.';
    const id = b.idDetails;
    if (!id) return 'idDetails is required.';
    const idType = id.idType.toLowerCase();
    if (idType === 'passport') {
      if (!id.idNumber.trim()) return 'idDetails.idNumber (passport number) is required.';
      if (!id.passportExpiryDate || Number.isNaN(sastMidnight(id.passportExpiryDate)))
        return 'idDetails.passportExpiryDate (YYYY-MM-DD) is required for a passport.';
      if (sastMidnight(id.passportExpiryDate) < this.clock.now()) return 'The passport has expired.';
    } else if (!validSaId(id.idNumber)) {
      return 'idDetails.idNumber is not a valid 13-digit South African ID number.';
    }
    if (!b.subscriberId || !/^\d{10,22}$/.test(b.subscriberId)) return 'subscriberId must be the SIM number (10 to 22 digits).';
    if (!b.last4Iccid || !/^\d{4}$/.test(b.last4Iccid) || !b.subscriberId.endsWith(b.last4Iccid))
      return 'last4Iccid must be the last 4 digits of subscriberId.';
    const a = b.residentialAddress;
    if (!a?.address1?.trim()) return 'residentialAddress.address1 is required.';
    if (!a.postalCode || !/^\d{4}$/.test(a.postalCode)) return 'residentialAddress.postalCode must be 4 digits.';
    if (!a.country?.countryCode) return 'residentialAddress.country.countryCode is required.';
    if (b.network && !this.catalogue.data.networks.some((n) => n.id === b.network?.id))
      return `network.id ${b.network.id} is not a known network.`;
    if (change && (!b.previousIdNumber?.trim() || !b.previousIdType?.trim()))
      return 'previousIdNumber and previousIdType identify the previous owner and are required.';
    return null;
  }

  /** 9a/9b: validates and records a RICA submission (PROPOSED response). */
  ricaSubmit(b: RicaBody, change: boolean): Reply {
    const problem = this.ricaProblem(b, change);
    if (problem) return codeMessage(400, 9, `RICA ${change ? 'change of ownership' : 'registration'} refused: ${problem}`);
    const now = this.clock.now();
    const ricaReference = `RICA${this.rng.digits(10, true)}`;
    this.rica.set(ricaReference, {
      ricaReference,
      kind: change ? 'changeownership' : 'registration',
      at: now,
      doneAt: now + this.opts.ricaDelayMs,
      subscriberId: b.subscriberId ?? '',
    });
    return ok({ error: null, responseCode: 'SUCCESS', ricaReference, message: 'Submitted for processing' });
  }

  /** 9c (PROPOSED): status of a RICA submission. */
  ricaStatus(ricaReference: string): Reply {
    const r = this.rica.get(ricaReference);
    if (!r) return codeMessage(400, 1005, 'RicaReference does not exist');
    const done = this.clock.now() >= r.doneAt;
    return ok({
      error: null,
      responseCode: 'SUCCESS',
      ricaReference,
      status: done ? 'REGISTERED' : 'PENDING',
      statusDescription: done ? 'Registration successful' : 'Registration pending',
      statusDate: done ? r.doneAt : r.at,
    });
  }
}
