import { createClient, type Client } from 'graphql-ws';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { AcceptGuard, AcceptResult, EventLog, NewEvent } from '../../src/events/event-log.js';
import { transaction as transactionSchema } from '../../src/oms/schemas/index.js';
import { TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import {
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateVirtualAccountDocument,
  CreateWalletDocument,
  SimulateDepositDocument,
} from '../generated/graphql.js';
import { data } from '../support/documents.js';
import type { TestGateway } from '../support/gateway.js';
import { appendMarker, MARKER } from '../support/markers.js';

export { MARKER };

/**
 * Helpers of the webhook route's tests: subscribers that collect what graphql-ws pushes and are
 * waited on with promises that fail on a deadline, deliveries signed here from the contract (not
 * with the sandbox's signer), and an event log whose store can be taken down.
 */

let counter = 0;
export const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;

// ---- Signing, independently of src/sandbox/webhooks/sign.ts ----

export function signature(secret: string, body: string | Buffer, t = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${v1}`;
}

export function webhookUrl(t: TestGateway, accountId = 'shared'): string {
  return t.gateway.url.replace(/\/graphql$/, `/webhooks/oms/${accountId}`);
}

/** POSTs `body` to the route as OMS would: signed with `secret` unless a header is given (null: none). */
export async function deliver(
  t: TestGateway,
  body: string | Buffer,
  options: { secret?: string; header?: string | null; accountId?: string; t?: number } = {},
) {
  const secret = options.secret ?? t.account.webhookSecrets[0]!;
  const header = options.header === undefined ? signature(secret, body, options.t) : options.header;
  const response = await fetch(webhookUrl(t, options.accountId), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header === null ? {} : { 'webhook-signature': header }) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A transaction as OMS sends it in `data` (fiatToCrypto deposit unless told otherwise). */
export function rawTransaction(fields: {
  id: string;
  customerId: string;
  status: string;
  recipientCustomerId?: string;
  type?: string;
  subStatus?: string | null;
}) {
  return {
    object: 'transaction',
    type: 'fiatToCrypto',
    subStatus: null,
    quoteId: null,
    virtualAccount: null,
    source: { asset: 'usd', network: 'usBank', amountGross: '10.00', amountNet: '9.00' },
    destination: { wallet: { wallet: 'wlt_test' }, asset: 'usdc', network: 'polygon', amountGross: '9.00', amountNet: '9.00' },
    metadata: null,
    createdAt: new Date().toISOString(),
    ...fields,
  };
}

/** An OMS webhook body. */
export function envelope(event: string, data: Record<string, unknown>, extra: { id?: string; sequence?: number } = {}): string {
  return JSON.stringify({
    id: extra.id ?? `whk_evt_${unique('test')}`,
    event,
    createdAt: new Date().toISOString(),
    ...(extra.sequence === undefined ? {} : { sequence: extra.sequence }),
    data,
  });
}

// ---- Sellers, made through the API like a marketplace does ----

export interface Seller {
  id: string;
  tenant: 'acme' | 'globex';
  vaId: string;
  /** A seller session token. */
  token: string;
}

export async function seller(t: TestGateway, tenant: Seller['tenant'] = 'acme'): Promise<Seller> {
  const key = t.keys[tenant];
  const { createSeller } = await data(t, key, CreateSellerDocument, {
    input: { firstName: 'Hook', lastName: 'Seller', email: `${unique('hook')}@example.com` },
  });
  const id = createSeller.seller!.id;
  await t.sandbox.idle(); // endorsements
  const { createWallet } = await data(t, key, CreateWalletDocument, { input: { sellerId: id, idempotencyKey: unique('wallet') } });
  const { createVirtualAccount } = await data(t, key, CreateVirtualAccountDocument, {
    input: { sellerId: id, destinationWalletId: createWallet.wallet!.id, idempotencyKey: unique('va') },
  });
  const { createSellerSession } = await data(t, key, CreateSellerSessionDocument, { input: { sellerId: id } });
  return { id, tenant, vaId: createVirtualAccount.virtualAccount!.id, token: createSellerSession.session!.token };
}

export async function simulateDeposit(t: TestGateway, s: Seller, amount: string): Promise<void> {
  const { simulateDeposit } = await data(t, t.keys[s.tenant], SimulateDepositDocument, {
    input: { virtualAccountId: s.vaId, amount, rail: 'ACH_IN', idempotencyKey: unique('deposit') },
  });
  if (!simulateDeposit.accepted) throw new Error(`the deposit was refused: ${JSON.stringify(simulateDeposit.userErrors)}`);
}

/** A customer of the shared OMS account that no tenant created (no tenant stamp). */
export async function strangerCustomer(t: TestGateway): Promise<string> {
  const client = t.oms;
  const customer = await client.customers.create({
    firstName: 'Nobody',
    lastName: 'Owned',
    email: `${unique('nobody')}@example.com`,
    metadata: { note: 'not a seller' },
  });
  if (customer.metadata?.[TENANT_METADATA_KEY] !== undefined) throw new Error('expected a customer without a tenant stamp');
  return customer.id;
}

// ---- Subscribers ----

export interface Pushed {
  cursor: string;
  event: string;
  transaction: { id: string; status: string; subStatus: string | null };
}

const SUBSCRIPTION = `subscription($after: String, $sellerId: ID) {
  transactionUpdated(after: $after, sellerId: $sellerId) { cursor event transaction { id status subStatus } }
}`;

export interface Subscriber {
  /** What was pushed, the tests' markers left out. */
  readonly received: Pushed[];
  /** Resolves with everything received once there are at least `count` events; fails after `ms`. */
  atLeast(count: number, ms?: number): Promise<Pushed[]>;
  /**
   * Appends a marker event to `tenant`'s log (deliverable to this subscriber) and resolves with what
   * came before it, once it has come: proves that nothing else was pushed up to now.
   */
  quiet(ms?: number): Promise<Pushed[]>;
  close(): Promise<void>;
}

/**
 * A graphql-ws subscriber of `tenant`'s events with `token`. It starts after a fresh marker of the
 * log (`after`), so it gets everything appended later whenever the server starts its reader.
 */
export async function subscribe(
  t: TestGateway,
  token: string,
  who: { tenant: string; sellerId?: string },
  variables: { sellerId?: string } = {},
): Promise<Subscriber> {
  const after = await mark(t, who.tenant, []);
  const received: Pushed[] = [];
  const markers = new Set<string>();
  const waiters = new Set<() => void>();
  let failure: Error | undefined;
  const client: Client = createClient({
    url: t.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const wake = () => {
    for (const w of waiters) w();
  };
  client.subscribe<{ transactionUpdated: Pushed }>(
    { query: SUBSCRIPTION, variables: { after, ...variables } },
    {
      next: (value) => {
        if (value.errors) failure = new Error(`the subscription answered errors: ${JSON.stringify(value.errors)}`);
        else if (value.data?.transactionUpdated.event === MARKER) markers.add(value.data.transactionUpdated.transaction.id);
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

  function until(done: () => boolean, what: string, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (failure) return finish(failure);
        if (done()) finish();
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out after ${ms} ms waiting for ${what}; received ${JSON.stringify(received.map((r) => r.event))}`)),
        ms,
      );
      const finish = (error?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      waiters.add(check);
      check();
    });
  }

  return {
    received,
    async atLeast(count, ms = 5_000) {
      await until(() => received.length >= count, `${count} events`, ms);
      return [...received];
    },
    async quiet(ms = 5_000) {
      const id = `txn_marker_${unique('m')}`;
      await mark(t, who.tenant, who.sellerId ? [who.sellerId] : [], id);
      await until(() => markers.has(id), `the marker ${id}`, ms);
      return [...received];
    },
    close: () => client.dispose() as Promise<void>,
  };
}

