import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { mark, unique } from '../webhooks/support.js';
import type { GraphQLResponse, TestGateway } from './gateway.js';

/**
 * Sellers as a marketplace makes them (through the API with its tenant key), each with a session
 * token, and graphql-ws watchers of what a token is pushed: for the tests of what seller tokens may
 * do and see.
 */

export type TenantName = keyof TestGateway['keys'];

export interface SellerFixture {
  id: string;
  tenant: TenantName;
  walletId: string;
  /** A session token of this seller. */
  token: string;
}

const USER_ERRORS = 'userErrors { field code message }';

/** The data of a call that must succeed without GraphQL errors or userErrors. */
export async function ok(t: TestGateway, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.request(token, query, variables);
  const userErrors = Object.values(res.data ?? {}).flatMap((value) => (value as { userErrors?: unknown[] } | null)?.userErrors ?? []);
  if (res.errors?.length || !res.data || userErrors.length) throw new Error(`${query}\n→ ${JSON.stringify(res)}`);
  return res.data;
}

/** A seller of `tenant` with one USDC wallet and a session token. */
export async function sellerWithWallet(t: TestGateway, tenant: TenantName = 'acme'): Promise<SellerFixture> {
  const key = t.keys[tenant];
  const { createSeller } = await ok(t, key, `mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } ${USER_ERRORS} } }`, {
    input: { firstName: 'View', lastName: 'Seller', email: `${unique('view')}@example.com` },
  });
  const id = createSeller.seller.id as string;
  await t.sandbox.idle(); // endorsements
  const walletId = await createWallet(t, tenant, id);
  const { createSellerSession } = await ok(
    t,
    key,
    `mutation($input: CreateSellerSessionInput!) { createSellerSession(input: $input) { session { token } ${USER_ERRORS} } }`,
    { input: { sellerId: id } },
  );
  return { id, tenant, walletId, token: createSellerSession.session.token };
}

export async function createWallet(t: TestGateway, tenant: TenantName, sellerId: string): Promise<string> {
  const { createWallet } = await ok(
    t,
    t.keys[tenant],
    `mutation($input: CreateWalletInput!) { createWallet(input: $input) { wallet { id } ${USER_ERRORS} } }`,
    {
      input: { sellerId, idempotencyKey: unique('wallet') },
    },
  );
  return createWallet.wallet.id;
}

/** A virtual account into the seller's wallet, made with the tenant key (developer fees are the tenant's to set). */
export async function virtualAccount(t: TestGateway, s: SellerFixture, developerFees: { rate: string; walletId: string }[] = []): Promise<string> {
  const { createVirtualAccount } = await ok(
    t,
    t.keys[s.tenant],
    `mutation($input: CreateVirtualAccountInput!) { createVirtualAccount(input: $input) { virtualAccount { id } ${USER_ERRORS} } }`,
    { input: { sellerId: s.id, destinationWalletId: s.walletId, developerFees, idempotencyKey: unique('va') } },
  );
  return createVirtualAccount.virtualAccount.id;
}

/** A simulated bank deposit into the virtual account; waits for nothing. */
export async function deposit(t: TestGateway, tenant: TenantName, virtualAccountId: string, amount: string): Promise<void> {
  await ok(t, t.keys[tenant], `mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { accepted ${USER_ERRORS} } }`, {
    input: { virtualAccountId, amount, idempotencyKey: unique('deposit') },
  });
}

/** The fields of a pushed event the seller-view tests look at. */
export interface Watched {
  event: string;
  transaction: { id: string; subStatus: string | null; metadata: Record<string, unknown> | null; virtualAccount: { developerFees: { rate: string }[] } | null };
}

const WATCH = `subscription($after: String) {
  transactionUpdated(after: $after) { event transaction { id subStatus metadata virtualAccount { developerFees { rate } } } }
}`;

export interface Watcher {
  /** Resolves with the first pushed event that `matches`, past or future; fails after `ms` or on a subscription error. */
  first(matches: (pushed: Watched) => boolean, ms?: number): Promise<Watched>;
  close(): Promise<void>;
}

/**
 * Watches `token`'s transactionUpdated over graphql-ws from a fresh position of `tenant`'s log
 * (`after`), so whatever is appended from now on reaches it, however late the server starts reading.
 */
export async function watch(t: TestGateway, token: string, tenant: TenantName): Promise<Watcher> {
  const after = await mark(t, tenant, []);
  const received: Watched[] = [];
  const waiters = new Set<() => void>();
  let failure: Error | undefined;
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  const client = createClient({
    url: t.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  client.subscribe<{ transactionUpdated: Watched }>(
    { query: WATCH, variables: { after } },
    {
      next: (value: GraphQLResponse<{ transactionUpdated: Watched }>) => {
        if (value.errors) failure = new Error(`the subscription answered errors: ${JSON.stringify(value.errors)}`);
        else if (value.data) received.push(value.data.transactionUpdated);
        wake();
      },
      error: (error) => {
        failure = new Error(`the subscription failed: ${JSON.stringify(error)}`);
        wake();
      },
      complete: () => {},
    },
  );
  return {
    first: (matches, ms = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(matches);
          if (failure || found) finish(found);
        };
        const timer = setTimeout(() => finish(undefined, new Error(`timed out after ${ms} ms; received ${JSON.stringify(received)}`)), ms);
        const finish = (found: Watched | undefined, error = failure) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (found) resolve(found);
          else reject(error);
        };
        waiters.add(check);
        check();
      }),
    close: () => client.dispose() as Promise<void>,
  };
}
