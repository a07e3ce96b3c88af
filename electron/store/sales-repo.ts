import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { StoreError } from './errors';
import type { PinCipher } from './ports';
import { rawToJson } from './redact';
import {
  canTransition,
  finalStates,
  initialStates,
  saleKinds,
  saleStates,
  unresolvedStates,
  type SaleKind,
  type SaleState,
} from './sale-states';
import { toWriteError } from './sqlite-errors';

/** What the engine journals before the wire (or when it queues a sale offline). */
export type SaleIntentInput = {
  /** The till's own UUID for this sale; the same one is used for every attempt. */
  clientReference: string;
  kind: SaleKind;
  productId?: number;
  productName?: string;
  network?: string;
  /** The number recharged, international form (27…). */
  recipientMsisdn?: string;
  meterNumber?: string;
  /** Face value in integer cents. */
  amountCents: number;
  cashierId?: number;
  shiftId?: number;
  /** Groups the sales of one batch recharge. */
  batchId?: string;
  /** What the engine sends for this sale (a JSON value, no secrets), kept so it can resend or forward it. */
  request?: unknown;
  /** When it was journaled; the store's clock by default. */
  at?: number;
};

/** Voucher details on a sale. The PINs themselves are only given out by `revealVoucherPins`. */
export type SaleVoucher = {
  hasPin: boolean;
  hasExtraPin: boolean;
  ticketNumber: string | null;
  boxNumber: string | null;
  batchNumber: string | null;
  expiryAt: number | null;
};

/** One journaled sale as the rest of the till sees it. Money in integer cents. */
export type Sale = {
  id: number;
  clientReference: string;
  kind: SaleKind;
  productId: number | null;
  productName: string | null;
  network: string | null;
  recipientMsisdn: string | null;
  meterNumber: string | null;
  amountCents: number;
  costCents: number | null;
  state: SaleState;
  orderReferenceId: string | null;
  voucher: SaleVoucher | null;
  errorCode: string | null;
  errorMessage: string | null;
  checkAttempts: number;
  nextCheckAt: number | null;
  cashierId: number | null;
  shiftId: number | null;
  batchId: string | null;
  /** What is sent for this sale (stored with `createSaleIntent`), or null. */
  request: unknown;
  /** Failed after it was shown as accepted or unknown, and no cashier has acknowledged it yet. */
  needsAttention: boolean;
  acknowledgedAt: number | null;
  acknowledgedBy: number | null;
  createdAt: number;
  updatedAt: number;
};

/** One line of a sale's history. `raw` is the (redacted) Smartcall answer that caused it, if any. */
export type SaleEvent = {
  id: number;
  saleId: number;
  at: number;
  from: SaleState | null;
  to: SaleState;
  cause: string;
  raw: unknown;
};

/** Fields a state change may set at the same time. Omitted fields are left as they are. */
export type SalePatch = {
  orderReferenceId?: string;
  costCents?: number;
  /** Plain PIN: sealed with the cipher before it is written, never logged. */
  voucherPin?: string;
  voucherExtraPin?: string;
  voucherTicketNumber?: string;
  voucherBoxNumber?: string;
  voucherBatchNumber?: string;
  voucherExpiryAt?: number;
  /** Set (or with null, clear) the failure the screen shows. */
  error?: { code: string; message: string } | null;
  /** When the reconciler should next ask about this sale (null: not scheduled). */
  nextCheckAt?: number | null;
  checkAttempts?: number;
};

/** A state change, with the state the caller believes the sale is in (checked, so two writers cannot race). */
export type TransitionInput = {
  clientReference: string;
  from: SaleState;
  to: SaleState;
  /** Why, in a few words a support person can read: `smartcall:accepted`, `enquiry:delivered`, `timeout`… */
  cause: string;
  /** The Smartcall answer behind the change; stored redacted. */
  raw?: unknown;
  patch?: SalePatch;
  at?: number;
};

