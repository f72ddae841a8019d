import { statusRank, type AcceptResult, type EventLog } from '../events/event-log.js';
import { describeIssues } from '../oms/errors.js';
import { transaction as transactionSchema, webhookEvent, type Transaction, type WebhookEvent } from '../oms/schemas/index.js';
import type { OmsAccount } from '../tenancy/accounts.js';
import { createTenantRouter, type TenantRouter } from './router.js';
import { createWebhookCounters, type WebhookCounters, type WebhookObserver } from './stats.js';

/**
 * From a verified OMS event to the tenants' event logs: transaction status changes are routed to the
 * tenants owning the transaction's customers and accepted once per tenant (de-duplicated by event id,
 * ordered per transaction by the log, atomically); everything else is acknowledged and dropped.
 */

export type ReadEvent =
  | { kind: 'invalid'; problem: string }
  /** Not a transaction status change: customer.endorsement.*, cashIn.*, wallet.*, webhook.test, ... */
  | { kind: 'other'; envelope: WebhookEvent }
  | { kind: 'transaction'; envelope: WebhookEvent; transaction: Transaction };

/** The parsed JSON of a verified delivery as an OMS event: the envelope, and for transaction.* events the transaction in `data`. */
export function readEvent(body: unknown): ReadEvent {
  const envelope = webhookEvent.safeParse(body);
  if (!envelope.success) return { kind: 'invalid', problem: `expected an OMS event envelope {id, event, createdAt, data}: ${describeIssues(envelope.error)}` };
  if (!envelope.data.event.startsWith('transaction.')) return { kind: 'other', envelope: envelope.data };
  const transaction = transactionSchema.safeParse(envelope.data.data);
  if (!transaction.success)
    return { kind: 'invalid', problem: `expected a transaction in data of ${envelope.data.event}: ${describeIssues(transaction.error)}` };
  return { kind: 'transaction', envelope: envelope.data, transaction: transaction.data };
}

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
   * EventLogUnavailable or CustomerLookupFailed when that cannot be known now.
   */
  ingest(account: OmsAccount, event: Exclude<ReadEvent, { kind: 'invalid' }>): Promise<IngestOutcome>;
}

export interface WebhookIngestionOptions {
  events: EventLog;
  tenants: readonly { id: string; omsAccount: string }[];
  router?: TenantRouter;
  /** Where counts and orphans go; new ones when not given. */
  counters?: WebhookCounters;
  now?: () => number;
}

export function createWebhookIngestion({
  events,
  tenants,
  router = createTenantRouter({ tenants }),
  counters = createWebhookCounters(),
  now = Date.now,
}: WebhookIngestionOptions): WebhookIngestion {
  const { counts } = counters;

  async function accept(tenantId: string, sellerIds: string[], envelope: WebhookEvent, transaction: Transaction): Promise<AcceptResult['outcome']> {
    const event = {
      event: envelope.event,
      occurredAt: envelope.createdAt,
      tenantId,
      sellerIds,
      virtualAccountId: transaction.virtualAccountId,
      compliance: envelope.event.endsWith('.underReview'),
      transaction,
    };
    // OMS's per-object sequence orders best; without it, a status may not fall back to a lower rank.
    const guard = { eventId: envelope.id, transactionId: transaction.id, position: envelope.sequence ?? statusRank(transaction.status) };
    let result: AcceptResult;
    try {
      result = await events.accept(event, guard);
    } catch (error) {
      throw new EventLogUnavailable(`the event log did not take ${envelope.id} for tenant ${tenantId}`, { cause: error });
    }
    counts[result.outcome] += 1;
    return result.outcome;
  }

  return {
    counters,
    stats: counters.stats,
    orphans: counters.orphans,
    async ingest(account, read) {
      if (read.kind === 'other') {
        counts.ignored += 1;
        return { kind: 'ignored' };
      }
      const { envelope, transaction } = read;
      const routes = await router.route(account.id, account.client, transaction);
      if (routes.size === 0) {
        const customerIds = [transaction.customerId, transaction.recipientCustomerId].filter((id): id is string => Boolean(id));
        counters.keepOrphan({
          accountId: account.id,
          eventId: envelope.id,
          event: envelope.event,
          transactionId: transaction.id,
          customerIds,
          receivedAt: new Date(now()).toISOString(),
        });
        return { kind: 'orphaned' };
      }
      // A send between sellers of two tenants: each tenant logs it once, with its own sellers.
      const outcomes = await Promise.all(
        [...routes].map(async ([tenantId, sellerIds]) => [tenantId, await accept(tenantId, sellerIds, envelope, transaction)] as const),
      );
      return { kind: 'routed', outcomes: new Map(outcomes) };
    },
  };
}
