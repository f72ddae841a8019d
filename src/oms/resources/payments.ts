import { listEndpoint, type IterateParams, type PageParams } from '../pagination.js';
import {
  quote,
  transaction,
  type CreateQuoteRequest,
  type ExecuteTransactionRequest,
  type ListTransactionsParams,
  type Quote,
  type Transaction,
} from '../schemas/index.js';
import type { CallOptions, Transport, WriteOptions } from '../transport.js';

export type TransactionListParams = ListTransactionsParams & PageParams;
export type CustomerTransactionListParams = Omit<ListTransactionsParams, 'customerId'> & PageParams;
/** Whose view of a transaction to return; sets its `role`. */
export type TransactionPerspective = { senderCustomerId?: string; recipientCustomerId?: string };

/** Quotes: a locked rate and fee breakdown for moving money out of a wallet, valid for a few minutes. */
export function quotesApi(transport: Transport) {
  return {
    /** POST /quotes. Set the amount on exactly one side; OMS computes the other. */
    create: (body: CreateQuoteRequest, options?: WriteOptions): Promise<Quote> =>
      transport.request({ method: 'POST', template: '/quotes', body, options }, quote),
    /** GET /quotes/{id}. */
    get: (id: string, options?: CallOptions): Promise<Quote> => transport.request({ method: 'GET', template: '/quotes/{id}', path: { id }, options }, quote),
  };
}

/** Transactions: executed quotes and the deposits OMS turns into transactions by itself. */
export function transactionsApi(transport: Transport) {
  const all = listEndpoint<Transaction, TransactionListParams>(transport, '/transactions', transaction);
  const ofCustomer = listEndpoint<Transaction, CustomerTransactionListParams>(transport, '/customers/{id}/transactions', transaction);
  return {
    /**
     * POST /transactions: executes a quote. 422 quote_expired when it ran out; 409
     * quote_already_accepted when it was executed under another idempotency key.
     */
    create: (body: ExecuteTransactionRequest, options?: WriteOptions): Promise<Transaction> =>
      transport.request({ method: 'POST', template: '/transactions', body, options }, transaction),
    /** GET /transactions/{id}, optionally from one party's perspective. */
    get: (id: string, perspective: TransactionPerspective = {}, options?: CallOptions): Promise<Transaction> =>
      transport.request({ method: 'GET', template: '/transactions/{id}', path: { id }, query: perspective, options }, transaction),
    /** GET /transactions: one page, newest first, filtered by type, status, customerId, createdAfter/Before (inclusive). */
    list: (params: TransactionListParams = {}, options?: CallOptions) => all.list({}, params, options),
    /** Every matching transaction, newest first. */
    listAll: (params: IterateParams<TransactionListParams> = {}, options?: CallOptions) => all.listAll({}, params, options),
    /** GET /customers/{id}/transactions: one page of one customer's transactions. */
    listForCustomer: (customerId: string, params: CustomerTransactionListParams = {}, options?: CallOptions) =>
      ofCustomer.list({ id: customerId }, params, options),
    /** Every transaction of one customer, newest first. */
    listAllForCustomer: (customerId: string, params: IterateParams<CustomerTransactionListParams> = {}, options?: CallOptions) =>
      ofCustomer.listAll({ id: customerId }, params, options),
  };
}