/** Filters for the history screen. Every one optional; newest first. */
export type ListSalesQuery = {
  /** A phone number (0… or 27…, or its first digits), meter number, order reference or clientReference prefix. */
  query?: string;
  states?: readonly SaleState[];
  kinds?: readonly SaleKind[];
  /** Created at or after, epoch ms. */
  from?: number;
  /** Created before, epoch ms. */
  to?: number;
  shiftId?: number;
  batchId?: string;
  /** Page size, 1..500 (50 by default). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
};

export type SalesPage = { sales: Sale[]; nextCursor?: string };

/** Count and money of a group of sales. */
export type SaleTotal = { count: number; amountCents: number; costCents: number };

/** One day's sales, for the dashboard and the cashup. */
export type DayTotals = {
  /** `YYYY-MM-DD` in the till's local time. */
  day: string;
  from: number;
  to: number;
  /** Smartcall confirmed them. */
  delivered: SaleTotal;
  /** Not final yet: journaled, submitted, being checked or queued. */
  pending: SaleTotal;
  failed: SaleTotal;
  cancelled: SaleTotal;
  /** Delivered sales by kind. */
  deliveredByKind: Partial<Record<SaleKind, SaleTotal>>;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cents = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const optionalText = z.string().trim().min(1).max(200).optional();

const intentSchema = z.object({
  clientReference: z.string().regex(uuid, 'clientReference must be a UUID'),
  kind: z.enum(saleKinds),
  productId: z.number().int().optional(),
  productName: optionalText,
  network: optionalText,
  recipientMsisdn: z.string().regex(/^\d{9,15}$/, 'recipientMsisdn must be digits').optional(),
  meterNumber: z.string().regex(/^\d{6,20}$/, 'meterNumber must be digits').optional(),
  amountCents: cents,
  cashierId: z.number().int().positive().optional(),
  shiftId: z.number().int().positive().optional(),
  batchId: optionalText,
  request: z.unknown().optional(),
  at: z.number().int().optional(),
});

type SaleRow = {
  id: number;
  client_reference: string;
  kind: SaleKind;
  product_id: number | null;
  product_name: string | null;
  network: string | null;
  recipient_msisdn: string | null;
  meter_number: string | null;
  amount_cents: number;
  cost_cents: number | null;
  state: SaleState;
  order_reference_id: string | null;
  voucher_pin_sealed: string | null;
  voucher_extra_pin_sealed: string | null;
  voucher_ticket_number: string | null;
  voucher_box_number: string | null;
  voucher_batch_number: string | null;
  voucher_expiry_at: number | null;
  error_code: string | null;
  error_message: string | null;
  check_attempts: number;
  next_check_at: number | null;
  cashier_id: number | null;
  shift_id: number | null;
  batch_id: string | null;
  request_json: string | null;
  needs_attention: number;
  acknowledged_at: number | null;
  acknowledged_by: number | null;
  created_at: number;
  updated_at: number;
};

type EventRow = { id: number; sale_id: number; at: number; from_state: SaleState | null; to_state: SaleState; cause: string; raw_json: string | null };

function toSale(row: SaleRow): Sale {
  const hasVoucher =
    row.voucher_pin_sealed !== null ||
    row.voucher_extra_pin_sealed !== null ||
    row.voucher_ticket_number !== null ||
    row.voucher_box_number !== null ||
    row.voucher_batch_number !== null ||
    row.voucher_expiry_at !== null;
  return {
    id: row.id,
    clientReference: row.client_reference,
    kind: row.kind,
    productId: row.product_id,
    productName: row.product_name,
    network: row.network,
    recipientMsisdn: row.recipient_msisdn,
    meterNumber: row.meter_number,
    amountCents: row.amount_cents,
    costCents: row.cost_cents,
    state: row.state,
    orderReferenceId: row.order_reference_id,
    voucher: hasVoucher
      ? {
          hasPin: row.voucher_pin_sealed !== null,
          hasExtraPin: row.voucher_extra_pin_sealed !== null,
          ticketNumber: row.voucher_ticket_number,
          boxNumber: row.voucher_box_number,
          batchNumber: row.voucher_batch_number,
          expiryAt: row.voucher_expiry_at,
        }
      : null,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    checkAttempts: row.check_attempts,
    nextCheckAt: row.next_check_at,
    cashierId: row.cashier_id,
    shiftId: row.shift_id,
    batchId: row.batch_id,
    request: row.request_json === null ? null : (JSON.parse(row.request_json) as unknown),
    needsAttention: row.needs_attention === 1,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEvent(row: EventRow): SaleEvent {
  return {
    id: row.id,
    saleId: row.sale_id,
    at: row.at,
    from: row.from_state,
    to: row.to_state,
    cause: row.cause,
    raw: row.raw_json === null ? null : (JSON.parse(row.raw_json) as unknown),
  };
}

/** Start of a local calendar day as epoch ms. South Africa has no daylight saving, hence a fixed offset. */
export function dayRange(day: string, utcOffsetMinutes: number): { from: number; to: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new StoreError('STORE_INVALID_INPUT', `"${day}" is not a day: use YYYY-MM-DD.`);
  const from = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) - utcOffsetMinutes * 60_000;
  return { from, to: from + 86_400_000 };
}

function encodeCursor(createdAt: number, id: number): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => Number.isSafeInteger(v))) {
      return [value[0] as number, value[1] as number];
    }
  } catch {
    // fall through to the typed error
  }
  throw new StoreError('STORE_INVALID_INPUT', 'That page link is no longer valid: search again.');
}

