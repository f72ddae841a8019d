/**
 * What the webhook route did, for tests and operators: counters since start, and the events no
 * tenant owns, kept aside (bounded) instead of delivered. Nothing here is served over HTTP.
 */

/** Why a delivery was refused without being looked at further; each is answered with a 4xx. */
export type Rejection =
  | 'unknown_account'
  | 'missing_signature'
  | 'invalid_signature'
  | 'timestamp_out_of_range'
  | 'payload_too_large'
  | 'invalid_body'
  | 'invalid_json'
  | 'invalid_event';

export interface WebhookStats {
  /** Deliveries that reached the route, refused ones included. */
  received: number;
  rejected: Record<Rejection, number>;
  /** Verified events no dashboard shows (webhook.test, virtualAccount.*, ...): acknowledged, not published. */
  ignored: number;
  /** Per tenant an event went to: appended to the log, a duplicate of one already there, or stale (behind its object). */
  appended: number;
  duplicate: number;
  stale: number;
  /** Balances the gateway read after an event and logged, per tenant: the same three outcomes, apart from OMS's own events. */
  balances: { appended: number; duplicate: number; stale: number };
  /** Events no tenant of the account owns (each event id counted once). */
  orphaned: number;
  /** Deliveries answered 503: the event log or the customer lookup failed, so OMS delivers again. */
  unavailable: number;
}

export interface OrphanedEvent {
  accountId: string;
  eventId: string;
  event: string;
  /** The transaction, cash-in, customer or wallet the event is about. */
  objectId: string;
  customerIds: string[];
  receivedAt: string;
}

export interface WebhookObserver {
  stats(): WebhookStats;
  /** The newest orphaned events, oldest first. */
  orphans(): OrphanedEvent[];
}

export interface WebhookCounters extends WebhookObserver {
  readonly counts: WebhookStats;
  /** Keeps an orphaned event aside; false when this event id is already kept (a retry). */
  keepOrphan(orphan: OrphanedEvent): boolean;
}

export function createWebhookCounters(maxOrphans = 1_000): WebhookCounters {
  const counts: WebhookStats = {
    received: 0,
    rejected: {
      unknown_account: 0,
      missing_signature: 0,
      invalid_signature: 0,
      timestamp_out_of_range: 0,
      payload_too_large: 0,
      invalid_body: 0,
      invalid_json: 0,
      invalid_event: 0,
    },
    ignored: 0,
    appended: 0,
    duplicate: 0,
    stale: 0,
    balances: { appended: 0, duplicate: 0, stale: 0 },
    orphaned: 0,
    unavailable: 0,
  };
  const orphans = new Map<string, OrphanedEvent>();
  return {
    counts,
    stats: () => structuredClone(counts),
    orphans: () => [...orphans.values()].map((orphan) => structuredClone(orphan)),
    keepOrphan(orphan) {
      const key = `${orphan.accountId}\u0000${orphan.eventId}`;
      if (orphans.has(key)) return false;
      orphans.set(key, orphan);
      if (orphans.size > maxOrphans) orphans.delete(orphans.keys().next().value!);
      counts.orphaned += 1;
      return true;
    },
  };
}
