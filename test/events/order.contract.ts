import { expect, it } from 'vitest';
import type { AcceptResult, EventLog, LoggedEvent, OrderRule } from '../../src/events/event-log.js';
import type { TransactionStatus } from '../../src/oms/schemas/index.js';
import { transactionOrder, type TransactionStep } from '../../src/webhooks/order.js';
import { makeEvent, numberOf, range } from './support.js';

/**
 * The order guard of the contract: what each implementation of EventLog answers for one object's
 * events, given as tables. Each row's events are accepted one after another on one object; the
 * outcomes, what a subscriber receives (exactly the appended ones, in order) and the stale counts per
 * reason must be the same for every implementation.
 */

type Outcome = 'appended' | 'duplicate' | 'stale:sequence' | 'stale:lifecycle' | 'stale:position';
interface Row {
  name: string;
  /** Each event: its rule (a transaction step, or a position), and OMS's sequence when it has one. */
  events: { rule: OrderRule; status: TransactionStatus; sequence?: number }[];
  outcomes: Outcome[];
}

/** A transaction event at `step`, with `sequence` when given. */
const tx = (step: TransactionStep, sequence?: number) => ({ rule: transactionOrder(step), status: STATUS_OF[step], sequence });
const STATUS_OF: Record<TransactionStep, TransactionStatus> = {
  processing: 'processing',
  underReview: 'processing',
  cashPickupReady: 'cashPickupReady',
  completed: 'completed',
  failed: 'failed',
  refundCompleted: 'failed',
  refundFailed: 'failed',
};
/** An event ordered by `position` (a cash-in's rank, a balance's time), with `sequence` when given. */
const at = (position: number, sequence?: number) => ({ rule: { position }, status: 'processing' as const, sequence });

export const ORDER_ROWS: Row[] = [
  // The cases measured on the landed code (issue 9), then the lifecycle around them.
  {
    name: 'processing at sequence 5, then completed without one: both (a sequence is no step)',
    events: [tx('processing', 5), tx('completed')],
    outcomes: ['appended', 'appended'],
  },
  {
    name: 'completed then failed, without sequences: only the first terminal status',
    events: [tx('completed'), tx('failed')],
    outcomes: ['appended', 'stale:lifecycle'],
  },
  { name: 'failed then completed, without sequences', events: [tx('failed'), tx('completed')], outcomes: ['appended', 'stale:lifecycle'] },
  {
    name: 'an underReview hold after processing, then completed',
    events: [tx('processing'), tx('underReview'), tx('completed')],
    outcomes: ['appended', 'appended', 'appended'],
  },
  { name: 'no underReview hold after completed', events: [tx('completed'), tx('underReview')], outcomes: ['appended', 'stale:lifecycle'] },
  { name: 'no processing after underReview', events: [tx('underReview'), tx('processing')], outcomes: ['appended', 'stale:lifecycle'] },
  { name: 'refundCompleted after failed', events: [tx('failed'), tx('refundCompleted')], outcomes: ['appended', 'appended'] },
  { name: 'refundFailed after failed', events: [tx('processing'), tx('failed'), tx('refundFailed')], outcomes: ['appended', 'appended', 'appended'] },
  { name: 'no refundCompleted after completed', events: [tx('completed'), tx('refundCompleted')], outcomes: ['appended', 'stale:lifecycle'] },
  { name: 'one refund outcome only', events: [tx('failed'), tx('refundCompleted'), tx('refundFailed')], outcomes: ['appended', 'appended', 'stale:lifecycle'] },
  {
    name: 'a refund arriving before its failure: the failure is behind it',
    events: [tx('refundCompleted'), tx('failed')],
    outcomes: ['appended', 'stale:lifecycle'],
  },
  { name: 'a send has no processing event: completed first', events: [tx('completed'), tx('processing')], outcomes: ['appended', 'stale:lifecycle'] },
  {
    name: 'cash pickup: ready, then collected',
    events: [tx('processing'), tx('cashPickupReady'), tx('completed')],
    outcomes: ['appended', 'appended', 'appended'],
  },
  { name: 'the same status twice without a sequence is a duplicate', events: [tx('processing'), tx('processing')], outcomes: ['appended', 'duplicate'] },
  {
    name: 'the same status again without a sequence, after a sequenced one',
    events: [tx('processing', 1), tx('processing')],
    outcomes: ['appended', 'duplicate'],
  },
  { name: 'the same status at a higher sequence is news', events: [tx('processing', 1), tx('processing', 2)], outcomes: ['appended', 'appended'] },
  // Sequences, compared only with sequences.
  { name: 'a sequence below the highest taken is stale', events: [tx('completed', 3), tx('underReview', 2)], outcomes: ['appended', 'stale:sequence'] },
  {
    name: 'a sequence taken again, under another event id, is a duplicate',
    events: [tx('processing', 1), tx('completed', 2), tx('processing', 1)],
    outcomes: ['appended', 'appended', 'duplicate'],
  },
  { name: 'the lifecycle holds with sequences too', events: [tx('completed', 2), tx('processing', 3)], outcomes: ['appended', 'stale:lifecycle'] },
  {
    name: 'an unsequenced step between sequenced ones',
    events: [tx('processing', 1), tx('underReview'), tx('completed', 3)],
    outcomes: ['appended', 'appended', 'appended'],
  },
  {
    name: 'a sequenced event after an unsequenced terminal one: the lifecycle decides',
    events: [tx('completed'), tx('processing', 9)],
    outcomes: ['appended', 'stale:lifecycle'],
  },
  // Positions (cash-ins by status rank, balances by updatedAt, sellers by time).
  { name: 'a position below the last is stale', events: [at(3), at(1)], outcomes: ['appended', 'stale:position'] },
  { name: 'the same position is taken', events: [at(3), at(3)], outcomes: ['appended', 'appended'] },
  { name: 'with sequences on both sides the sequence decides (a refreshed cash-in)', events: [at(3, 3), at(1, 4)], outcomes: ['appended', 'appended'] },
  { name: 'without a sequence to compare, the position', events: [at(3, 3), at(1)], outcomes: ['appended', 'stale:position'] },
  { name: 'a position at a sequence taken is a duplicate', events: [at(1, 2), at(2, 2)], outcomes: ['appended', 'duplicate'] },
  { name: 'a position at a lower sequence is stale', events: [at(1, 5), at(9, 4)], outcomes: ['appended', 'stale:sequence'] },
];

