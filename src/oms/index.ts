/** The OMS REST client: createOmsClient, its error type, and the payload types it returns. */
export { createOmsClient, type OmsClient, type OmsClientOptions } from './client.js';
export { OmsError, type OmsClientErrorCode } from './errors.js';
export type { OmsScope } from './scope.js';
export type { Call, CallOptions, Transport, WriteOptions } from './transport.js';
export type { PageParams } from './pagination.js';
export type { RetryOptions, Sleep } from './retry.js';
export type { OmsCallStats } from './stats.js';
export type { PoolOptions } from './attempt-undici.js';
export type { AccountListParams } from './resources/accounts.js';
export type { CashInListParams, CashLocationParams } from './resources/cash-ins.js';
export type { CustomerListParams } from './resources/customers.js';
export type { CustomerTransactionListParams, TransactionListParams, TransactionPerspective } from './resources/payments.js';
export type * from './schemas/index.js';
/** The zod schemas, for callers that validate OMS payloads arriving by other routes (webhook bodies). */
export * as omsSchemas from './schemas/index.js';
