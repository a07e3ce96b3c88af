/**
 * Every way a Smartcall call can fail, as one discriminated union on `kind`:
 *  - transport: the network (refused, DNS, TLS, timeout, reset). `outcomeUnknown` is true when a
 *    request that is not safe to repeat may have reached the server (timeout / reset after send).
 *  - auth: a 401 (each message Smartcall sends) or the 429 session limit.
 *  - http: a status the API did not describe in JSON (403 not-our-account, 404, 415, 5xx HTML) or
 *    an answer we could not read.
 *  - api: Smartcall said no in its own words (`{code, message}`, APP_ERROR / SYS_ERROR / INV_REQUEST).
 *
 * `code` is stable (support searches for it), `message` is for the cashier, `serverMessage` is what
 * Smartcall said (shown to support; never contains our secrets).
 */

/** The four kinds of failure. */
export type SmartcallErrorKind = 'transport' | 'auth' | 'http' | 'api';

/** Stable codes (APP_ERROR codes are `SMARTCALL_APP_ERROR_<n>`, E2 codes `SMARTCALL_API_ERROR_<n>`). */
export const SmartcallErrorCode = {
  Timeout: 'SMARTCALL_TIMEOUT',
  ConnectionRefused: 'SMARTCALL_CONNECTION_REFUSED',
  ConnectionReset: 'SMARTCALL_CONNECTION_RESET',
  Dns: 'SMARTCALL_DNS',
  Tls: 'SMARTCALL_TLS',
  Network: 'SMARTCALL_NETWORK',
  AuthInvalidUsername: 'SMARTCALL_AUTH_INVALID_USERNAME',
  AuthInvalidPassword: 'SMARTCALL_AUTH_INVALID_PASSWORD',
  AuthSourceIp: 'SMARTCALL_AUTH_SOURCE_IP',
  AuthTokenInvalid: 'SMARTCALL_AUTH_TOKEN_INVALID',
  AuthHeaderInvalid: 'SMARTCALL_AUTH_HEADER_INVALID',
  AuthFailed: 'SMARTCALL_AUTH_FAILED',
  AuthNoCredentials: 'SMARTCALL_AUTH_NO_CREDENTIALS',
  SessionLimit: 'SMARTCALL_SESSION_LIMIT',
  NotOurAccount: 'SMARTCALL_NOT_OUR_ACCOUNT',
  Forbidden: 'SMARTCALL_HTTP_403',
  NotFound: 'SMARTCALL_HTTP_404',
  UnsupportedMediaType: 'SMARTCALL_HTTP_415',
  ServerError: 'SMARTCALL_SERVER_ERROR',
  HttpStatus: 'SMARTCALL_HTTP_STATUS',
  BadResponse: 'SMARTCALL_BAD_RESPONSE',
  SysError: 'SMARTCALL_SYS_ERROR',
  InvRequest: 'SMARTCALL_INV_REQUEST',
  ApiRefused: 'SMARTCALL_API_REFUSED',
  BatchLimit: 'SMARTCALL_BATCH_LIMIT_EXCEEDED',
  ClientReferenceUnknown: 'SMARTCALL_API_ERROR_1005',
  BadRequest: 'SMARTCALL_BAD_REQUEST',
  OrderNotReady: 'SMARTCALL_ORDER_NOT_READY',
} as const;

/** APP_ERROR code → what it means (API.md §9; codes are per operation, the server's message is always shown too). */
export const APP_ERROR_MEANINGS: Readonly<Record<number, string>> = {
  2: 'Smartcall had a system error; the recharge failed',
  3: 'the dealer (Smartload) number is wrong',
  5: 'the network is wrong for this product',
  6: 'the recipient number is wrong',
  7: 'the request was refused (already cancelled, or the product category was missing)',
  8: 'the meter number is missing or invalid',
  9: 'the product or amount is not valid',
  10: 'this product cannot be sold pinless / with a PIN on this network',
  11: 'this number is not a dealer',
  12: 'the dealer account is no longer active',
  14: 'the dealer discount could not be determined',
  15: 'there is not enough money in the Smartload wallet',
  16: 'the same number and amount were recharged in the last 5 minutes (or a meter recharge is still in progress)',
  17: 'the prevend has expired; start the sale again',
  18: 'the vouchers are out of stock',
  19: 'the quantity must be more than 0',
  99: 'Smartcall is under maintenance',
  1001: 'this client reference was already used (duplicate recharge)',
  1003: 'Smartcall timed out internally; check the transaction before doing anything else',
  1004: 'Smartcall could not submit it; check the transaction before doing anything else',
  1005: 'Smartcall has no transaction with this client reference',
  9999: 'Smartcall had an unexpected system error',
};

