/**
 * The Smartcall V3 client: one method per operation, each returning parsed cents-based values or
 * throwing a {@link SmartcallError}. Main process only (Node fetch via ky): the renderer never sees
 * a token, and Smartcall's CORS does not allow `Authorization` from a browser anyway.
 *
 * Money safety rules kept here:
 *  - no automatic retry of anything (ky `retry: 0`); the ONE retry is after a 401 token failure,
 *    and only for requests that are safe to repeat (reads), never for a POST that moves money;
 *  - a transport failure of a request that is not safe to repeat is flagged `outcomeUnknown` when
 *    the request may have reached Smartcall (timeout, reset, 5xx, unreadable 200) and not when it
 *    certainly did not (refused connection, DNS, TLS, a 401 before processing);
 *  - one token for the whole app, single-flight login, renewed before the 24 h / 4 h limits.
 */
import ky from 'ky';
import { z } from 'zod';
import { centsToRands, randsToCents } from '../../shared/money';
import { createCaFetch } from './ca-fetch';
import type { HttpCacheStore } from './ports';
import {
  SmartcallError,
  SmartcallErrorCode,
  apiError,
  authError,
  badRequest,
  redact,
} from './errors';
import {
  authEnvelopeSchema,
  authResponseSchema,
  availableTokensResponseSchema,
  balanceResponseSchema,
  batchRechargeRequestSchema,
  batchRechargeResponseSchema,
  cashupRequestSchema,
  cashupResponseSchema,
  codeMessageSchema,
  fundsTransferRequestSchema,
  fundsTransferResponseSchema,
  healthResponseSchema,
  invalidateResponseSchema,
  isSuccessCode,
  networkResponseSchema,
  networksResponseSchema,
  orderFileResponseSchema,
  orderVouchersRequestSchema,
  orderVouchersResponseSchema,
  pingResponseSchema,
  prevendResponseSchema,
  productsResponseSchema,
  rechargeRequestSchema,
  rechargeResponseSchema,
  registeredResponseSchema,
  ricaRegistrationRequestSchema,
  ricaResponseSchema,
  ricaStatusResponseSchema,
  simNetworkResponseSchema,
  syncRechargeResponseSchema,
  toAuthToken,
  toCashup,
  toHealth,
  toNetwork,
  toProduct,
  toRechargeResult,
  toTransaction,
  transactionResponseSchema,
  wireDateSchema,
  wireMsisdnSchema,
  type BatchItemResult,
  type BatchRechargeResult,
  type Cashup,
  type FundsTransferResult,
  type HealthReport,
  type Network,
  type PrevendResult,
  type Product,
  type RechargeRequest,
  type RechargeResult,
  type RicaRegistrationRequest,
  type RicaResult,
  type RicaStatus,
  type SimNetwork,
  type SyncRechargeResult,
  type Transaction,
  type VoucherOrder,
  type VoucherOrderFile,
} from './wire';

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/** Where the till talks to: the training simulator, Smartcall QA or LIVE. */
export type SmartcallEnvironment = 'training' | 'qa' | 'live';

/** Base URLs of the real environments (SEED). Training has no fixed URL: it is given at runtime. */
export const SMARTCALL_BASE_URLS: Readonly<Record<'qa' | 'live', string>> = {
  qa: 'https://www.smartcallesb.co.za:8101/webservice',
  live: 'https://www.smartcallesb.co.za:8100/webservice',
};

/** Every operation, by name (used for paths, timeouts, logs and errors). */
export type SmartcallOperation =
  | 'ping'
  | 'login'
  | 'logout'
  | 'tokenQuery'
  | 'tokenFlush'
  | 'balance'
  | 'product'
  | 'network'
  | 'networks'
  | 'registered'
  | 'recharge'
  | 'rechargeSync'
  | 'batchRecharge'
  | 'prevend'
  | 'fundsTransfer'
  | 'orderVouchers'
  | 'fetchOrderFile'
  | 'recreateOrderFile'
  | 'transaction'
  | 'cancelRecharge'
  | 'cashupToday'
  | 'cashupPeriod'
  | 'ricaRegister'
  | 'ricaChangeOwner'
  | 'ricaStatus'
  | 'simNetwork'
  | 'networkStatus';

/**
 * Path templates below the base URL (`{name}` is replaced by the URL-encoded argument). The
 * PROPOSED ones (sync, batch, orders, RICA status) are guesses until the swagger is reachable:
 * override them through {@link SmartcallClientOptions.paths}.
 */
export const DEFAULT_SMARTCALL_PATHS: Readonly<Record<SmartcallOperation, string>> = {
  ping: '/test/ping',
  login: '/auth',
  logout: '/auth',
  tokenQuery: '/auth/token',
  tokenFlush: '/auth/token',
  balance: '/smartload/balance/{smartloadId}',
  product: '/smartload/products/{productId}',
  network: '/smartload/networks/{networkId}',
  networks: '/smartload/networks',
  registered: '/smartload/registered/{msisdn}',
  recharge: '/smartload/recharges',
  rechargeSync: '/smartload/recharges/sync',
  batchRecharge: '/smartload/recharges/batch',
  prevend: '/smartload/prevend',
  fundsTransfer: '/smartload/fundstransfer',
  orderVouchers: '/smartload/orders',
  fetchOrderFile: '/smartload/orders/{smartloadId}/{clientReference}/{orderReferenceId}',
  recreateOrderFile: '/smartload/orders/{smartloadId}/{clientReference}',
  transaction: '/smartload/recharges/{smartloadId}/{clientReference}',
  cancelRecharge: '/smartload/recharges/{smartloadId}/{clientReference}',
  cashupToday: '/smartload/cashup/{smartloadId}',
  cashupPeriod: '/smartload/cashup',
  ricaRegister: '/smartrica/registrations',
  ricaChangeOwner: '/smartrica/changeownership',
  ricaStatus: '/smartrica/registrations/{ricaReference}',
  simNetwork: '/utilities/simnetwork/{msisdn}',
  networkStatus: '/utilities/health',
};

