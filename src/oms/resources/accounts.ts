import type { z } from 'zod';
import { listEndpoint, type IterateParams, type PageParams } from '../pagination.js';
import {
  depositAddress,
  externalAccount,
  simulateDepositAddressResponse,
  simulateVirtualAccountResponse,
  virtualAccount,
  type CreateDepositAddressRequest,
  type CreateExternalAccountRequest,
  type CreateVirtualAccountRequest,
  type DepositAddress,
  type ExternalAccount,
  type listAccountsParams,
  type SimulatedAddressDeposit,
  type SimulatedVirtualAccountDeposit,
  type simulateDepositAddressRequest,
  type SimulateVirtualAccountRequest,
  type UpdateAccountRequest,
  type VirtualAccount,
} from '../schemas/index.js';
import type { CallOptions, Transport, WriteOptions } from '../transport.js';

/** The early-access receiving accounts: virtual bank accounts, deposit addresses, external accounts. */

export type AccountListParams = z.input<typeof listAccountsParams> & PageParams;

/** Virtual accounts: a US bank account number whose deposits become crypto in a wallet. */
export function virtualAccountsApi(transport: Transport) {
  const lists = listEndpoint<VirtualAccount, AccountListParams>(transport, '/customers/{id}/virtual-accounts', virtualAccount);
  return {
    /** POST /customers/{id}/virtual-accounts. Needs the usd endorsement and a destination wallet. */
    create: (customerId: string, body: CreateVirtualAccountRequest, options?: WriteOptions): Promise<VirtualAccount> =>
      transport.request({ method: 'POST', template: '/customers/{id}/virtual-accounts', path: { id: customerId }, body, options }, virtualAccount),
    /** GET /customers/{id}/virtual-accounts: one page; deleted ones only when asked for by status. */
    list: (customerId: string, params: AccountListParams = {}, options?: CallOptions) => lists.list({ id: customerId }, params, options),
    /** Every virtual account of the customer matching `status`. */
    listAll: (customerId: string, params: IterateParams<AccountListParams> = {}, options?: CallOptions) => lists.listAll({ id: customerId }, params, options),
    /** GET /virtual-accounts/{id}. */
    get: (id: string, options?: CallOptions): Promise<VirtualAccount> =>
      transport.request({ method: 'GET', template: '/virtual-accounts/{id}', path: { id }, options }, virtualAccount),
    /** PATCH /virtual-accounts/{id}: pause/resume or redirect future deposits. */
    update: (id: string, body: UpdateAccountRequest, options?: CallOptions): Promise<VirtualAccount> =>
      transport.request({ method: 'PATCH', template: '/virtual-accounts/{id}', path: { id }, body, options }, virtualAccount),
    /** DELETE /virtual-accounts/{id} (204): a soft delete; deposits in flight still finish. */
    delete: (id: string, options?: CallOptions): Promise<void> =>
      transport.requestNoContent({ method: 'DELETE', template: '/virtual-accounts/{id}', path: { id }, options }),
    /** Sandbox only, POST /virtual-accounts/{id}/simulate: an inbound transfer, amount in integer cents. */
    simulate: (id: string, body: SimulateVirtualAccountRequest, options?: WriteOptions): Promise<SimulatedVirtualAccountDeposit> =>
      transport.request({ method: 'POST', template: '/virtual-accounts/{id}/simulate', path: { id }, body, options }, simulateVirtualAccountResponse),
  };
}

/** Deposit addresses: a blockchain address whose deposits are forwarded to a wallet. */
export function depositAddressesApi(transport: Transport) {
  const lists = listEndpoint<DepositAddress, AccountListParams>(transport, '/customers/{id}/deposit-addresses', depositAddress);
  return {
    /** POST /customers/{id}/deposit-addresses. Needs the cryptoCustody endorsement. */
    create: (customerId: string, body: CreateDepositAddressRequest, options?: WriteOptions): Promise<DepositAddress> =>
      transport.request({ method: 'POST', template: '/customers/{id}/deposit-addresses', path: { id: customerId }, body, options }, depositAddress),
    /** GET /customers/{id}/deposit-addresses: one page. */
    list: (customerId: string, params: AccountListParams = {}, options?: CallOptions) => lists.list({ id: customerId }, params, options),
    /** Every deposit address of the customer matching `status`. */
    listAll: (customerId: string, params: IterateParams<AccountListParams> = {}, options?: CallOptions) => lists.listAll({ id: customerId }, params, options),
    /** GET /deposit-addresses/{id}. */
    get: (id: string, options?: CallOptions): Promise<DepositAddress> =>
      transport.request({ method: 'GET', template: '/deposit-addresses/{id}', path: { id }, options }, depositAddress),
    /** PATCH /deposit-addresses/{id}: pause/resume or redirect future deposits. */
    update: (id: string, body: UpdateAccountRequest, options?: CallOptions): Promise<DepositAddress> =>
      transport.request({ method: 'PATCH', template: '/deposit-addresses/{id}', path: { id }, body, options }, depositAddress),
    /** DELETE /deposit-addresses/{id}: a soft delete. */
    delete: (id: string, options?: CallOptions): Promise<void> =>
      transport.requestNoContent({ method: 'DELETE', template: '/deposit-addresses/{id}', path: { id }, options }),
    /** Sandbox only, POST /deposit-addresses/{id}/simulate: an inbound on-chain transfer. */
    simulate: (id: string, body: z.input<typeof simulateDepositAddressRequest>, options?: WriteOptions): Promise<SimulatedAddressDeposit> =>
      transport.request({ method: 'POST', template: '/deposit-addresses/{id}/simulate', path: { id }, body, options }, simulateDepositAddressResponse),
  };
}

/** External accounts: bank accounts and addresses outside OMS, provisioned by Polygon, used as destinations. */
export function externalAccountsApi(transport: Transport) {
  const lists = listEndpoint<ExternalAccount, PageParams>(transport, '/customers/{id}/external-accounts', externalAccount);
  return {
    /** Sandbox only, POST /sandbox/customers/{id}/external-accounts: OMS itself has no create endpoint. */
    create: (customerId: string, body: CreateExternalAccountRequest, options?: WriteOptions): Promise<ExternalAccount> =>
      transport.request({ method: 'POST', template: '/sandbox/customers/{id}/external-accounts', path: { id: customerId }, body, options }, externalAccount),
    /** GET /external-accounts/{id}. */
    get: (id: string, options?: CallOptions): Promise<ExternalAccount> =>
      transport.request({ method: 'GET', template: '/external-accounts/{id}', path: { id }, options }, externalAccount),
    /** GET /customers/{id}/external-accounts: one page. */
    list: (customerId: string, params: PageParams = {}, options?: CallOptions) => lists.list({ id: customerId }, params, options),
    /** Every external account of the customer. */
    listAll: (customerId: string, params: IterateParams<PageParams> = {}, options?: CallOptions) => lists.listAll({ id: customerId }, params, options),
  };
}
