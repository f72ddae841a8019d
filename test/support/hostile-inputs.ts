import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import * as Documents from '../generated/graphql.js';
import { unique } from '../webhooks/support.js';
import { ADDRESS } from './deposit-addresses.js';
import type { GraphQLResponse, TestGateway } from './gateway.js';

/**
 * Hostile inputs for test/graphql/hostile-inputs.test.ts: each mutation's base input (valid, reaching
 * OMS) with one field made hostile, and query arguments. Values are sent as a client would send them,
 * including what no typed client would: numbers for strings, objects nested 5,000 deep (built as JSON
 * text, since JSON.stringify itself recurses).
 */

/** What the fixtures give the base inputs: a seller of acme with a wallet and a virtual account. */
export interface Fixtures {
  seller: string;
  wallet: string;
  va: string;
}

/** Ids of the right shapes that no object has: the base input refers to them where no fixture is needed. */
const MISSING = { da: 'da_01M8RZAW7EE1NVQTY21F3WRZ9J', ci: 'ci_01M8RZAW7EE1NVQTY21F3WRZ9J', qt: 'qt_01M8RZAW7EE1NVQTY21F3WRZ9J' };
const REFERENCE = 'GREENDOT-2434:lat=38.4951,lng=-121.5053';

/** Each mutation's document and its base input. */
export const MUTATIONS = {
  createQuote: {
    document: Documents.HostileCreateQuoteDocument,
    base: (f: Fixtures) => ({
      sellerId: f.seller,
      sourceWalletId: f.wallet,
      sourceAmount: '1.00',
      destinationBlockchainAddress: ADDRESS,
      idempotencyKey: unique('q'),
    }),
  },
  executeQuote: { document: Documents.HostileExecuteQuoteDocument, base: () => ({ quoteId: MISSING.qt, idempotencyKey: unique('x') }) },
  createSeller: {
    document: Documents.HostileCreateSellerDocument,
    base: () => ({ firstName: 'Ada', lastName: 'Lovelace', email: `${unique('ada')}@example.com` }),
  },
  updateSeller: { document: Documents.HostileUpdateSellerDocument, base: (f: Fixtures) => ({ id: f.seller, lastName: 'King' }) },
  createWallet: { document: Documents.HostileCreateWalletDocument, base: (f: Fixtures) => ({ sellerId: f.seller, idempotencyKey: unique('w') }) },
  createVirtualAccount: {
    document: Documents.HostileCreateVirtualAccountDocument,
    base: (f: Fixtures) => ({ sellerId: f.seller, destinationWalletId: f.wallet, idempotencyKey: unique('va') }),
  },
  updateVirtualAccount: { document: Documents.HostileUpdateVirtualAccountDocument, base: (f: Fixtures) => ({ id: f.va, status: 'ACTIVE' }) },
  createDepositAddress: {
    document: Documents.HostileCreateDepositAddressDocument,
    base: (f: Fixtures) => ({ sellerId: f.seller, destinationWalletId: f.wallet, idempotencyKey: unique('da') }),
  },
  simulateDeposit: {
    document: Documents.HostileSimulateDepositDocument,
    base: (f: Fixtures) => ({ virtualAccountId: f.va, amount: '500.00', idempotencyKey: unique('dep') }),
  },
  simulateCryptoDeposit: { document: Documents.HostileSimulateCryptoDepositDocument, base: () => ({ depositAddressId: MISSING.da, amount: '200.00' }) },
  createCashIn: {
    document: Documents.HostileCreateCashInDocument,
    base: (f: Fixtures) => ({
      sellerId: f.seller,
      destinationWalletId: f.wallet,
      amount: '100.00',
      cashLocationId: 'loc_01M8RZAW7EE1NVQTY21F3WRZ9J',
      cashLocationReference: REFERENCE,
    }),
  },
  refreshCashIn: { document: Documents.HostileRefreshCashInDocument, base: () => ({ id: MISSING.ci }) },
  simulateCashDeposit: { document: Documents.HostileSimulateCashDepositDocument, base: () => ({ cashInId: MISSING.ci, amount: '100.00' }) },
  registerExternalAccount: {
    document: Documents.HostileRegisterExternalAccountDocument,
    base: (f: Fixtures) => ({ sellerId: f.seller, type: 'US_BANK', bankName: 'Chase', routingNumber: '021000021', accountNumber: '123456789' }),
  },
  createSellerSession: { document: Documents.HostileCreateSellerSessionDocument, base: (f: Fixtures) => ({ sellerId: f.seller }) },
} satisfies Record<string, { document: TypedDocumentNode<any, any>; base: (f: Fixtures) => Record<string, unknown> }>;
export type MutationName = keyof typeof MUTATIONS;

/** An object nested `levels` deep ({"a":{"a":…"x"…}}), written as JSON text when sent. */
export class Deep {
  constructor(readonly levels: number) {}
  json(): string {
    return `${'{"a":'.repeat(this.levels)}"x"${'}'.repeat(this.levels)}`;
  }
}

/** `variables` as JSON text, each Deep written out without recursion. */
export function variablesJson(variables: Record<string, unknown>): string {
  const deep: Deep[] = [];
  const text = JSON.stringify(variables, (_key, value: unknown) => (value instanceof Deep ? `@deep${deep.push(value) - 1}@` : value));
  return text.replace(/"@deep(\d+)@"/g, (_match, i: string) => deep[Number(i)]!.json());
}

/**
 * What the gateway answered, one line per error: "CODE field.path". A userError names its field; a
 * GraphQL error names it in its message (graphql-js: `Variable "$input" got invalid value … at
 * "input.metadata"`; the gateway: "`first` must be …"), or gives "-" when it names none.
 */
export function refusals(response: GraphQLResponse): string[] {
  if (response.errors?.length) return response.errors.map((error) => `${error.extensions?.code} ${namedIn(error.message)}`);
  const payload = Object.values(response.data ?? {})[0] as { userErrors?: { code: string; field: string[] | null }[] } | null;
  return (payload?.userErrors ?? []).map((error) => `${error.code} ${error.field?.join('.') ?? '-'}`);
}

function namedIn(message: string): string {
  const variable = /^Variable "\$(\w+)" got invalid value .*? at "([\w.]+)";/s.exec(message) ?? /^Variable "\$(\w+)"/.exec(message);
  if (variable) return variable[2] ?? variable[1]!;
  return /^`(\w+)`/.exec(message)?.[1] ?? '-';
}

/** Sends `document` with variables that may hold Deep values, over HTTP like any client. */
export async function post(t: TestGateway, token: string, document: TypedDocumentNode<any, any> | string, variables: Record<string, unknown> = {}) {
  const query = typeof document === 'string' ? document : print(document);
  const response = await fetch(t.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: `{"query":${JSON.stringify(query)},"variables":${variablesJson(variables)}}`,
  });
  return (await response.json()) as GraphQLResponse;
}