/** What every error carries. */
type Common = {
  /** Stable code, e.g. SMARTCALL_TIMEOUT. */
  code: string;
  /** For the cashier: what happened and what to do. */
  message: string;
  /** What Smartcall said, if anything (never our secrets). */
  serverMessage: string | null;
  /** The operation that failed, e.g. "recharge". */
  operation: string;
  /** True when the request may have reached Smartcall and changed something we cannot see: check before repeating. */
  outcomeUnknown: boolean;
};

/** The discriminated details, on `kind`. */
export type SmartcallErrorDetail =
  | (Common & { kind: 'transport'; cause?: string })
  | (Common & { kind: 'auth'; status: number })
  | (Common & { kind: 'http'; status: number })
  | (Common & { kind: 'api'; status: number; responseCode: string | null; apiCode: number | null });

/**
 * The one error the client throws. `kind` discriminates; use {@link isSmartcallError} to narrow an
 * unknown catch value, then switch on `err.kind`.
 */
export class SmartcallError extends Error {
  readonly kind: SmartcallErrorKind;
  readonly code: string;
  readonly serverMessage: string | null;
  readonly operation: string;
  readonly outcomeUnknown: boolean;
  /** HTTP status for auth/http/api; null for transport. */
  readonly status: number | null;
  /** api only: the `responseCode` Smartcall sent (APP_ERROR...). */
  readonly responseCode: string | null;
  /** api only: the numeric code Smartcall sent (`code` of E2, or of an `error` object). */
  readonly apiCode: number | null;
  /** The same facts as a discriminated union: `switch (err.detail.kind)` narrows status/apiCode fully. */
  readonly detail: SmartcallErrorDetail;
  constructor(detail: SmartcallErrorDetail, options?: { cause?: unknown }) {
    super(detail.message, options);
    this.name = 'SmartcallError';
    this.detail = detail;
    this.kind = detail.kind;
    this.code = detail.code;
    this.serverMessage = detail.serverMessage;
    this.operation = detail.operation;
    this.outcomeUnknown = detail.outcomeUnknown;
    this.status = detail.kind === 'transport' ? null : detail.status;
    this.responseCode = detail.kind === 'api' ? detail.responseCode : null;
    this.apiCode = detail.kind === 'api' ? detail.apiCode : null;
  }

  /** A plain object for `--json`, logs and IPC envelopes (no stack, no secrets). */
  toJSON(): {
    kind: SmartcallErrorKind;
    code: string;
    message: string;
    serverMessage: string | null;
    operation: string;
    outcomeUnknown: boolean;
    status: number | null;
    responseCode: string | null;
    apiCode: number | null;
  } {
    return {
      kind: this.kind,
      code: this.code,
      message: this.message,
      serverMessage: this.serverMessage,
      operation: this.operation,
      outcomeUnknown: this.outcomeUnknown,
      status: this.status,
      responseCode: this.responseCode,
      apiCode: this.apiCode,
    };
  }
}

/** Narrows an unknown catch value. */
export function isSmartcallError(e: unknown): e is SmartcallError {
  return e instanceof SmartcallError;
}

/** Maps a 401/429 envelope message to a code and a cashier message. */
export function authError(operation: string, status: number, serverMessage: string | null): SmartcallError {
  const m = (serverMessage ?? '').toLowerCase();
  let code: string = SmartcallErrorCode.AuthFailed;
  let message = 'Smartcall refused the login. Check the Smartcall username and password in settings.';
  if (status === 429 || m.includes('session limit')) {
    code = SmartcallErrorCode.SessionLimit;
    message = 'Smartcall says this user has too many open sessions (limit 20). Flush all sessions (token flush) and try again.';
  } else if (m.includes('invalid username')) {
    code = SmartcallErrorCode.AuthInvalidUsername;
    message = 'Smartcall does not know this username. Check the Smartcall username in settings.';
  } else if (m.includes('invalid password')) {
    code = SmartcallErrorCode.AuthInvalidPassword;
    message = 'Smartcall rejected the password. Check the Smartcall password in settings.';
  } else if (m.includes('source ip')) {
    code = SmartcallErrorCode.AuthSourceIp;
    message = "Smartcall does not accept requests from this shop's internet address. Ask Smartcall to whitelist it.";
  } else if (m.includes('token validation failed')) {
    code = SmartcallErrorCode.AuthTokenInvalid;
    message = 'The Smartcall session has expired or was closed. Log in again.';
  } else if (m.includes('invalid authorization header')) {
    code = SmartcallErrorCode.AuthHeaderInvalid;
    message = 'The till sent no valid Smartcall session. Log in again.';
  }
  return new SmartcallError({ kind: 'auth', code, message, serverMessage, operation, outcomeUnknown: false, status });
}