/** Per-operation timeouts (ms). Money-moving calls get longer: a timeout there means "outcome unknown". */
export const DEFAULT_SMARTCALL_TIMEOUTS: Readonly<Record<SmartcallOperation, number>> = {
  ping: 5_000,
  login: 15_000,
  logout: 10_000,
  tokenQuery: 10_000,
  tokenFlush: 10_000,
  balance: 15_000,
  product: 20_000,
  network: 30_000,
  networks: 60_000,
  registered: 15_000,
  recharge: 45_000,
  rechargeSync: 90_000,
  batchRecharge: 120_000,
  prevend: 45_000,
  fundsTransfer: 45_000,
  orderVouchers: 60_000,
  fetchOrderFile: 60_000,
  recreateOrderFile: 60_000,
  transaction: 20_000,
  cancelRecharge: 30_000,
  cashupToday: 30_000,
  cashupPeriod: 60_000,
  ricaRegister: 60_000,
  ricaChangeOwner: 60_000,
  ricaStatus: 20_000,
  simNetwork: 15_000,
  networkStatus: 15_000,
};

/**
 * Operations that may be repeated without changing anything (reads). Only these are retried after
 * a re-login on a 401 token failure, and only their transport failures are never "outcome unknown".
 */
export const SAFE_OPERATIONS: ReadonlySet<SmartcallOperation> = new Set<SmartcallOperation>([
  'ping',
  'tokenQuery',
  'balance',
  'product',
  'network',
  'networks',
  'registered',
  'transaction',
  'cashupToday',
  'cashupPeriod',
  'ricaStatus',
  'simNetwork',
  'networkStatus',
  'fetchOrderFile',
]);

/** Smartcall login credentials (secrets: never logged). */
export type SmartcallCredentials = { username: string; password: string };

/** One line of the client's log. Already redacted: no token, password or PIN. */
export type SmartcallLogEntry = {
  operation: SmartcallOperation;
  method: string;
  path: string;
  status: number | null;
  ms: number;
  error?: string;
};

/** Where the client logs (optional). */
export interface SmartcallLogger {
  /** One finished HTTP exchange (redacted). */
  request(entry: SmartcallLogEntry): void;
}

/** Options of {@link createSmartcallClient}. */
export type SmartcallClientOptions = {
  /** `qa` / `live` pick the real URLs; `training` needs `baseUrl` (the simulator's). */
  environment: SmartcallEnvironment;
  /** Overrides the environment's URL, e.g. `http://127.0.0.1:8101/webservice`. */
  baseUrl?: string;
  /** The Smartcall web-service user; a function so settings can change without a new client. */
  credentials: SmartcallCredentials | (() => SmartcallCredentials | undefined);
  /** Path overrides (PROPOSED paths). */
  paths?: Partial<Record<SmartcallOperation, string>>;
  /** Timeout overrides (ms). */
  timeouts?: Partial<Record<SmartcallOperation, number>>;
  /** ETag cache for the catalogue and products (the store gives it SQLite; default in memory). */
  cache?: HttpCacheStore;
  /** Epoch ms; inject to drive token expiry in tests. */
  now?: () => number;
  /** Renew this long before the token's `expiresAt` (default 10 min). */
  renewBeforeExpiryMs?: number;
  /** Smartcall drops a token unused for 4 h; renew after this much idle time (default 3 h 50 min). */
  idleRenewMs?: number;
  /**
   * Extra CA certificates (PEM) to trust besides Node's roots (Smartcall's FAQ mentions one). TLS
   * verification stays on. Uses {@link createCaFetch} (node:https) unless `fetch` is given.
   */
  extraCaCertificates?: string | string[];
  /**
   * An undici dispatcher passed to fetch (ky forwards `dispatcher`), for callers that own an undici
   * `Agent`. Without it Node's default trust store (and `NODE_EXTRA_CA_CERTS`) applies.
   */
  dispatcher?: unknown;
  /** A fetch implementation (tests, or a custom transport). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Where to log exchanges (redacted). */
  logger?: SmartcallLogger;
};

// ---------------------------------------------------------------------------------------------
// Inputs (cents-based; the client converts to rands at the edge)
// ---------------------------------------------------------------------------------------------

/** A recharge, prevend or sync recharge, in cents. */
export type RechargeInput = {
  smartloadId: string;
  clientReference: string;
  productId: number;
  /** The number recharged (or, for electricity, the SMS recipient when `meterNumber` is given). */
  recipientMsisdn: string;
  /** Electricity: the meter number, sent as `deviceId`. */
  meterNumber?: string;
  /** Who gets the SMS (default the recipient). */
  smsRecipientMsisdn?: string;
  amountCents: number;
  /** True = direct top-up; false = PINned voucher (should be `!product.pinIndicator`). */
  pinless: boolean;
  sendSms: boolean;
};

/** A funds transfer between dealer wallets; Smartcall takes whole rands only. */
export type FundsTransferInput = { sourceSmartloadId: string; recipientSmartloadId: string; amountCents: number; sendSms: boolean };

/** A batch voucher order. */
export type OrderVouchersInput = { smartloadId: string; clientReference: string; productId: number; quantity: number };

/** Token information without the token itself (safe to show and log). */
export type TokenInfo = { expiresAt: number; scope: string[]; obtainedAt: number };

/** The max number of recharges in one batch (SEED). */
export const MAX_BATCH_RECHARGES = 100;

// ---------------------------------------------------------------------------------------------
// In-memory cache (tests, CLI)
// ---------------------------------------------------------------------------------------------

/** An {@link HttpCacheStore} in memory (tests and the CLI; the till uses the SQLite one). */
export function createMemoryHttpCache(): HttpCacheStore & { size(): number } {
  const map = new Map<string, { etag: string; body: string; storedAt: number }>();
  return {
    get: (key) => map.get(key),
    put: (key, entry) => void map.set(key, { ...entry }),
    size: () => map.size,
  };
}

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

type Auth = 'none' | 'basic' | 'bearer';

type Exchange = { status: number; headers: Headers; bytes: Uint8Array; text: string };

type Held = {
  accessToken: string;
  /** Smartcall's `expiresAt` (its clock), shown to people. */
  expiresAt: number;
  /** When the token expires on OUR clock: freshness is judged on it (see doLogin). */
  localExpiresAt: number;
  scope: string[];
  obtainedAt: number;
  lastUsedAt: number;
};