// Text range [lo, hi) of every string starting with `prefix`: lets SQLite walk an index for a prefix.
function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix + '\uffff'];
}

/** The sales journal: every query the till makes about sales, as named functions. */
export type SalesRepository = {
  /** Journal a new sale in state `intent`, durably, BEFORE anything is sent. Throws STORE_WRITE_FAILED if the disk refuses. */
  createSaleIntent(input: SaleIntentInput): Sale;
  /** Journal a sale in state `queued` (offline store-and-forward). */
  createQueuedSale(input: SaleIntentInput): Sale;
  /** Change a sale's state, writing its event in the same transaction. Refuses illegal or stale changes. */
  transitionSale(input: TransitionInput): Sale;
  /** Reconciler bookkeeping without a state change (still pending: ask again later). */
  scheduleCheck(clientReference: string, nextCheckAt: number | null, checkAttempts: number): void;
  /** One sale by its clientReference. */
  getSale(clientReference: string): Sale | undefined;
  /** A sale's history, oldest first. */
  saleEvents(clientReference: string): SaleEvent[];
  /** The sealed voucher PINs of a sale, opened. For printing only: never log the result. */
  revealVoucherPins(clientReference: string): { pin: string | null; extraPin: string | null };
  /** Search the history, newest first, paged. */
  listSales(query?: ListSalesQuery): SalesPage;
  /** Sales the reconciler must resolve (intent, submitted, unknown), those due first. */
  pendingSales(options?: { dueBy?: number; limit?: number }): Sale[];
  /** Queued (offline) sales in the order they must be forwarded. */
  queuedSales(limit?: number): Sale[];
  /** How many sales are not final, and how many need a person, for the status bar. */
  pendingCount(): { unresolved: number; queued: number; needsAttention: number };
  /** The cashier has seen the failure notice (and refunded the customer): logged as an event, state unchanged. */
  acknowledgeSale(clientReference: string, by?: { cashierId?: number; at?: number }): Sale;
  /**
   * A reprint of a voucher: returns the PINs and records, in the sale's history, that a COPY was
   * printed and by whom (the receipt must say "copy").
   */
  recordReprint(clientReference: string, by?: { cashierId?: number; at?: number; copy?: boolean }): { pin: string | null; extraPin: string | null };
  /** Failed sales whose notice is still up, newest first. */
  attentionSales(limit?: number): Sale[];
  /** The queue's total value and oldest entry, to enforce the dealer's limits. */
  queuedTotals(): { count: number; amountCents: number; oldestAt: number | null };
  /** A day's totals (local day, UTC+2 by default). */
  dayTotals(day: string, utcOffsetMinutes?: number): DayTotals;
};

export type SalesRepositoryDeps = {
  cipher: PinCipher;
  now: () => number;
};

const saleColumns = `id, client_reference, kind, product_id, product_name, network, recipient_msisdn, meter_number,
  amount_cents, cost_cents, state, order_reference_id, voucher_pin_sealed, voucher_extra_pin_sealed,
  voucher_ticket_number, voucher_box_number, voucher_batch_number, voucher_expiry_at, error_code, error_message,
  check_attempts, next_check_at, cashier_id, shift_id, batch_id, request_json, needs_attention, acknowledged_at, acknowledged_by, created_at, updated_at`;

