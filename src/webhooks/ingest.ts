import type { AcceptGuard, AcceptResult, EventLog, NewEvent } from '../events/event-log.js';
import type { OmsAccount } from '../tenancy/accounts.js';
import { isTreasury } from '../tenancy/ownership.js';
import { readBalance, walletsMovedBy, type BalanceRead } from './balances.js';
import { balanceGuard, cashInGuard, sellerGuard, transactionGuard } from './order.js';
import type { ReadEvent } from './read-event.js';
import { createTenantRouter, fetchCustomer, type TenantRouter } from './router.js';
import { createWebhookCounters, type WebhookCounters, type WebhookObserver } from './stats.js';

export { readEvent, type ReadEvent } from './read-event.js';

/**
 * From a verified OMS event to the tenants' event logs. Each event is routed to the tenants owning
 * its customers (the one ownership rule) and accepted once per tenant (de-duplicated by event id and
 * sequence, ordered per object by its kind's rule in order.ts, atomically in the log). When a
 * transaction touching a wallet completes, fails or is refunded, and on wallet.depositDetected, the
 * wallet's new balance is read here, once per event, and logged beside it: subscribers never read it
 * themselves. Anything else is acknowledged and dropped.
 */

/** The event log refused to take the event (e.g. Redis is down): it must not be acknowledged. */
export class EventLogUnavailable extends Error {
  override readonly name = 'EventLogUnavailable';
}

export type IngestOutcome =
  | { kind: 'ignored' }
  | { kind: 'orphaned' }
  /** Per tenant the event went to, what its log did with it. */
  | { kind: 'routed'; outcomes: Map<string, AcceptResult['outcome']> };

export interface WebhookIngestion extends WebhookObserver {
  readonly counters: WebhookCounters;
  /**
   * Resolves once the event is durably where it belongs (or deliberately dropped); rejects with
   * EventLogUnavailable, CustomerLookupFailed or BalanceLookupFailed when that cannot be known now.
   */
  ingest(account: OmsAccount, event: Exclude<ReadEvent, { kind: 'invalid' }>): Promise<IngestOutcome>;
}

export interface WebhookIngestionOptions {
  events: EventLog;
  tenants: readonly { id: string; omsAccount: string }[];
  router?: TenantRouter;
  /**
   * Renews the read cache of the customers an event changed, before anything is logged (subscribers
   * then resolve the event from OMS's new state) and so before the 2xx. Rejects with
   * CacheInvalidationFailed when it cannot; nothing is invalidated when not given.
   */
  invalidate?: (account: OmsAccount, changed: Changed) => Promise<void>;
  /** Where counts and orphans go; new ones when not given. */
  counters?: WebhookCounters;
  now?: () => number;
}

type Routed = Exclude<ReadEvent, { kind: 'invalid' | 'other' }>;

/** What an event changed at OMS: customers it names, and wallets (a fee credited to a treasury wallet names only the wallet). */
export interface Changed {
  customers: (string | null | undefined)[];
  wallets: string[];
}
/** One event for one tenant, from its sellers among the event's customers. */
type Make = (tenantId: string, sellerIds: string[]) => [NewEvent, AcceptGuard];

