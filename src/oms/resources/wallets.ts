import { listEndpoint, type IterateParams, type PageParams } from '../pagination.js';
import {
  simulatedWalletDeposit,
  wallet,
  walletBalance,
  type CreateWalletRequest,
  type SimulatedWalletDeposit,
  type SimulateWalletDepositRequest,
  type Wallet,
  type WalletBalance,
} from '../schemas/index.js';
import type { CallOptions, Transport, WriteOptions } from '../transport.js';

/** Custodial wallets of a customer, one asset on one chain each, and their balances. */
export function walletsApi(transport: Transport) {
  const lists = listEndpoint<Wallet, PageParams>(transport, '/customers/{id}/wallets', wallet);
  return {
    /** POST /customers/{id}/wallets. Needs the customer's cryptoCustody endorsement (else 403 endorsement_required). */
    create: (customerId: string, body: CreateWalletRequest, options?: WriteOptions): Promise<Wallet> =>
      transport.request({ method: 'POST', template: '/customers/{id}/wallets', path: { id: customerId }, body, options }, wallet),
    /** GET /customers/{id}/wallets: one page. */
    list: (customerId: string, params: PageParams = {}, options?: CallOptions) => lists.list({ id: customerId }, params, options),
    /** Every wallet of the customer. */
    listAll: (customerId: string, params: IterateParams<PageParams> = {}, options?: CallOptions) => lists.listAll({ id: customerId }, params, options),
    /** GET /wallets/{id}. */
    get: (id: string, options?: CallOptions): Promise<Wallet> => transport.request({ method: 'GET', template: '/wallets/{id}', path: { id }, options }, wallet),
    /** GET /wallets/{id}/balance: settled and pending balance, with an estimate in USD unless told otherwise. */
    balance: (id: string, params: { estimatedBalanceCurrencyCode?: string } = {}, options?: CallOptions): Promise<WalletBalance> =>
      transport.request({ method: 'GET', template: '/wallets/{id}/balance', path: { id }, query: params, options }, walletBalance),
    /**
     * Sandbox only, POST /sandbox/wallets/{id}/simulate-deposit: a transfer straight to the wallet's
     * address. Credited as it is and announced as `wallet.depositDetected`; no transaction is created.
     */
    simulateDeposit: (id: string, body: SimulateWalletDepositRequest, options?: WriteOptions): Promise<SimulatedWalletDeposit> =>
      transport.request({ method: 'POST', template: '/sandbox/wallets/{id}/simulate-deposit', path: { id }, body, options }, simulatedWalletDeposit),
  };
}