/** The sales repository over an open journal. */
export function createSalesRepository(db: Database, deps: SalesRepositoryDeps): SalesRepository {
  const insertSale = db.prepare(`INSERT INTO sales (client_reference, kind, product_id, product_name, network,
      recipient_msisdn, meter_number, amount_cents, state, cashier_id, shift_id, batch_id, request_json, created_at, updated_at)
    VALUES (@clientReference, @kind, @productId, @productName, @network, @recipientMsisdn, @meterNumber,
      @amountCents, @state, @cashierId, @shiftId, @batchId, @request, @at, @at)`);
  const insertEvent = db.prepare(
    'INSERT INTO sale_events (sale_id, at, from_state, to_state, cause, raw_json) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectByRef = db.prepare<[string], SaleRow>(`SELECT ${saleColumns} FROM sales WHERE client_reference = ?`);
  const selectById = db.prepare<[number], SaleRow>(`SELECT ${saleColumns} FROM sales WHERE id = ?`);
  // Optimistic: the WHERE on the old state makes a racing writer's change a no-op we can detect.
  const updateState = db.prepare(`UPDATE sales SET
      state = @to,
      updated_at = @at,
      order_reference_id = coalesce(@orderReferenceId, order_reference_id),
      cost_cents = coalesce(@costCents, cost_cents),
      voucher_pin_sealed = coalesce(@voucherPinSealed, voucher_pin_sealed),
      voucher_extra_pin_sealed = coalesce(@voucherExtraPinSealed, voucher_extra_pin_sealed),
      voucher_ticket_number = coalesce(@voucherTicketNumber, voucher_ticket_number),
      voucher_box_number = coalesce(@voucherBoxNumber, voucher_box_number),
      voucher_batch_number = coalesce(@voucherBatchNumber, voucher_batch_number),
      voucher_expiry_at = coalesce(@voucherExpiryAt, voucher_expiry_at),
      error_code = CASE WHEN @setError THEN @errorCode ELSE error_code END,
      error_message = CASE WHEN @setError THEN @errorMessage ELSE error_message END,
      next_check_at = CASE WHEN @setNextCheck THEN @nextCheckAt ELSE next_check_at END,
      check_attempts = coalesce(@checkAttempts, check_attempts),
      -- Failed after the screen showed it accepted or unknown: keep a notice up until acknowledged.
      needs_attention = CASE WHEN @to = 'failed' AND EXISTS (SELECT 1 FROM sale_events
          WHERE sale_id = @id AND to_state IN ('submitted', 'unknown')) THEN 1 ELSE needs_attention END
    WHERE id = @id AND state = @from`);
  const updateAck = db.prepare(
    'UPDATE sales SET needs_attention = 0, acknowledged_at = ?, acknowledged_by = ?, updated_at = ? WHERE id = ? AND needs_attention = 1',
  );
  const selectAttention = db.prepare<[number], SaleRow>(
    `SELECT ${saleColumns} FROM sales WHERE needs_attention = 1 ORDER BY updated_at DESC, id DESC LIMIT ?`,
  );
  const updateCheck = db.prepare(
    'UPDATE sales SET next_check_at = ?, check_attempts = ?, updated_at = ? WHERE client_reference = ?',
  );
  const selectEvents = db.prepare<[string], EventRow>(`SELECT e.id, e.sale_id, e.at, e.from_state, e.to_state, e.cause, e.raw_json
    FROM sale_events e JOIN sales s ON s.id = e.sale_id WHERE s.client_reference = ? ORDER BY e.id`);
  const selectPending = db.prepare<[number, number], SaleRow>(`SELECT ${saleColumns} FROM sales
    WHERE state IN (${unresolvedStates.map((s) => `'${s}'`).join(', ')}) AND coalesce(next_check_at, 0) <= ?
    ORDER BY coalesce(next_check_at, 0), id LIMIT ?`);
  const selectQueued = db.prepare<[number], SaleRow>(
    `SELECT ${saleColumns} FROM sales WHERE state = 'queued' ORDER BY created_at, id LIMIT ?`,
  );
  const countPending = db.prepare<[], { unresolved: number; queued: number; needsAttention: number }>(`SELECT
      (SELECT count(*) FROM sales WHERE state IN (${unresolvedStates.map((s) => `'${s}'`).join(', ')})) AS unresolved,
      (SELECT count(*) FROM sales WHERE state = 'queued') AS queued,
      (SELECT count(*) FROM sales WHERE needs_attention = 1) AS needsAttention`);
  const queuedSum = db.prepare<[], { count: number; amountCents: number | null; oldestAt: number | null }>(
    `SELECT count(*) AS count, sum(amount_cents) AS amountCents, min(created_at) AS oldestAt FROM sales WHERE state = 'queued'`,
  );
  const dayGroups = db.prepare<[number, number], { state: SaleState; kind: SaleKind; count: number; amountCents: number; costCents: number | null }>(
    `SELECT state, kind, count(*) AS count, sum(amount_cents) AS amountCents, sum(cost_cents) AS costCents
     FROM sales WHERE created_at >= ? AND created_at < ? GROUP BY state, kind`,
  );
  // listSales: one prepared statement per combination of filters used (few in practice), so each
  // shape gets a plan that uses its index instead of one plan full of `? IS NULL OR …`.
  const listCache = new Map<string, Statement<Record<string, unknown>, SaleRow>>();

  const create = (input: SaleIntentInput, state: SaleState): Sale => {
    if (!initialStates.includes(state)) throw new StoreError('STORE_ILLEGAL_TRANSITION', `A sale cannot start as ${state}.`);
    const parsed = intentSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StoreError('STORE_INVALID_INPUT', `The sale was not saved: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid input'}.`);
    }
    const v = parsed.data;
    const at = v.at ?? deps.now();
    try {
      return db
        .transaction(() => {
          const { lastInsertRowid } = insertSale.run({
            clientReference: v.clientReference.toLowerCase(),
            kind: v.kind,
            productId: v.productId ?? null,
            productName: v.productName ?? null,
            network: v.network ?? null,
            recipientMsisdn: v.recipientMsisdn ?? null,
            meterNumber: v.meterNumber ?? null,
            amountCents: v.amountCents,
            state,
            cashierId: v.cashierId ?? null,
            shiftId: v.shiftId ?? null,
            batchId: v.batchId ?? null,
            request: rawToJson(v.request),
            at,
          });
          const id = Number(lastInsertRowid);
          insertEvent.run(id, at, null, state, state === 'queued' ? 'queued:offline' : 'journaled', null);
          return toSale(selectById.get(id)!);
        })
        .immediate();
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('client_reference')) {
        throw new StoreError('STORE_DUPLICATE_REFERENCE', `A sale with reference ${v.clientReference} is already journaled: a new sale needs a new reference.`, { cause: error });
      }
      throw toWriteError(error, 'the sale before sending it', true);
    }
  };

  const listStatement = (key: string, where: string[]) => {
    let statement = listCache.get(key);
    if (!statement) {
      statement = db.prepare<Record<string, unknown>, SaleRow>(
        `SELECT ${saleColumns} FROM sales ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT @limit`,
      );
      listCache.set(key, statement);
    }
    return statement;
  };

  const total = (): SaleTotal => ({ count: 0, amountCents: 0, costCents: 0 });
  const add = (into: SaleTotal, row: { count: number; amountCents: number; costCents: number | null }) => {
    into.count += row.count;
    into.amountCents += row.amountCents;
    into.costCents += row.costCents ?? 0;
  };

  return {
    createSaleIntent: (input) => create(input, 'intent'),
    createQueuedSale: (input) => create(input, 'queued'),

    transitionSale(input) {
      if (!canTransition(input.from, input.to)) {
        throw new StoreError('STORE_ILLEGAL_TRANSITION', `A sale cannot go from ${input.from} to ${input.to} (reference ${input.clientReference}).`);
      }
      const at = input.at ?? deps.now();
      const p = input.patch ?? {};
      // Seal before the transaction: encryption is CPU work that need not hold the write lock.
      const voucherPinSealed = p.voucherPin === undefined ? null : deps.cipher.seal(p.voucherPin);
      const voucherExtraPinSealed = p.voucherExtraPin === undefined ? null : deps.cipher.seal(p.voucherExtraPin);
      const raw = rawToJson(input.raw);
      try {
        return db
          .transaction(() => {
            const row = selectByRef.get(input.clientReference.toLowerCase());
            if (!row) throw new StoreError('STORE_NOT_FOUND', `No sale with reference ${input.clientReference} is journaled.`);
            if (row.state !== input.from) {
              throw new StoreError('STORE_STALE_STATE', `Sale ${input.clientReference} is ${row.state}, not ${input.from}: it was changed meanwhile.`);
            }
            // The event first: the database's own trigger refuses a state change whose event is missing.
            insertEvent.run(row.id, at, input.from, input.to, input.cause, raw);
            updateState.run({
              id: row.id,
              from: input.from,
              to: input.to,
              at,
              orderReferenceId: p.orderReferenceId ?? null,
              costCents: p.costCents ?? null,
              voucherPinSealed,
              voucherExtraPinSealed,
              voucherTicketNumber: p.voucherTicketNumber ?? null,
              voucherBoxNumber: p.voucherBoxNumber ?? null,
              voucherBatchNumber: p.voucherBatchNumber ?? null,
              voucherExpiryAt: p.voucherExpiryAt ?? null,
              setError: p.error === undefined ? 0 : 1,
              errorCode: p.error?.code ?? null,
              errorMessage: p.error?.message ?? null,
              setNextCheck: p.nextCheckAt === undefined ? 0 : 1,
              nextCheckAt: p.nextCheckAt ?? null,
              checkAttempts: p.checkAttempts ?? null,
            });
            return toSale(selectById.get(row.id)!);
          })
          .immediate();
      } catch (error) {
        throw toWriteError(error, `the new state of sale ${input.clientReference}`);
      }
    },

    scheduleCheck(clientReference, nextCheckAt, checkAttempts) {
      try {
        const { changes } = updateCheck.run(nextCheckAt, checkAttempts, deps.now(), clientReference.toLowerCase());
        if (changes === 0) throw new StoreError('STORE_NOT_FOUND', `No sale with reference ${clientReference} is journaled.`);
      } catch (error) {
        throw toWriteError(error, `the next check of sale ${clientReference}`);
      }
    },

    getSale(clientReference) {
      const row = selectByRef.get(clientReference.toLowerCase());
      return row ? toSale(row) : undefined;
    },

    saleEvents(clientReference) {
      return selectEvents.all(clientReference.toLowerCase()).map(toEvent);
    },

    revealVoucherPins(clientReference) {
      const row = selectByRef.get(clientReference.toLowerCase());
      if (!row) throw new StoreError('STORE_NOT_FOUND', `No sale with reference ${clientReference} is journaled.`);
      return {
        pin: row.voucher_pin_sealed === null ? null : deps.cipher.open(row.voucher_pin_sealed),
        extraPin: row.voucher_extra_pin_sealed === null ? null : deps.cipher.open(row.voucher_extra_pin_sealed),
      };
    },

    listSales(query = {}) {
      const limit = Math.min(500, Math.max(1, Math.trunc(query.limit ?? 50)));
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: limit + 1 };
      const keyParts: string[] = [];
      const text = query.query?.trim().toLowerCase() ?? '';
      if (text) {
        const ors: string[] = [];
        if (/^\+?\d+$/.test(text)) {
          const digits = text.replace(/^\+/, '');
          // A cashier types 082…, the journal keeps 2782…: search both spellings of a local number.
          const msisdn = digits.startsWith('0') ? '27' + digits.slice(1) : digits;
          [params.msLo, params.msHi] = prefixRange(msisdn);
          [params.meterLo, params.meterHi] = prefixRange(digits);
          params.orderRef = digits;
          ors.push('(recipient_msisdn >= @msLo AND recipient_msisdn < @msHi)');
          ors.push('(meter_number >= @meterLo AND meter_number < @meterHi)');
          ors.push('order_reference_id = @orderRef');
          keyParts.push('digits');
        }
        if (/^[0-9a-f-]+$/.test(text)) {
          [params.refLo, params.refHi] = prefixRange(text);
          ors.push('(client_reference >= @refLo AND client_reference < @refHi)');
          keyParts.push('ref');
        }
        // Text that is neither a number nor a reference matches nothing rather than scanning everything.
        where.push(ors.length ? `(${ors.join(' OR ')})` : '0');
      }
      if (query.states?.length) {
        const states = query.states.filter((s) => (saleStates as readonly string[]).includes(s));
        // The state index only helps for the few sales that are not final; for delivered/failed (most of
        // the journal) or within a date range, `+state` keeps SQLite on the date index and LIMIT stops early.
        const selective = !text && query.from === undefined && query.to === undefined && states.every((s) => !finalStates.includes(s));
        where.push(`${selective ? 'state' : '+state'} IN (${states.map((s) => `'${s}'`).join(', ') || 'NULL'})`);
        keyParts.push(`s:${states.join(',')}`);
      }
      if (query.kinds?.length) {
        const kinds = query.kinds.filter((k) => (saleKinds as readonly string[]).includes(k));
        where.push(`kind IN (${kinds.map((k) => `'${k}'`).join(', ') || 'NULL'})`);
        keyParts.push(`k:${kinds.join(',')}`);
      }
      if (query.from !== undefined) {
        where.push('created_at >= @from');
        params.from = query.from;
        keyParts.push('from');
      }
      if (query.to !== undefined) {
        where.push('created_at < @to');
        params.to = query.to;
        keyParts.push('to');
      }
      if (query.shiftId !== undefined) {
        where.push('shift_id = @shiftId');
        params.shiftId = query.shiftId;
        keyParts.push('shift');
      }
      if (query.batchId !== undefined) {
        where.push('batch_id = @batchId');
        params.batchId = query.batchId;
        keyParts.push('batch');
      }
      if (query.cursor !== undefined) {
        [params.cAt, params.cId] = decodeCursor(query.cursor);
        where.push('(created_at, id) < (@cAt, @cId)');
        keyParts.push('cursor');
      }
      const rows = listStatement(keyParts.join('|'), where).all(params);
      const page = rows.slice(0, limit).map(toSale);
      const last = page.at(-1);
      return rows.length > limit && last ? { sales: page, nextCursor: encodeCursor(last.createdAt, last.id) } : { sales: page };
    },

    acknowledgeSale(clientReference, by = {}) {
      const at = by.at ?? deps.now();
      try {
        return db
          .transaction(() => {
            const row = selectByRef.get(clientReference.toLowerCase());
            if (!row) throw new StoreError('STORE_NOT_FOUND', `No sale with reference ${clientReference} is journaled.`);
            if (row.needs_attention !== 1) return toSale(row); // already acknowledged, or never needed it
            // An event with the same old and new state: the history shows who saw the notice and when.
            insertEvent.run(row.id, at, row.state, row.state, `acknowledged${by.cashierId ? `:cashier ${by.cashierId}` : ''}`, null);
            updateAck.run(at, by.cashierId ?? null, at, row.id);
            return toSale(selectById.get(row.id)!);
          })
          .immediate();
      } catch (error) {
        throw toWriteError(error, `the acknowledgement of sale ${clientReference}`);
      }
    },

    recordReprint(clientReference, by = {}) {
      const row = selectByRef.get(clientReference.toLowerCase());
      if (!row) throw new StoreError('STORE_NOT_FOUND', `No sale with reference ${clientReference} is journaled.`);
      if (row.voucher_pin_sealed === null) throw new StoreError('STORE_CONFLICT', 'This sale has no voucher PIN to reprint.');
      try {
        // The first showing of a PIN ('pin:shown') and every later one ('reprint:copy') are both recorded:
        // a PIN is cash, and support must be able to tell who saw it when.
        const what = by.copy === false ? 'pin:shown' : 'reprint:copy';
        insertEvent.run(row.id, by.at ?? deps.now(), row.state, row.state, `${what}${by.cashierId ? ` by cashier ${by.cashierId}` : ''}`, null);
      } catch (error) {
        throw toWriteError(error, `the reprint of sale ${clientReference}`);
      }
      return {
        pin: deps.cipher.open(row.voucher_pin_sealed),
        extraPin: row.voucher_extra_pin_sealed === null ? null : deps.cipher.open(row.voucher_extra_pin_sealed),
      };
    },

    attentionSales(limit = 100) {
      return selectAttention.all(limit).map(toSale);
    },

    pendingSales(options = {}) {
      return selectPending.all(options.dueBy ?? Number.MAX_SAFE_INTEGER, options.limit ?? 100).map(toSale);
    },

    queuedSales(limit = 100) {
      return selectQueued.all(limit).map(toSale);
    },

    pendingCount() {
      return countPending.get()!;
    },

    queuedTotals() {
      const row = queuedSum.get()!;
      return { count: row.count, amountCents: row.amountCents ?? 0, oldestAt: row.oldestAt };
    },

    dayTotals(day, utcOffsetMinutes = 120) {
      const { from, to } = dayRange(day, utcOffsetMinutes);
      const totals: DayTotals = {
        day,
        from,
        to,
        delivered: total(),
        pending: total(),
        failed: total(),
        cancelled: total(),
        deliveredByKind: {},
      };
      for (const row of dayGroups.all(from, to)) {
        if (row.state === 'delivered') {
          add(totals.delivered, row);
          add((totals.deliveredByKind[row.kind] ??= total()), row);
        } else if (row.state === 'failed') add(totals.failed, row);
        else if (row.state === 'cancelled') add(totals.cancelled, row);
        else add(totals.pending, row);
      }
      return totals;
    },
  };
}