export function createWebhookIngestion({
  events,
  tenants,
  router = createTenantRouter({ tenants }),
  counters = createWebhookCounters(),
  now = Date.now,
  invalidate = async () => {},
}: WebhookIngestionOptions): WebhookIngestion {
  const { counts } = counters;

  async function accept(event: NewEvent, guard: AcceptGuard): Promise<AcceptResult['outcome']> {
    let result: AcceptResult;
    try {
      result = await events.accept(event, guard);
    } catch (error) {
      throw new EventLogUnavailable(`the event log did not take ${guard.eventId} for tenant ${event.tenantId}`, { cause: error });
    }
    if (event.kind === 'balance') counts.balances[result.outcome] += 1;
    else counts[result.outcome] += 1;
    return result.outcome;
  }

  /** Routes to the tenants owning `customerIds` and accepts one event per tenant; an event no tenant owns is kept aside. */
  async function deliver(account: OmsAccount, read: Routed, objectId: string, customerIds: (string | null | undefined)[], make: Make): Promise<IngestOutcome> {
    const routes = await router.routeCustomers(account.id, account.client, customerIds);
    if (routes.size === 0) {
      counters.keepOrphan({
        accountId: account.id,
        eventId: read.envelope.id,
        event: read.envelope.event,
        objectId,
        customerIds: customerIds.filter((id): id is string => Boolean(id)),
        receivedAt: new Date(now()).toISOString(),
      });
      return { kind: 'orphaned' };
    }
    // A send between sellers of two tenants: each tenant logs it once, with its own sellers.
    const outcomes = await Promise.all([...routes].map(async ([tenantId, sellerIds]) => [tenantId, await accept(...make(tenantId, sellerIds))] as const));
    return { kind: 'routed', outcomes: new Map(outcomes) };
  }

  /** The balance of each wallet, logged for its owner's tenant under the event that moved it. */
  async function balances(account: OmsAccount, read: Routed, walletIds: string[], transactionId: string | null): Promise<void> {
    const reads = (await Promise.all(walletIds.map((id) => readBalance(account.client, id)))).filter((r): r is BalanceRead => r !== null);
    await Promise.all(
      reads.map(({ wallet, balance }) =>
        deliver(account, read, wallet.id, [wallet.customerId], (tenantId, sellerIds) => [
          {
            kind: 'balance',
            event: 'wallet.balanceChanged',
            occurredAt: balance.updatedAt ?? read.envelope.createdAt,
            tenantId,
            sellerIds,
            walletId: wallet.id,
            wallet,
            balance,
            transactionId,
          },
          balanceGuard(wallet, balance, read.envelope.createdAt),
        ]),
      ),
    );
  }

  async function ingestRouted(account: OmsAccount, read: Routed): Promise<IngestOutcome> {
    const { envelope } = read;
    await invalidate(account, changedBy(read));
    const base = { event: envelope.event, occurredAt: envelope.createdAt };
    switch (read.kind) {
      case 'transaction': {
        const txn = read.transaction;
        const outcome = await deliver(account, read, txn.id, [txn.customerId, txn.senderCustomerId, txn.recipientCustomerId], (tenantId, sellerIds) => [
          {
            ...base,
            kind: 'transaction',
            tenantId,
            sellerIds,
            virtualAccountId: txn.virtualAccountId,
            depositAddressId: txn.depositAddressId,
            compliance: envelope.event.endsWith('.underReview'),
            transaction: txn,
          },
          transactionGuard(envelope, txn),
        ]);
        const moved = walletsMovedBy(envelope.event, txn);
        if (moved.length > 0) await balances(account, read, moved, txn.id);
        return outcome;
      }
      case 'cashIn': {
        const { cashIn } = read;
        return deliver(account, read, cashIn.id, [cashIn.customerId], (tenantId, sellerIds) => [
          { ...base, kind: 'cashIn', tenantId, sellerIds, cashIn },
          cashInGuard(envelope, cashIn),
        ]);
      }
      case 'seller': {
        // Who the customer is comes from OMS itself when the event does not carry its metadata.
        const customer = read.customer.metadata ? read.customer : await fetchCustomer(account.client, read.customer.id);
        if (!customer) return { kind: 'orphaned' };
        // A tenant's treasury is no seller: its endorsements are nobody's news.
        if (isTreasury(customer)) {
          counts.ignored += 1;
          return { kind: 'ignored' };
        }
        return deliver(account, read, customer.id, [customer.id], (tenantId, sellerIds) => [
          { ...base, kind: 'seller', tenantId, sellerIds, customer },
          sellerGuard(envelope, customer.id),
        ]);
      }
      case 'walletDeposit': {
        await balances(account, read, [read.walletId], null);
        return { kind: 'routed', outcomes: new Map() };
      }
      default: {
        const unknown: never = read;
        throw new Error(`unknown event kind ${JSON.stringify(unknown)}`);
      }
    }
  }

  return {
    counters,
    stats: counters.stats,
    orphans: counters.orphans,
    async ingest(account, read) {
      if (read.kind !== 'other') return ingestRouted(account, read);
      counts.ignored += 1;
      return { kind: 'ignored' };
    },
  };
}

/** The customers and wallets whose OMS state an event announces a change of. */
function changedBy(read: Routed): Changed {
  switch (read.kind) {
    case 'transaction': {
      const txn = read.transaction;
      const wallets = [txn.source.walletId, txn.destination.walletId, ...txn.developerFees.map((fee) => fee.wallet)];
      return { customers: [txn.customerId, txn.senderCustomerId, txn.recipientCustomerId], wallets: wallets.filter((id): id is string => Boolean(id)) };
    }
    case 'cashIn':
      return { customers: [read.cashIn.customerId], wallets: [] };
    case 'seller':
      return { customers: [read.customer.id], wallets: [] };
    case 'walletDeposit':
      return { customers: [], wallets: [read.walletId] };
    default: {
      const unknown: never = read;
      throw new Error(`unknown event kind ${JSON.stringify(unknown)}`);
    }
  }
}
