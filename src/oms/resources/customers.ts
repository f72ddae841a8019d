import type { z } from 'zod';
import { listEndpoint, type IterateParams, type PageParams } from '../pagination.js';
import {
  customer,
  type CreateCustomerRequest,
  type Customer,
  type ListCustomersParams,
  type simulateKycRequest,
  type UpdateCustomerRequest,
} from '../schemas/index.js';
import type { CallOptions, Transport, WriteOptions } from '../transport.js';

export type CustomerListParams = ListCustomersParams & PageParams;

/** Customers (the platform's sellers): create, read, list, update, and the sandbox's KYC switch. */
export function customersApi(transport: Transport) {
  const lists = listEndpoint<Customer, CustomerListParams>(transport, '/customers', customer);
  return {
    /** POST /customers. A repeat with the same idempotencyKey returns the first customer, not a second one. */
    create: (body: CreateCustomerRequest, options?: WriteOptions): Promise<Customer> =>
      transport.request({ method: 'POST', template: '/customers', body, options }, customer),
    /** GET /customers/{id}. */
    get: (id: string, options?: CallOptions): Promise<Customer> =>
      transport.request({ method: 'GET', template: '/customers/{id}', path: { id }, options }, customer),
    /** GET /customers: one page, newest first, filtered by status, email, externalId, createdAfter/Before. */
    list: (params: CustomerListParams = {}, options?: CallOptions) => lists.list({}, params, options),
    /** Every matching customer, newest first, fetching pages as the iteration goes. */
    listAll: (params: IterateParams<CustomerListParams> = {}, options?: CallOptions) => lists.listAll({}, params, options),
    /** PATCH /customers/{id}. Not repeated after an ambiguous failure: OMS does not deduplicate PATCH. */
    update: (id: string, body: UpdateCustomerRequest, options?: CallOptions): Promise<Customer> =>
      transport.request({ method: 'PATCH', template: '/customers/{id}', path: { id }, body, options }, customer),
    /** Sandbox only, POST /customers/{id}/simulate-kyc: decides the KYC review of all the customer's endorsements. */
    simulateKyc: (id: string, body: z.input<typeof simulateKycRequest>, options?: WriteOptions): Promise<Customer> =>
      transport.request({ method: 'POST', template: '/customers/{id}/simulate-kyc', path: { id }, body, options }, customer),
  };
}
