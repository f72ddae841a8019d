import { z } from 'zod';
import { listEndpoint, type IterateParams, type PageParams } from '../pagination.js';
import {
  authCommitResponse,
  barcodeAuthResponse,
  cashIn,
  cashLocation,
  type authCommitRequest,
  type barcodeAuthRequest,
  type CashIn,
  type CashLocation,
  type CreateCashInRequest,
  type listCashInsParams,
} from '../schemas/index.js';
import type { CallOptions, Transport, WriteOptions } from '../transport.js';

export type CashInListParams = z.input<typeof listCashInsParams> & PageParams;
export type CashLocationParams = { provider: string; latitude: number; longitude: number; flow?: 'cashIn' | 'cashOut' };

/** Cash locations come as `{data}`; a paging envelope, should OMS add one, is accepted and ignored. */
const cashLocationList = z.object({ data: z.array(cashLocation) }).transform((list) => list.data);

/** Cash-ins: a deposit code paid in cash at a retail location, converted into crypto. */
export function cashInsApi(transport: Transport) {
  const lists = listEndpoint<CashIn, CashInListParams>(transport, '/cash-ins', cashIn);
  return {
    /** POST /cash-ins: issues a deposit code valid for about an hour. */
    create: (body: CreateCashInRequest, options?: WriteOptions): Promise<CashIn> =>
      transport.request({ method: 'POST', template: '/cash-ins', body, options }, cashIn),
    /** GET /cash-ins/{id}. */
    get: (id: string, options?: CallOptions): Promise<CashIn> =>
      transport.request({ method: 'GET', template: '/cash-ins/{id}', path: { id }, options }, cashIn),
    /** GET /cash-ins: one page, newest first. */
    list: (params: CashInListParams = {}, options?: CallOptions) => lists.list({}, params, options),
    /** Every matching cash-in, newest first. */
    listAll: (params: IterateParams<CashInListParams> = {}, options?: CallOptions) => lists.listAll({}, params, options),
    /** POST /cash-ins/{id}/refresh: a fresh deposit code and expiry for the same cash-in. */
    refresh: (id: string, options?: WriteOptions): Promise<CashIn> =>
      transport.request({ method: 'POST', template: '/cash-ins/{id}/refresh', path: { id }, options }, cashIn),
    /** Sandbox only, POST /cash-ins/simulate/barcode-auth: the retailer scans the deposit code. */
    simulateBarcodeAuth: (body: z.input<typeof barcodeAuthRequest>, options?: WriteOptions): Promise<z.output<typeof barcodeAuthResponse>> =>
      transport.request({ method: 'POST', template: '/cash-ins/simulate/barcode-auth', body, options }, barcodeAuthResponse),
    /** Sandbox only, POST /cash-ins/simulate/auth-commit: the cash is handed over; the cash-in proceeds. */
    simulateAuthCommit: (body: z.input<typeof authCommitRequest>, options?: WriteOptions): Promise<z.output<typeof authCommitResponse>> =>
      transport.request({ method: 'POST', template: '/cash-ins/simulate/auth-commit', body, options }, authCommitResponse),
  };
}

/** Retail locations that accept cash for a provider, nearest first. */
export function cashLocationsApi(transport: Transport) {
  return {
    /** GET /cash-locations: provider, latitude and longitude are all required. */
    list: (params: CashLocationParams, options?: CallOptions): Promise<CashLocation[]> =>
      transport.request({ method: 'GET', template: '/cash-locations', query: params, options }, cashLocationList),
  };
}