/**
 * Operations that move money: for these, an answer that says "it may have happened, query to
 * confirm" leaves the outcome unknown rather than refused.
 */
const MONEY_MOVING = new Set(['recharge', 'rechargeSync', 'batchRecharge', 'fundsTransfer', 'orderVouchers', 'recreateOrderFile']);

/**
 * Web-service codes that do not say the request failed, only that Smartcall could not confirm it
 * (RELATED-API, V2 doc): 1003 internal timeout, 1004 submission failed, both "query to confirm";
 * 9999 unexpected system error. SYS_ERROR on a money-moving call is treated the same way.
 */
const CONFIRM_BY_ENQUIRY = new Set([1003, 1004, 9999]);

/** An api refusal from an E2 body, an in-band `error` object or a non-success `responseCode`. */
export function apiError(
  operation: string,
  status: number,
  input: { responseCode: string | null; apiCode: number | null; serverMessage: string | null },
): SmartcallError {
  const { responseCode, apiCode, serverMessage } = input;
  const rc = responseCode?.trim().toUpperCase() ?? null;
  let code: string;
  let meaning: string | undefined;
  if (rc === 'SYS_ERROR') {
    code = SmartcallErrorCode.SysError;
    meaning = 'Smartcall had a system error';
  } else if (rc === 'INV_REQUEST') {
    code = SmartcallErrorCode.InvRequest;
    meaning = 'Smartcall says the request is not valid';
  } else if (rc === 'BATCH_LIMIT_EXCEEDED') {
    code = SmartcallErrorCode.BatchLimit;
    meaning = 'a batch may have at most 100 recharges';
  } else if (apiCode !== null) {
    // V3 moved APP_ERROR codes (7, 16...) into `{code, message}` bodies; ≥ 1000 are web-service-level codes.
    code = apiCode < 1000 ? `SMARTCALL_APP_ERROR_${apiCode}` : `SMARTCALL_API_ERROR_${apiCode}`;
    meaning = APP_ERROR_MEANINGS[apiCode];
  } else if (rc === 'APP_ERROR') {
    code = 'SMARTCALL_APP_ERROR';
    meaning = 'Smartcall refused the request';
  } else {
    code = SmartcallErrorCode.ApiRefused;
    meaning = 'Smartcall refused the request';
  }
  const parts = [`Smartcall: ${meaning ?? 'the request was refused'}`];
  if (serverMessage && serverMessage.trim() !== '') parts.push(`(“${serverMessage.trim()}”)`);
  return new SmartcallError({
    kind: 'api',
    code,
    message: `${parts.join(' ')}.`,
    serverMessage,
    operation,
    outcomeUnknown: MONEY_MOVING.has(operation) && ((apiCode !== null && CONFIRM_BY_ENQUIRY.has(apiCode)) || rc === 'SYS_ERROR'),
    status,
    responseCode: rc,
    apiCode,
  });
}

/** Refusal of our own input before anything is sent (nothing changed). */
export function badRequest(operation: string, message: string): SmartcallError {
  return new SmartcallError({ kind: 'api', code: SmartcallErrorCode.BadRequest, message, serverMessage: null, operation, outcomeUnknown: false, status: 0, responseCode: null, apiCode: null });
}

/** Redacts tokens, Basic credentials, passwords and PINs from text before it is logged. */
export function redact(text: string): string {
  return text
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[REDACTED]')
    .replace(/(Basic\s+)[A-Za-z0-9+/=]+/gi, '$1[REDACTED]')
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '[REDACTED-JWT]')
    .replace(/("?(?:accessToken|password|filePassword|voucherPin|additionalVoucherPin)"?\s*[:=]\s*)"[^"]*"/gi, '$1"[REDACTED]"');
}
