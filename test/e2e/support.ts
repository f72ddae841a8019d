import type { ResultOf, TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { transaction as transactionSchema } from '../../src/oms/schemas/index.js';
import { CreateSellerDocument, CreateSellerSessionDocument, CreateVirtualAccountDocument, CreateWalletDocument } from '../generated/graphql.js';
import type { Cluster } from '../support/cluster.js';
import { appendMarker, MARKER } from '../support/markers.js';

export { MARKER };

/**
 * Helpers of the end-to-end tests over a cluster (test/support/cluster.ts): sellers made through
 * GraphQL like a marketplace does, deposits made at the OMS, and graphql-ws subscribers on any
 * instance, collected and waited on with promises that fail on a deadline (never sleeps).
 */

let counter = 0;
export const unique = (what: string) => `${what}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}-${(counter += 1)}`;

/** A Redis key prefix of its own, so runs (and files) never read each other's logs. */
export const uniquePrefix = (what: string) => `e2e:${unique(what)}`;

type AnyDocument = TypedDocumentNode<any, any>;

/** A typed operation over one instance's HTTP; fails with the GraphQL errors when there are any. */
export async function gql<D extends AnyDocument>(c: Cluster, instance: number, token: string, document: D, variables?: VariablesOf<D>): Promise<ResultOf<D>> {
  const response = await c.request(instance, token, print(document), variables as Record<string, unknown> | undefined);
  if (response.errors?.length || !response.data) throw new Error(`expected data without errors, got ${JSON.stringify(response.errors ?? response)}`);
  return response.data as ResultOf<D>;
}

// ---- Sellers and deposits ----

export interface Seller {
  id: string;
  tenant: 'acme' | 'globex';
  vaId: string;
  /** A seller session token (valid on every instance: they share the session secret). */
  token: string;
}

/** A seller with a wallet and a virtual account, made through GraphQL on `instance` with the tenant's key. */
export async function seller(c: Cluster, tenant: Seller['tenant'], instance = 0): Promise<Seller> {
  const key = c.keys[tenant];
  const { createSeller } = await gql(c, instance, key, CreateSellerDocument, {
    input: { firstName: 'Live', lastName: 'Status', email: `${unique('e2e')}@example.com` },
  });
  const id = createSeller.seller!.id;
  await c.oms.sandbox.idle(); // endorsements
  const { createWallet } = await gql(c, instance, key, CreateWalletDocument, { input: { sellerId: id, idempotencyKey: unique('wallet') } });
  const { createVirtualAccount } = await gql(c, instance, key, CreateVirtualAccountDocument, {
    input: { sellerId: id, destinationWalletId: createWallet.wallet!.id, idempotencyKey: unique('va') },
  });
  const { createSellerSession } = await gql(c, instance, key, CreateSellerSessionDocument, { input: { sellerId: id } });
  return { id, tenant, vaId: createVirtualAccount.virtualAccount!.id, token: createSellerSession.session!.token };
}

/** An inbound ACH transfer at the OMS (the gateways refuse simulateDeposit: they see a real OMS); answers the transaction id. */
export async function deposit(c: Cluster, s: Seller, amount: string, sandboxOutcome?: string): Promise<string> {
  const cents = amount.replace('.', '').replace(/^0+/, '');
  const made = await c.admin.virtualAccounts.simulate(
    s.vaId,
    { rail: 'ach_in', amount: { currency: 'USD', value: cents } },
    sandboxOutcome ? { sandboxOutcome } : undefined,
  );
  return made.transactionId;
}

// ---- Markers: events appended straight to a tenant's log, to start from and to prove silence ----

/** Appends a marker to the tenant's shared log (through an instance's event log) and answers its cursor. */
export async function mark(c: Cluster, tenantId: string, sellerIds: string[] = [], id = `txn_marker_${unique('m')}`): Promise<string> {
  const transaction = transactionSchema.parse({
    id,
    object: 'transaction',
    type: 'fiatToCrypto',
    status: 'completed',
    subStatus: null,
    customerId: sellerIds[0] ?? 'cst_marker',
    quoteId: null,
    virtualAccount: null,
    source: { asset: 'usd', network: 'usBank', amountGross: '1.00', amountNet: '1.00' },
    destination: { wallet: { wallet: 'wlt_marker' }, asset: 'usdc', network: 'polygon', amountGross: '1.00', amountNet: '1.00' },
    metadata: null,
    createdAt: new Date().toISOString(),
  });
  return appendMarker(c.events[0]!, { tenantId, sellerIds, transaction });
}

// ---- Subscribers ----

export interface Pushed {
  cursor: string;
  event: string;
  transaction: {
    id: string;
    status: string;
    subStatus: string | null;
    seller: { id: string } | null;
    source: { amountGross: string | null; amountNet: string | null; fees: { total: string; developer: string; oms: string; gas: string } | null };
    destination: { amountGross: string | null; amountNet: string | null };
  };
}

const SUBSCRIPTION = `subscription Live($after: String, $sellerId: ID) {
  transactionUpdated(after: $after, sellerId: $sellerId) {
    cursor
    event
    transaction {
      id status subStatus
      seller { id }
      source { amountGross amountNet fees { total developer oms gas } }
      destination { amountGross amountNet }
    }
  }
}`;

export interface Subscriber {
  /** What was pushed, in order, markers left out. */
  readonly received: Pushed[];
  /** Every cursor pushed, markers included, in order. */
  readonly cursors: string[];
  /** Resolves with `received` once `done(received)` holds; fails after `ms` or when the subscription fails. */
  until(what: string, done: (received: Pushed[]) => boolean, ms?: number): Promise<Pushed[]>;
  /**
   * Appends a marker to the tenant's log that this subscriber may receive and resolves with what was
   * pushed before it, once it has come: proves nothing else was pushed up to now (the log is ordered).
   */
  quiet(ms?: number): Promise<Pushed[]>;
  /** Disconnects; nothing is recorded after this is called. */
  close(): Promise<void>;
}

export interface Who {
  tenant: 'acme' | 'globex';
  /** For a seller token (or a tenant token filtered by seller): markers carry this seller. */
  sellerId?: string;
}

/**
 * A graphql-ws client (lazy, no retries) subscribed to transactionUpdated on `instance` with `token`.
 * Without `after` it starts after a fresh marker, so it gets everything appended later however long
 * the server takes to start its reader.
 */
export async function subscribe(
  c: Cluster,
  instance: number,
  token: string,
  who: Who,
  variables: { after?: string; sellerId?: string } = {},
): Promise<Subscriber> {
  const after = variables.after ?? (await mark(c, who.tenant));
  const received: Pushed[] = [];
  const cursors: string[] = [];
  const markers = new Set<string>();
  const waiters = new Set<() => void>();
  let failure: Error | undefined;
  let stopped = false;
  const client: Client = createClient({
    url: c.instances[instance]!.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: 0,
  });
  const wake = () => {
    for (const w of waiters) w();
  };
  client.subscribe<{ transactionUpdated: Pushed }>(
    { query: SUBSCRIPTION, variables: { ...variables, after } },
    {
      next: (value) => {
        if (stopped) return;
        const pushed = value.data?.transactionUpdated;
        if (value.errors || !pushed) failure = new Error(`the subscription answered ${JSON.stringify(value)}`);
        else {
          cursors.push(pushed.cursor);
          if (pushed.event === MARKER) markers.add(pushed.transaction.id);
          else received.push(pushed);
        }
        wake();
      },
      error: (error) => {
        if (stopped) return;
        failure = new Error(`the subscription failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
        wake();
      },
      complete: () => {
        if (stopped) return;
        failure = new Error('the server completed the subscription');
        wake();
      },
    },
  );

  function until(what: string, done: (received: Pushed[]) => boolean, ms = 5_000): Promise<Pushed[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (failure) finish(failure);
        else if (done(received)) finish();
      };
      const timer = setTimeout(() => finish(new Error(`timed out after ${ms} ms waiting for ${what}; received ${JSON.stringify(summary(received))}`)), ms);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve([...received]);
      };
      waiters.add(check);
      check();
    });
  }

  return {
    received,
    cursors,
    until,
    async quiet(ms = 5_000) {
      const id = `txn_marker_${unique('q')}`;
      await mark(c, who.tenant, who.sellerId ? [who.sellerId] : [], id);
      return until(`the marker ${id}`, () => markers.has(id), ms);
    },
    async close() {
      stopped = true;
      await client.dispose();
    },
  };
}

/** "<last part of the event name> <transaction id>", e.g. "completed txn_...". */
export function summary(pushed: readonly Pushed[]): string[] {
  return pushed.map((p) => `${p.event.split('.').pop()} ${p.transaction.id}`);
}

/** The statuses pushed for one transaction, in order, by the last part of the event name. */
export function statusesOf(pushed: readonly Pushed[], transactionId: string): string[] {
  return pushed.filter((p) => p.transaction.id === transactionId).map((p) => p.event.split('.').pop()!);
}

const RANK: Record<string, number> = { processing: 1, underReview: 2, completed: 3, failed: 3 };

/** Whether the statuses strictly move forward: no status twice, none after a later one. */
export function movesForward(statuses: readonly string[]): boolean {
  return statuses.every((s, i) => RANK[s] !== undefined && (i === 0 || RANK[s]! > RANK[statuses[i - 1]!]!));
}

/** Resolves once `check()` holds, re-checked whenever `changed` is signalled; fails after `ms`. */
export function signalled(): { notify(): void; until(what: string, check: () => boolean, ms?: number): Promise<void> } {
  const waiters = new Set<() => void>();
  return {
    notify: () => {
      for (const w of waiters) w();
    },
    until(what, check, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const test = () => check() && finish();
        const timer = setTimeout(() => finish(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(test);
          if (error) reject(error);
          else resolve();
        };
        waiters.add(test);
        test();
      });
    },
  };
}