/** Smartcall tokens live 24 h (SEED; observed JWT exp − iat = 86400 s). */
const TOKEN_LIFETIME_MS = 24 * 3_600_000;

/** The client's API: one method per Smartcall operation. */
export type SmartcallClient = ReturnType<typeof createSmartcallClient>;

const TRANSPORT_MESSAGES: Record<string, string> = {
  [SmartcallErrorCode.Timeout]: 'Smartcall did not answer in time.',
  [SmartcallErrorCode.ConnectionRefused]: 'Smartcall refused the connection. Check the internet connection and the Smartcall address in settings.',
  [SmartcallErrorCode.ConnectionReset]: 'The connection to Smartcall broke before an answer arrived.',
  [SmartcallErrorCode.Dns]: 'The Smartcall server name could not be found. Check the internet connection.',
  [SmartcallErrorCode.Tls]: "The Smartcall server's certificate could not be verified. Check the date and time of this PC, or the extra CA certificate in settings.",
  [SmartcallErrorCode.Network]: 'Smartcall could not be reached. Check the internet connection.',
};

/** Codes that are raised before any byte of the request leaves: the outcome is known (nothing happened). */
const BEFORE_SEND = new Set<string>([SmartcallErrorCode.ConnectionRefused, SmartcallErrorCode.Dns, SmartcallErrorCode.Tls]);

/** Classifies a fetch/ky failure by the Node error codes in its cause chain. */
function transportCode(err: unknown): { code: string; cause: string } {
  if (err instanceof Error && err.name === 'TimeoutError') return { code: SmartcallErrorCode.Timeout, cause: 'timeout' };
  const codes: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e instanceof Error; depth++) {
    const c = (e as Error & { code?: unknown }).code;
    if (typeof c === 'string') codes.push(c);
    if (e instanceof AggregateError) for (const inner of e.errors) if (inner instanceof Error && typeof (inner as Error & { code?: unknown }).code === 'string') codes.push(String((inner as Error & { code?: unknown }).code));
    e = e.cause;
  }
  const has = (...xs: string[]) => codes.find((c) => xs.includes(c));
  const found = codes.join(',') || (err instanceof Error ? err.message : String(err));
  if (has('ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL')) return { code: SmartcallErrorCode.ConnectionRefused, cause: found };
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME')) return { code: SmartcallErrorCode.Dns, cause: found };
  if (codes.some((c) => c.startsWith('ERR_TLS') || c.startsWith('ERR_SSL') || c.includes('CERT') || c.startsWith('UNABLE_TO_') || c.includes('SSL')))
    return { code: SmartcallErrorCode.Tls, cause: found };
  if (has('UND_ERR_CONNECT_TIMEOUT')) return { code: SmartcallErrorCode.ConnectionRefused, cause: found };
  if (has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT')) return { code: SmartcallErrorCode.Timeout, cause: found };
  if (has('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED')) return { code: SmartcallErrorCode.ConnectionReset, cause: found };
  return { code: SmartcallErrorCode.Network, cause: found };
}

function fillPath(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`Smartcall path ${template} needs {${name}}`);
    return encodeURIComponent(String(v));
  });
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
}