/** Appends a marker event straight to the tenant's log; answers its cursor. */
export async function mark(t: TestGateway, tenantId: string, sellerIds: string[], id = `txn_marker_${unique('m')}`): Promise<string> {
  const transaction = transactionSchema.parse(rawTransaction({ id, customerId: sellerIds[0] ?? 'cst_marker', status: 'completed' }));
  return appendMarker(t.events, { tenantId, sellerIds, transaction });
}

// ---- An event log whose store can fail ----

export interface FlakyLog extends EventLog {
  down: boolean;
  /** Every accept that reached the store, and what it answered. */
  readonly accepted: { event: NewEvent; guard: AcceptGuard; result: AcceptResult }[];
  /** Resolves once `n` accepts have failed in total. */
  failures(n: number): Promise<void>;
}

export function flaky(inner: EventLog): FlakyLog {
  let failed = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  const log: FlakyLog = {
    down: false,
    accepted: [],
    async accept(event, guard) {
      if (log.down) {
        failed += 1;
        for (const w of waiting.filter((w) => failed >= w.n)) w.resolve();
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379 (the store is down)');
      }
      const result = await inner.accept(event, guard);
      log.accepted.push({ event, guard, result });
      return result;
    },
    subscribe: (tenantId, after, signal, wants, sellerIds) => inner.subscribe(tenantId, after, signal, wants, sellerIds),
    isCursor: (cursor) => inner.isCursor(cursor),
    staleCount: (tenantId, reason) => inner.staleCount(tenantId, reason),
    close: () => inner.close(),
    failures: (n) => (failed >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }))),
  };
  return log;
}
