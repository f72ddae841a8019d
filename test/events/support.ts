import type { AcceptGuard, LoggedEvent, NewTransactionEvent, OrderRule } from '../../src/events/event-log.js';
import { transaction, type TransactionStatus } from '../../src/oms/schemas/index.js';

/**
 * Event `n` of `tenantId`, on transaction `txn` (default its own), ordered by `rule` (default by
 * `position`, default 1), with OMS's `sequence` when given.
 */
export function makeEvent(
  tenantId: string,
  n: number,
  {
    txn = `txn_${n}`,
    position = 1,
    eventId = `whk_${tenantId}_${n}`,
    status = 'processing',
    sequence,
    rule = { position },
  }: { txn?: string; position?: number; eventId?: string; status?: TransactionStatus; sequence?: number; rule?: OrderRule } = {},
): [NewTransactionEvent, AcceptGuard] {
  const event: NewTransactionEvent = {
    kind: 'transaction',
    event: `transaction.fiatToCrypto.${status}`,
    occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n % 60)).toISOString(),
    tenantId,
    sellerIds: [`sel_${n}`],
    virtualAccountId: `va_${n}`,
    compliance: false,
    transaction: transaction.parse({
      id: txn,
      type: 'fiatToCrypto',
      status,
      customerId: 'cst_1',
      // Amounts are decimal strings; the log must hand them back as strings, digit for digit.
      source: { asset: 'usd', network: 'usBank', amountGross: '1000000000000000000.10' },
      destination: { asset: 'usdc', network: 'polygon', wallet: { wallet: 'wlt_1' }, amountNet: '999.990001' },
      createdAt: '2025-01-01T00:00:00Z',
      metadata: { n },
    }),
  };
  return [event, { eventId, objectId: txn, sequence, ...rule }];
}

/** Which event `makeEvent` made this one from. */
export const numberOf = (event: LoggedEvent) => (event.kind === 'transaction' ? (event.transaction.metadata as { n: number }).n : Number.NaN);

/**
 * Reads an event iterable from one iterator, so later reads continue where earlier ones stopped.
 * `take(n)` FAILS (rejects) when n events have not come within `withinMs`; it never waits blindly.
 */
export function reader(iterable: AsyncIterable<LoggedEvent>) {
  const iterator = iterable[Symbol.asyncIterator]();
  return {
    iterator,
    async take(n: number, withinMs = 5_000): Promise<LoggedEvent[]> {
      const got: LoggedEvent[] = [];
      const reading = (async () => {
        while (got.length < n) {
          const next = await iterator.next();
          if (next.done) throw new Error(`the subscription ended after ${got.length} of ${n} events`);
          got.push(next.value);
        }
        return got;
      })();
      return within(reading, withinMs, () => `expected ${n} events within ${withinMs} ms, got ${got.length}: ${got.map(numberOf).join(',')}`);
    },
    /** Events up to and including the first whose number is `n`. */
    async until(n: number, withinMs = 5_000): Promise<LoggedEvent[]> {
      const got: LoggedEvent[] = [];
      const reading = (async () => {
        for (;;) {
          const next = await iterator.next();
          if (next.done) throw new Error(`the subscription ended before event ${n}`);
          got.push(next.value);
          if (numberOf(next.value) === n) return got;
        }
      })();
      return within(reading, withinMs, () => `expected event ${n} within ${withinMs} ms, got ${got.map(numberOf).join(',')}`);
    },
  };
}

/** `promise`, or a rejection saying `what()` once `ms` have passed. */
export function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what())), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
