/**
 * The Smartcall V3 client's public API (main process only). Everything else in electron/smartcall
 * is an implementation detail, except `wire.ts`, which the simulator shares.
 */
export {
  createSmartcallClient,
  createMemoryHttpCache,
  DEFAULT_SMARTCALL_PATHS,
  DEFAULT_SMARTCALL_TIMEOUTS,
  MAX_BATCH_RECHARGES,
  SAFE_OPERATIONS,
  SMARTCALL_BASE_URLS,
} from './client';
export type {
  FundsTransferInput,
  OrderVouchersInput,
  RechargeInput,
  SmartcallClient,
  SmartcallClientOptions,
  SmartcallCredentials,
  SmartcallEnvironment,
  SmartcallLogEntry,
  SmartcallLogger,
  SmartcallOperation,
  TokenInfo,
} from './client';
export { createCaFetch } from './ca-fetch';
export { APP_ERROR_MEANINGS, SmartcallError, SmartcallErrorCode, isSmartcallError, redact } from './errors';
export type { SmartcallErrorDetail, SmartcallErrorKind } from './errors';
export type { HttpCacheEntry, HttpCacheStore } from './ports';
export { toTransactionStatus } from './wire';
export type {
  AuthToken,
  BatchItemResult,
  BatchRechargeResult,
  Cashup,
  CashupItem,
  FundsTransferResult,
  HealthReport,
  Network,
  NetworkHealth,
  PrevendResult,
  Product,
  ProductType,
  RechargeResult,
  RicaRegistrationRequest,
  RicaResult,
  RicaStatus,
  SimNetwork,
  SyncRechargeResult,
  Transaction,
  TransactionStatus,
  VoucherOrder,
  VoucherOrderFile,
} from './wire';