const shown = (result: AcceptResult): Outcome => (result.outcome === 'stale' ? `stale:${result.reason}` : result.outcome);

/** The order cases, on a fresh log each, subscribed to with `subscribe`. */
export function orderContract(
  open: () => Promise<{ log: EventLog }>,
  subscribe: (log: EventLog, tenantId: string) => { take(n: number): Promise<LoggedEvent[]> },
): void {
  it.each(ORDER_ROWS)('orders one object: $name', async ({ events, outcomes }) => {
    const { log } = await open();
    const sub = subscribe(log, 'ten_a');
    const got: Outcome[] = [];
    for (const [i, { rule, status, sequence }] of events.entries()) {
      got.push(shown(await log.accept(...makeEvent('ten_a', i + 1, { txn: 'txn_o', rule, status, sequence }))));
    }
    expect(got).toEqual(outcomes);
    // Exactly the appended ones reach a subscriber, in order: a marker on another object proves nothing else came.
    await log.accept(...makeEvent('ten_a', 99, { txn: 'txn_marker' }));
    const appended = range(1, events.length).filter((n) => outcomes[n - 1] === 'appended');
    expect((await sub.take(appended.length + 1)).map(numberOf)).toEqual([...appended, 99]);
    for (const reason of ['sequence', 'lifecycle', 'position'] as const) {
      expect(await log.staleCount('ten_a', reason), reason).toBe(outcomes.filter((o) => o === `stale:${reason}`).length);
    }
    expect(await log.staleCount('ten_a')).toBe(outcomes.filter((o) => o.startsWith('stale')).length);
  });

  it('appends exactly one of five concurrent deliveries of one change under five event ids', async () => {
    const { log } = await open();
    const sub = subscribe(log, 'ten_a');
    const copies = range(1, 5).map((n) => makeEvent('ten_a', n, { txn: 'txn_five', status: 'completed', sequence: 2, rule: transactionOrder('completed') }));
    const results = await Promise.all(copies.map(([event, guard]) => log.accept(event, guard)));
    expect(results.map(shown).sort()).toEqual(['appended', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    await log.accept(...makeEvent('ten_a', 99, { txn: 'txn_marker' }));
    const [first, marker] = await sub.take(2);
    expect([first!.kind === 'transaction' && first!.transaction.id, numberOf(marker!)]).toEqual(['txn_five', 99]);
    expect(await log.staleCount('ten_a')).toBe(0);
  });

  it('keeps objects and tenants apart: the same transaction id of two tenants is ordered apart', async () => {
    const { log } = await open();
    const completed = { txn: 'txn_same', status: 'completed' as const, rule: transactionOrder('completed'), sequence: 2 };
    expect(shown(await log.accept(...makeEvent('ten_a', 1, completed)))).toBe('appended');
    expect(shown(await log.accept(...makeEvent('ten_b', 1, completed)))).toBe('appended');
    expect(shown(await log.accept(...makeEvent('ten_a', 2, { ...completed, txn: 'txn_other' })))).toBe('appended');
  });
}