/** Builds the Smartcall client. Nothing is sent until a method is called. */
export function createSmartcallClient(options: SmartcallClientOptions) {
  const baseUrl = (options.baseUrl ?? (options.environment === 'training' ? undefined : SMARTCALL_BASE_URLS[options.environment]))?.replace(/\/+$/, '');
  if (!baseUrl) throw new Error('Smartcall training needs a baseUrl (the simulator address).');
  const parsedBase = new URL(baseUrl);
  // Credentials travel in every request: QA/LIVE only over TLS, except to this machine (tests, a local proxy).
  if (options.environment !== 'training' && parsedBase.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(parsedBase.hostname)) {
    throw new Error(`Smartcall ${options.environment} must be reached over https (got ${parsedBase.origin}).`);
  }
  const paths = { ...DEFAULT_SMARTCALL_PATHS, ...options.paths };
  const timeouts = { ...DEFAULT_SMARTCALL_TIMEOUTS, ...options.timeouts };
  const cache = options.cache ?? createMemoryHttpCache();
  const now = options.now ?? Date.now;
  const renewBefore = options.renewBeforeExpiryMs ?? 10 * 60_000;
  const idleRenew = options.idleRenewMs ?? (4 * 60 - 10) * 60_000;
  const logger = options.logger;
  const baseFetch = options.fetch ?? (options.extraCaCertificates !== undefined ? createCaFetch(options.extraCaCertificates) : globalThis.fetch);

  let held: Held | undefined;
  let loginInFlight: Promise<Held> | undefined;
  let loginCount = 0;

  const credentials = (operation: SmartcallOperation): SmartcallCredentials => {
    const c = typeof options.credentials === 'function' ? options.credentials() : options.credentials;
    if (!c || c.username === '' || c.password === '') {
      throw new SmartcallError({
        kind: 'auth',
        code: SmartcallErrorCode.AuthNoCredentials,
        message: 'No Smartcall username and password are set. Enter them in settings.',
        serverMessage: null,
        operation,
        outcomeUnknown: false,
        status: 0,
      });
    }
    return c;
  };
  const basic = (operation: SmartcallOperation) => {
    const c = credentials(operation);
    return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
  };

  /** One HTTP exchange; throws only transport errors (typed). */
  /** The kept catalogue as last parsed, keyed by its body text (see cachedNetworks). */
  let keptNetworks: { body: string; networks: Network[] | null } | undefined;

  async function send(
    operation: SmartcallOperation,
    method: string,
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<Exchange> {
    const started = now();
    const init: Record<string, unknown> = {
      method,
      headers: { Accept: 'application/json', ...headers },
      timeout: timeouts[operation],
      retry: 0,
      throwHttpErrors: false,
    };
    if (body !== undefined) {
      // The body goes to fetch directly, not through ky: ky clones a Request with a stream body and,
      // when the connection fails before the body is read (refused, DNS), awaits cancel() of the
      // teed clone forever (ky 1.9 on Node 20). A string body in the fetch init has no stream to tee.
      const text = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
      init.fetch = (input: Request, fetchInit?: RequestInit) => baseFetch(input, { ...fetchInit, body: text });
    } else {
      init.fetch = baseFetch;
    }
    if (options.dispatcher !== undefined) init.dispatcher = options.dispatcher;
    try {
      const res = await ky(baseUrl + path, init);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      logger?.request({ operation, method, path, status: res.status, ms: now() - started });
      return { status: res.status, headers: res.headers, bytes, text };
    } catch (err) {
      const { code, cause } = transportCode(err);
      const safe = SAFE_OPERATIONS.has(operation);
      const outcomeUnknown = !safe && !BEFORE_SEND.has(code) && operation !== 'login';
      logger?.request({ operation, method, path, status: null, ms: now() - started, error: redact(`${code} ${cause}`) });
      const base = TRANSPORT_MESSAGES[code] ?? 'Smartcall could not be reached.';
      throw new SmartcallError(
        {
          kind: 'transport',
          code,
          message: outcomeUnknown
            ? `${base} The request may have reached Smartcall: check the transaction before trying again.`
            : `${base} Nothing was changed at Smartcall; it is safe to try again.`,
          serverMessage: null,
          operation,
          outcomeUnknown,
          cause,
        },
        { cause: err },
      );
    }
  }

  const parseJson = (x: Exchange): unknown => {
    try {
      return JSON.parse(x.text) as unknown;
    } catch {
      return undefined;
    }
  };

  /** Turns a non-2xx answer into the right typed error. */
  function statusError(operation: SmartcallOperation, x: Exchange): SmartcallError {
    const json = parseJson(x);
    const safe = SAFE_OPERATIONS.has(operation);
    if (x.status === 401 || x.status === 429) {
      const env = authEnvelopeSchema.safeParse(json);
      return authError(operation, x.status, env.success ? env.data.responseDescription : redact(x.text.slice(0, 200)) || null);
    }
    const e2 = codeMessageSchema.safeParse(json);
    if (x.status === 403) {
      const msg = e2.success ? e2.data.message : null;
      const notOurs = msg !== null && /not registered to your account/i.test(msg);
      return new SmartcallError({
        kind: 'http',
        code: notOurs ? SmartcallErrorCode.NotOurAccount : SmartcallErrorCode.Forbidden,
        message: notOurs
          ? 'This Smartload ID (dealer number) is not linked to the Smartcall user in settings. Check the dealer number.'
          : 'Smartcall refused access to this. Check the dealer number and the Smartcall user in settings.',
        serverMessage: msg,
        operation,
        outcomeUnknown: false,
        status: 403,
      });
    }
    if (e2.success && x.status >= 400 && x.status < 500) {
      return apiError(operation, x.status, { responseCode: null, apiCode: e2.data.code, serverMessage: e2.data.message });
    }
    const inBand = inBandError(operation, x.status, json);
    if (inBand && x.status < 500) return inBand;
    if (x.status >= 500) {
      const unknown = !safe;
      return new SmartcallError({
        kind: 'http',
        code: SmartcallErrorCode.ServerError,
        message: unknown
          ? `Smartcall had a server error (HTTP ${x.status}). The request may have been processed: check the transaction before trying again.`
          : `Smartcall had a server error (HTTP ${x.status}). Try again in a few minutes.`,
        serverMessage: htmlTitle(x.text),
        operation,
        outcomeUnknown: unknown,
        status: x.status,
      });
    }
    const known: Record<number, [string, string]> = {
      404: [SmartcallErrorCode.NotFound, 'Smartcall does not know this address. Check the Smartcall address and paths in settings, or the item asked for.'],
      415: [SmartcallErrorCode.UnsupportedMediaType, 'Smartcall could not read the request (HTTP 415). Report this to support.'],
    };
    const [code, message] = known[x.status] ?? [SmartcallErrorCode.HttpStatus, `Smartcall answered HTTP ${x.status}. Report this to support.`];
    return new SmartcallError({ kind: 'http', code, message, serverMessage: htmlTitle(x.text), operation, outcomeUnknown: false, status: x.status });
  }

  /** An in-band refusal (HTTP 200 with an `error` object or a non-success `responseCode`), if any. */
  function inBandError(operation: SmartcallOperation, status: number, json: unknown, accepted: readonly string[] = []): SmartcallError | undefined {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
    const o = json as { error?: unknown; responseCode?: unknown; message?: unknown };
    const rc = typeof o.responseCode === 'string' ? o.responseCode.trim() : null;
    const errObj = typeof o.error === 'object' && o.error !== null ? (o.error as { code?: unknown; message?: unknown }) : null;
    if (errObj) {
      const n = Number(errObj.code);
      return apiError(operation, status, {
        responseCode: rc ?? 'APP_ERROR',
        apiCode: Number.isFinite(n) ? n : null,
        serverMessage: typeof errObj.message === 'string' ? errObj.message : null,
      });
    }
    if (rc !== null && rc !== '' && !isSuccessCode(rc) && !accepted.includes(rc.toUpperCase())) {
      return apiError(operation, status, { responseCode: rc, apiCode: null, serverMessage: typeof o.message === 'string' ? o.message : null });
    }
    return undefined;
  }

  function badResponse(operation: SmartcallOperation, x: Exchange, why: string): SmartcallError {
    const unknown = !SAFE_OPERATIONS.has(operation);
    return new SmartcallError({
      kind: 'http',
      code: SmartcallErrorCode.BadResponse,
      message: unknown
        ? 'Smartcall answered something the till cannot read. The request may have been processed: check the transaction before trying again.'
        : 'Smartcall answered something the till cannot read. Report this to support.',
      serverMessage: redact(why).slice(0, 300),
      operation,
      outcomeUnknown: unknown,
      status: x.status,
    });
  }

  /** Validates a 2xx answer: in-band refusal first, then the schema, then the domain conversion. */
  function parse<S extends z.ZodType, T>(operation: SmartcallOperation, x: Exchange, schema: S, convert: (v: z.infer<S>) => T, accepted: readonly string[] = []): T {
    const json = parseJson(x);
    if (json === undefined) throw badResponse(operation, x, `not JSON: ${x.text.slice(0, 120)}`);
    const refusal = inBandError(operation, x.status, json, accepted);
    if (refusal) throw refusal;
    const r = schema.safeParse(json);
    if (!r.success) throw badResponse(operation, x, issuesText(r.error));
    try {
      return convert(r.data);
    } catch (e) {
      throw badResponse(operation, x, e instanceof Error ? e.message : String(e));
    }
  }

  // ----- token manager -------------------------------------------------------------------------

  const fresh = (h: Held | undefined): boolean => h !== undefined && now() < h.localExpiresAt - renewBefore && now() - h.lastUsedAt < idleRenew;

  async function doLogin(): Promise<Held> {
    const x = await send('login', 'POST', paths.login, { Authorization: basic('login') }, undefined);
    if (x.status < 200 || x.status >= 300) throw statusError('login', x);
    const token = parse('login', x, authResponseSchema, toAuthToken);
    loginCount += 1;
    const t = now();
    // Judge expiry on our clock: a till whose clock is off by a day would otherwise see every token
    // as already expired (or never expiring) and burn the 20 sessions. Trust Smartcall's remaining
    // lifetime only when it is plausible (0 < remaining ≤ 24 h); otherwise assume 24 h from now.
    const remaining = token.expiresAt - t;
    const lifetime = remaining > renewBefore && remaining <= TOKEN_LIFETIME_MS ? remaining : TOKEN_LIFETIME_MS;
    return { ...token, localExpiresAt: t + lifetime, obtainedAt: t, lastUsedAt: t };
  }

  /** The shared token: login on first need, single-flight, renewed before the 24 h / 4 h limits. */
  async function token(): Promise<Held> {
    if (held && fresh(held)) return held;
    if (!loginInFlight) {
      const old = held;
      loginInFlight = doLogin()
        .then((h) => {
          held = h;
          // Free the old session slot (20 per user) when it was still alive; best effort.
          if (old && now() < old.localExpiresAt && now() - old.lastUsedAt < 4 * 3_600_000) void invalidateQuietly(old.accessToken);
          return h;
        })
        .finally(() => {
          loginInFlight = undefined;
        });
    }
    return loginInFlight;
  }

  async function invalidateQuietly(accessToken: string): Promise<void> {
    try {
      await send('logout', 'DELETE', paths.logout, { Authorization: `Bearer ${accessToken}` }, undefined);
    } catch {
      // Best effort: an unreachable server will drop it after 4 h idle anyway.
    }
  }

  const isTokenFailure = (e: SmartcallError) =>
    e.kind === 'auth' && e.status === 401 && (e.code === SmartcallErrorCode.AuthTokenInvalid || e.code === SmartcallErrorCode.AuthHeaderInvalid);

  /**
   * Runs one request with the right Authorization. For Bearer: a 401 token failure drops the token;
   * a SAFE request logs in again once and is retried; an unsafe one is not (it was refused before
   * processing, so the caller may retry it knowingly).
   */
  async function request(
    operation: SmartcallOperation,
    method: string,
    path: string,
    auth: Auth,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Exchange> {
    const attempt = async (): Promise<{ x: Exchange; used?: Held }> => {
      if (auth === 'none') return { x: await send(operation, method, path, extraHeaders, body) };
      if (auth === 'basic') return { x: await send(operation, method, path, { ...extraHeaders, Authorization: basic(operation) }, body) };
      const h = await token();
      const x = await send(operation, method, path, { ...extraHeaders, Authorization: `Bearer ${h.accessToken}` }, body);
      return { x, used: h };
    };
    let { x, used } = await attempt();
    if (x.status === 401 && used) {
      const err = statusError(operation, x);
      if (!isTokenFailure(err)) throw err;
      if (held === used) held = undefined;
      if (!SAFE_OPERATIONS.has(operation)) throw err;
      ({ x, used } = await attempt());
    }
    if (used && x.status !== 401) used.lastUsedAt = now();
    if (x.status === 401 && used && held === used) held = undefined;
    if (x.status === 304) return x;
    if (x.status < 200 || x.status >= 300) throw statusError(operation, x);
    return x;
  }

  /** A cacheable GET: sends If-None-Match when a copy is kept; 304 → the kept body. */
  async function cachedGet(operation: SmartcallOperation, path: string): Promise<Exchange> {
    const kept = cache.get(path);
    const x = await request(operation, 'GET', path, 'bearer', undefined, kept ? { 'If-None-Match': kept.etag } : {});
    if (x.status === 304) {
      if (!kept) throw badResponse(operation, x, '304 without a cached copy');
      cache.put(path, { ...kept, storedAt: now() });
      const bytes = new TextEncoder().encode(kept.body);
      return { status: 200, headers: x.headers, bytes, text: kept.body };
    }
    const etag = x.headers.get('etag');
    if (etag) cache.put(path, { etag: etag.trim(), body: x.text, storedAt: now() });
    return x;
  }

  // ----- input checks (nothing is sent when they fail) -----------------------------------------

  function check<S extends z.ZodType>(operation: SmartcallOperation, schema: S, value: unknown): z.infer<S> {
    const r = schema.safeParse(value);
    if (!r.success) throw badRequest(operation, `The request is not valid: ${issuesText(r.error)}.`);
    return r.data;
  }

  function rechargeBody(operation: SmartcallOperation, input: RechargeInput): RechargeRequest {
    if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 0) throw badRequest(operation, 'The amount must be a whole number of cents, zero or more.');
    return check(operation, rechargeRequestSchema, {
      smartloadId: input.smartloadId,
      clientReference: input.clientReference,
      smsRecipientMsisdn: input.smsRecipientMsisdn ?? input.recipientMsisdn,
      deviceId: input.meterNumber ?? input.recipientMsisdn,
      productId: input.productId,
      amount: centsToRands(input.amountCents),
      pinless: input.pinless,
      sendSms: input.sendSms,
    });
  }

  const msisdn = (operation: SmartcallOperation, v: string) => check(operation, wireMsisdnSchema, v);

  // ----- operations -----------------------------------------------------------------------------

  return {
    /** The base URL in use (for screens and logs). */
    baseUrl,

    /** A0: connectivity check, no login. Resolves to Smartcall's answer ("Pong"). */
    async ping(): Promise<string> {
      const x = await request('ping', 'GET', paths.ping, 'none');
      return parse('ping', x, pingResponseSchema, (v) => v.response);
    },

    /** Aa: logs in now (replacing any held token). The token itself stays inside the client. */
    async login(): Promise<TokenInfo> {
      const old = held;
      held = undefined;
      const h = await token();
      // Give the replaced session back (20 per user).
      if (old && old !== h) await invalidateQuietly(old.accessToken);
      return { expiresAt: h.expiresAt, scope: h.scope, obtainedAt: h.obtainedAt };
    },

    /** Ab: invalidates the held token (no-op without one). Resolves to true when Smartcall confirmed it. */
    async logout(): Promise<boolean> {
      const h = held ?? (await loginInFlight?.catch(() => undefined));
      if (!h) return false;
      held = undefined;
      const x = await send('logout', 'DELETE', paths.logout, { Authorization: `Bearer ${h.accessToken}` }, undefined);
      if (x.status !== 200) throw statusError('logout', x);
      parse('logout', x, invalidateResponseSchema, (v) => v);
      return true;
    },

    /** Ad: how many more logins Smartcall allows this user (of 20). Uses Basic auth: works at the session limit. */
    async tokenQuery(): Promise<number> {
      const x = await request('tokenQuery', 'GET', paths.tokenQuery, 'basic');
      return parse('tokenQuery', x, availableTokensResponseSchema, (v) => v.availableTokens);
    },

    /** Ac: kills every token of this user (recovery from the 429 session limit). Basic auth. */
    async tokenFlush(): Promise<number> {
      held = undefined;
      const x = await request('tokenFlush', 'DELETE', paths.tokenFlush, 'basic');
      return parse('tokenFlush', x, availableTokensResponseSchema, (v) => v.availableTokens);
    },

    /** Token details without the token (null when none is held). */
    tokenInfo(): TokenInfo | null {
      return held ? { expiresAt: held.expiresAt, scope: held.scope, obtainedAt: held.obtainedAt } : null;
    },

    /** How many logins this client has made (diagnostics; proves single-flight in tests). */
    loginCount(): number {
      return loginCount;
    },

    /** 8a: the dealer wallet balance in cents. */
    async balance(smartloadId: string): Promise<number> {
      const path = fillPath(paths.balance, { smartloadId: msisdn('balance', smartloadId) });
      const x = await request('balance', 'GET', path, 'bearer');
      return parse('balance', x, balanceResponseSchema, (v) => toBalance(v.balance));
    },

    /** 8b: one product (one row per smsIndicator value). ETag-cached. */
    async product(productId: number): Promise<Product[]> {
      const id = check('product', z.number().int().nonnegative(), productId);
      const x = await cachedGet('product', fillPath(paths.product, { productId: id }));
      return parse('product', x, productsResponseSchema, (v) => v.products.map(toProduct));
    },

    /** 8c: one network's catalogue. ETag-cached. */
    async network(networkId: number): Promise<Network> {
      const id = check('network', z.number().int().nonnegative(), networkId);
      const x = await cachedGet('network', fillPath(paths.network, { networkId: id }));
      return parse('network', x, networkResponseSchema, toNetwork);
    },

    /** 8d: the whole catalogue. ETag-cached; 304 answers from the kept copy. */
    async networks(): Promise<Network[]> {
      const x = await cachedGet('networks', paths.networks);
      return parse('networks', x, networksResponseSchema, (v) => v.networks.map(toNetwork));
    },

    /** The last catalogue kept by the cache, without any network (offline start); null if none. */
    cachedNetworks(): Network[] | null {
      const kept = cache.get(paths.networks);
      if (!kept) return null;
      // Every sale looks its product up here: parse and validate the kept catalogue once per body,
      // not once per sale.
      if (keptNetworks?.body === kept.body) return keptNetworks.networks;
      let networks: Network[] | null;
      try {
        const r = networksResponseSchema.safeParse(JSON.parse(kept.body));
        networks = r.success ? r.data.networks.map(toNetwork) : null;
      } catch {
        networks = null; // a damaged kept copy is as good as none: the next online call replaces it
      }
      keptNetworks = { body: kept.body, networks };
      return networks;
    },

    /** 8e: whether an MSISDN is a registered dealer. */
    async registered(msisdnValue: string): Promise<boolean> {
      const path = fillPath(paths.registered, { msisdn: msisdn('registered', msisdnValue) });
      const x = await request('registered', 'GET', path, 'bearer');
      return parse('registered', x, registeredResponseSchema, (v) => v.registered);
    },

    /** 8f: async recharge. Resolves when ACCEPTED (not delivered). Never retried; see `outcomeUnknown`. */
    async recharge(input: RechargeInput): Promise<RechargeResult> {
      const body = rechargeBody('recharge', input);
      const x = await request('recharge', 'POST', paths.recharge, 'bearer', body);
      return parse('recharge', x, rechargeResponseSchema, (v) => toRechargeResult(v.recharge));
    },

    /** 8g (PROPOSED path): sync recharge; final unless `status` is "pending" (then poll `transaction`). */
    async rechargeSync(input: RechargeInput): Promise<SyncRechargeResult> {
      const body = rechargeBody('rechargeSync', input);
      const x = await request('rechargeSync', 'POST', paths.rechargeSync, 'bearer', body);
      return parse(
        'rechargeSync',
        x,
        syncRechargeResponseSchema,
        (v) => {
          const transaction = v.transaction ? toTransaction(v.transaction) : null;
          const rc = v.responseCode?.trim().toUpperCase();
          const status = rc === 'PENDING' ? 'pending' : transaction ? transaction.status : 'successful';
          return { status, recharge: v.recharge ? toRechargeResult(v.recharge) : null, transaction };
        },
        ['PENDING'],
      );
    },

    /** 8h (PROPOSED path): up to 100 recharges; each item accepted or refused. Never retried. */
    async batchRecharge(smartloadId: string, items: RechargeInput[]): Promise<BatchRechargeResult> {
      if (items.length === 0) throw badRequest('batchRecharge', 'The batch is empty.');
      if (items.length > MAX_BATCH_RECHARGES) {
        throw new SmartcallError({
          kind: 'api',
          code: SmartcallErrorCode.BatchLimit,
          message: `A batch may have at most ${MAX_BATCH_RECHARGES} recharges (this one has ${items.length}). Nothing was sent.`,
          serverMessage: null,
          operation: 'batchRecharge',
          outcomeUnknown: false,
          status: 0,
          responseCode: null,
          apiCode: null,
        });
      }
      const refs = new Set(items.map((i) => i.clientReference));
      if (refs.size !== items.length) throw badRequest('batchRecharge', 'Every recharge in a batch needs its own client reference.');
      const body = check('batchRecharge', batchRechargeRequestSchema, {
        smartloadId,
        recharges: items.map((i) => rechargeBody('batchRecharge', { ...i, smartloadId })),
      });
      const x = await request('batchRecharge', 'POST', paths.batchRecharge, 'bearer', body);
      return parse(
        'batchRecharge',
        x,
        batchRechargeResponseSchema,
        (v) => ({
          responseCode: v.responseCode?.trim().toUpperCase() ?? 'SUCCESS',
          items: v.recharges.map((r): BatchItemResult => {
            const failed = r.error ? apiError('batchRecharge', 200, { responseCode: r.responseCode ?? 'APP_ERROR', apiCode: Number(r.error.code), serverMessage: r.error.message ?? null }) : null;
            if (!failed && (r.responseCode === null || r.responseCode === undefined || isSuccessCode(r.responseCode))) {
              return { clientReference: r.clientReference, ok: true, recharge: r.recharge ? toRechargeResult(r.recharge) : null };
            }
            const err = failed ?? apiError('batchRecharge', 200, { responseCode: r.responseCode ?? null, apiCode: null, serverMessage: null });
            return { clientReference: r.clientReference, ok: false, responseCode: err.responseCode, errorCode: err.code, message: err.message };
          }),
        }),
        ['PART_SUCCESS', 'FAILURE'],
      );
    },

    /** 8i: prevend (Vodacom/MTN pinless). The recharge that follows must reuse the clientReference. */
    async prevend(input: RechargeInput): Promise<PrevendResult> {
      const body = rechargeBody('prevend', input);
      const x = await request('prevend', 'POST', paths.prevend, 'bearer', body);
      return parse('prevend', x, prevendResponseSchema, (v) => ({ responseCode: v.responseCode.trim().toUpperCase(), message: v.message ?? null }));
    },

    /** 8j: moves whole rands from one dealer wallet to another. Never retried. */
    async fundsTransfer(input: FundsTransferInput): Promise<FundsTransferResult> {
      if (!Number.isSafeInteger(input.amountCents) || input.amountCents % 100 !== 0) {
        throw badRequest('fundsTransfer', 'Smartcall transfers whole rands only (no cents).');
      }
      const body = check('fundsTransfer', fundsTransferRequestSchema, {
        sourceSmartloadId: input.sourceSmartloadId,
        recipientSmartloadId: input.recipientSmartloadId,
        amount: input.amountCents / 100,
        sendSms: input.sendSms,
      });
      const x = await request('fundsTransfer', 'POST', paths.fundsTransfer, 'bearer', body);
      return parse('fundsTransfer', x, fundsTransferResponseSchema, (v) => ({
        sourceBalanceCents: toBalanceOrNull(v.currentDealerBalance),
        recipientBalanceCents: toBalanceOrNull(v.newDealerBalance),
      }));
    },

    /** 8k (PROPOSED path): orders PINned vouchers delivered later as a password-protected zip. */
    async orderVouchers(input: OrderVouchersInput): Promise<VoucherOrder> {
      const body = check('orderVouchers', orderVouchersRequestSchema, input);
      const x = await request('orderVouchers', 'POST', paths.orderVouchers, 'bearer', body);
      return parse('orderVouchers', x, orderVouchersResponseSchema, toVoucherOrder);
    },

    /** 8l (PROPOSED path): the order's zip (JSON with base64 `file`, or a raw zip body). */
    async fetchOrderFile(smartloadId: string, clientReference: string, orderReferenceId: string): Promise<VoucherOrderFile> {
      const path = fillPath(paths.fetchOrderFile, { smartloadId: msisdn('fetchOrderFile', smartloadId), clientReference, orderReferenceId });
      let x: Exchange;
      try {
        x = await request('fetchOrderFile', 'GET', path, 'bearer');
      } catch (e) {
        throw orderNotReady(e);
      }
      const type = x.headers.get('content-type') ?? '';
      if (!type.includes('json')) {
        const name = /filename="?([^";]+)"?/i.exec(x.headers.get('content-disposition') ?? '')?.[1] ?? null;
        return { orderReferenceId, fileName: name, bytes: x.bytes };
      }
      const json = parseJson(x);
      const pending = inBandError('fetchOrderFile', x.status, json);
      if (pending) throw orderNotReady(pending);
      return parse('fetchOrderFile', x, orderFileResponseSchema, (v) => {
        if (!v.file) throw new Error('the order file is not ready (no file in the answer)');
        return { orderReferenceId: v.orderReferenceId === null || v.orderReferenceId === undefined ? orderReferenceId : String(v.orderReferenceId), fileName: v.fileName ?? null, bytes: new Uint8Array(Buffer.from(v.file, 'base64')) };
      });
    },

    /** 8m (PROPOSED path): regenerates an order's file with a NEW password. */
    async recreateOrderFile(smartloadId: string, clientReference: string): Promise<VoucherOrder> {
      const path = fillPath(paths.recreateOrderFile, { smartloadId: msisdn('recreateOrderFile', smartloadId), clientReference });
      const x = await request('recreateOrderFile', 'PUT', path, 'bearer');
      return parse('recreateOrderFile', x, orderVouchersResponseSchema, toVoucherOrder);
    },

    /** 8n: the transaction enquiry by clientReference (the reconciler's source of truth). */
    async transaction(smartloadId: string, clientReference: string): Promise<Transaction> {
      const path = fillPath(paths.transaction, { smartloadId: msisdn('transaction', smartloadId), clientReference });
      const x = await request('transaction', 'GET', path, 'bearer');
      return parse('transaction', x, transactionResponseSchema, (v) => toTransaction(v.transaction));
    },

    /** 8x: cancel a recharge. REMOVED from spec v1.1.0: kept for support replays only, not for the POS. */
    async cancelRecharge(smartloadId: string, clientReference: string): Promise<void> {
      const path = fillPath(paths.cancelRecharge, { smartloadId: msisdn('cancelRecharge', smartloadId), clientReference });
      const x = await request('cancelRecharge', 'DELETE', path, 'bearer');
      parse('cancelRecharge', x, z.object({ responseCode: z.string().nullable().optional() }), () => undefined);
    },

    /** 8o: today's cashup report. */
    async cashupToday(smartloadId: string): Promise<Cashup> {
      const path = fillPath(paths.cashupToday, { smartloadId: msisdn('cashupToday', smartloadId) });
      const x = await request('cashupToday', 'GET', path, 'bearer');
      return parse('cashupToday', x, cashupResponseSchema, toCashup);
    },

    /** 8p: cashup for an inclusive period (YYYY-MM-DD). */
    async cashupPeriod(smartloadId: string, startDate: string, endDate: string): Promise<Cashup> {
      check('cashupPeriod', wireDateSchema, startDate);
      check('cashupPeriod', wireDateSchema, endDate);
      if (startDate > endDate) throw badRequest('cashupPeriod', 'The start date is after the end date.');
      const body = check('cashupPeriod', cashupRequestSchema, { smartloadId, startDate, endDate });
      const x = await request('cashupPeriod', 'POST', paths.cashupPeriod, 'bearer', body);
      return parse('cashupPeriod', x, cashupResponseSchema, toCashup);
    },

    /** 9b: submits a RICA registration. */
    async ricaRegister(input: RicaRegistrationRequest): Promise<RicaResult> {
      const body = check('ricaRegister', ricaRegistrationRequestSchema, input);
      const x = await request('ricaRegister', 'POST', paths.ricaRegister, 'bearer', body);
      return parse('ricaRegister', x, ricaResponseSchema, toRica);
    },

    /** 9a: submits a RICA change of ownership. */
    async ricaChangeOwner(input: RicaRegistrationRequest): Promise<RicaResult> {
      const body = check('ricaChangeOwner', ricaRegistrationRequestSchema, input);
      const x = await request('ricaChangeOwner', 'POST', paths.ricaChangeOwner, 'bearer', body);
      return parse('ricaChangeOwner', x, ricaResponseSchema, toRica);
    },

    /** 9c (PROPOSED path): status of a RICA submission. */
    async ricaStatus(ricaReference: string): Promise<RicaStatus> {
      const ref = check('ricaStatus', z.string().trim().min(1), ricaReference);
      const x = await request('ricaStatus', 'GET', fillPath(paths.ricaStatus, { ricaReference: ref }), 'bearer');
      return parse('ricaStatus', x, ricaStatusResponseSchema, (v) => ({
        ricaReference: v.ricaReference === null || v.ricaReference === undefined ? null : String(v.ricaReference),
        msisdn: v.msisdn ?? null,
        status: v.status ?? null,
        statusDescription: v.statusDescription ?? null,
        statusDate: v.statusDate ?? null,
      }));
    },

    /** 10a: the network a SIM is on now (after porting). */
    async simNetwork(msisdnValue: string): Promise<SimNetwork> {
      const path = fillPath(paths.simNetwork, { msisdn: msisdn('simNetwork', msisdnValue) });
      const x = await request('simNetwork', 'GET', path, 'bearer');
      return parse('simNetwork', x, simNetworkResponseSchema, (v) => ({ msisdn: v.msisdn, queryDate: v.queryDate ?? null, ported: v.ported, network: v.network }));
    },

    /** 10b: each mobile network's health ("up" / "down" / "unknown"). */
    async networkStatus(): Promise<HealthReport> {
      const x = await request('networkStatus', 'GET', paths.networkStatus, 'bearer');
      return parse('networkStatus', x, healthResponseSchema, toHealth);
    },

    /** Clean shutdown: invalidates the held token so it does not count against the 20-session limit. */
    async shutdown(): Promise<void> {
      const h = held ?? (await loginInFlight?.catch(() => undefined));
      held = undefined;
      if (h) await invalidateQuietly(h.accessToken);
    },
  };
}

function toBalance(rands: number): number {
  return toBalanceOrNull(rands) ?? 0;
}
/** Wallet balances are 4 dp on the wire and may carry a fraction of a cent after a discount: round half away, by digits. */
function toBalanceOrNull(rands: number | null | undefined): number | null {
  return rands === null || rands === undefined ? null : randsToCents(rands, 'round');
}

/** The order file is still being made (V2 answered a non-success PENDING until it was): say so plainly. */
function orderNotReady(e: unknown): unknown {
  if (!(e instanceof SmartcallError) || e.kind !== 'api' || e.responseCode !== 'PENDING') return e;
  return new SmartcallError({
    kind: 'api',
    code: SmartcallErrorCode.OrderNotReady,
    message: 'Smartcall is still preparing the voucher file. Try again in a minute.',
    serverMessage: e.serverMessage,
    operation: 'fetchOrderFile',
    outcomeUnknown: false,
    status: e.status ?? 200,
    responseCode: e.responseCode,
    apiCode: e.apiCode,
  });
}

function toVoucherOrder(v: z.infer<typeof orderVouchersResponseSchema>): VoucherOrder {
  const ref = v.recharge?.orderReferenceId ?? v.orderReferenceId ?? null;
  return {
    orderReferenceId: ref === null ? null : String(ref),
    filePassword: v.filePassword ?? null,
    balanceCents: toBalanceOrNull(v.recharge?.balance ?? null),
  };
}

function toRica(v: z.infer<typeof ricaResponseSchema>): RicaResult {
  return {
    responseCode: v.responseCode ?? null,
    ricaReference: v.ricaReference === null || v.ricaReference === undefined ? null : String(v.ricaReference),
    message: v.message ?? null,
  };
}

function htmlTitle(text: string): string | null {
  const t = /<title>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h1>([^<]*)<\/h1>/i.exec(text)?.[1];
  if (t) return redact(t.trim());
  const s = text.trim();
  return s === '' ? null : redact(s.slice(0, 200));
}

