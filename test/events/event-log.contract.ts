import { afterEach, describe, expect, it } from 'vitest';
import type { EventLog, LoggedEvent } from '../../src/events/event-log.js';
import { orderContract } from './order.contract.js';
import { makeEvent, numberOf, range, reader, within } from './support.js';

export interface EventLogFixture {
  log: EventLog;
  /** Another gateway instance over the same store, for implementations shared between processes. */
  peer?: () => Promise<EventLog>;
  cleanup(): Promise<void>;
}

export interface EventLogCapabilities {
  /** Several instances share one log (Redis); memory is one process and has no such test. */
  sharedAcrossInstances: boolean;
}

/** The behaviour every EventLog promises, run against each implementation. */
export function eventLogContract(name: string, make: (options: { maxLength?: number }) => Promise<EventLogFixture>, capabilities: EventLogCapabilities): void {
  describe(`EventLog contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function open(options: { maxLength?: number } = {}): Promise<EventLogFixture> {
      const fixture = await make(options);
      cleanups.push(fixture.cleanup);
      return fixture;
    }

    /** A subscription read through `reader`, aborted when the test ends. */
    function subscribe(log: EventLog, tenantId: string, after?: string) {
      const controller = new AbortController();
      cleanups.push(async () => controller.abort());
      return { ...reader(log.subscribe(tenantId, after, controller.signal)), controller };
    }

    async function append(log: EventLog, tenantId: string, numbers: number[]): Promise<string[]> {
      const cursors: string[] = [];
      for (const n of numbers) {
        const result = await log.accept(...makeEvent(tenantId, n));
        if (result.outcome !== 'appended') throw new Error(`event ${n} was ${result.outcome}, expected appended`);
        cursors.push(result.cursor);
      }
      return cursors;
    }

    it('appends an event and delivers it live, exactly as accepted, with its cursor', async () => {
      const { log } = await open();
      const sub = subscribe(log, 'ten_a');
      const [event, guard] = makeEvent('ten_a', 1);
      const result = await log.accept(event, guard);
      expect(result.outcome).toBe('appended');
      const cursor = result.outcome === 'appended' ? result.cursor : '';
      expect(log.isCursor(cursor)).toBe(true);
      expect(log.isCursor('not-a-cursor')).toBe(false);
      const [delivered] = await sub.take(1);
      expect(delivered).toEqual({ ...event, cursor });
      expect(delivered!.kind === 'transaction' && delivered!.transaction.source.amountGross).toBe('1000000000000000000.10');
    });

    it('keeps tenants apart, live and in replay', async () => {
      const { log } = await open();
      const a = subscribe(log, 'ten_a');
      const b = subscribe(log, 'ten_b');
      await append(log, 'ten_b', [1]);
      await append(log, 'ten_a', [2]);
      await append(log, 'ten_b', [3]);
      await append(log, 'ten_a', [4]);
      expect((await a.take(2)).map(numberOf)).toEqual([2, 4]);
      expect((await b.take(2)).map(numberOf)).toEqual([1, 3]);
      const replayed = subscribe(log, 'ten_a', '0-0');
      const events = await replayed.take(2);
      expect(events.map(numberOf)).toEqual([2, 4]);
      expect(events.every((e) => e.tenantId === 'ten_a')).toBe(true);
    });

    it('answers a repeated event id as a duplicate and delivers the event once', async () => {
      const { log } = await open();
      const sub = subscribe(log, 'ten_a');
      expect((await log.accept(...makeEvent('ten_a', 1, { eventId: 'whk_same' }))).outcome).toBe('appended');
      expect(await log.accept(...makeEvent('ten_a', 2, { eventId: 'whk_same' }))).toEqual({ outcome: 'duplicate' });
      await append(log, 'ten_a', [3]);
      expect((await sub.take(2)).map(numberOf)).toEqual([1, 3]);
    });

    it('appends exactly one of ten concurrent copies of an event', async () => {
      const { log } = await open();
      const sub = subscribe(log, 'ten_a');
      const results = await Promise.all(range(1, 10).map(() => log.accept(...makeEvent('ten_a', 1))));
      expect(results.filter((r) => r.outcome === 'appended')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(9);
      await append(log, 'ten_a', [2]);
      expect((await sub.until(2)).map(numberOf)).toEqual([1, 2]);
    });

    it('records an event that would move its object backwards as stale, with its reason, and does not deliver it', async () => {
      const { log } = await open();
      const sub = subscribe(log, 'ten_a');
      expect((await log.accept(...makeEvent('ten_a', 1, { txn: 'txn_t', position: 3, status: 'completed' }))).outcome).toBe('appended');
      expect(await log.accept(...makeEvent('ten_a', 2, { txn: 'txn_t', position: 1 }))).toEqual({ outcome: 'stale', reason: 'position' });
      expect(await log.accept(...makeEvent('ten_a', 3, { txn: 'txn_t', position: 2 }))).toEqual({ outcome: 'stale', reason: 'position' });
      expect(await log.staleCount('ten_a')).toBe(2);
      expect(await log.staleCount('ten_b')).toBe(0);
      // A stale event's id is still remembered: its retry is a duplicate, not a second stale.
      expect(await log.accept(...makeEvent('ten_a', 2, { txn: 'txn_t', position: 1 }))).toEqual({ outcome: 'duplicate' });
      expect(await log.staleCount('ten_a')).toBe(2);
      await append(log, 'ten_a', [4]);
      expect((await sub.take(2)).map(numberOf)).toEqual([1, 4]);
    });

    it('appends an event at the same position as the last', async () => {
      const { log } = await open();
      const sub = subscribe(log, 'ten_a');
      expect((await log.accept(...makeEvent('ten_a', 1, { txn: 'txn_t', position: 3, status: 'failed' }))).outcome).toBe('appended');
      expect((await log.accept(...makeEvent('ten_a', 2, { txn: 'txn_t', position: 3, status: 'failed' }))).outcome).toBe('appended');
      expect((await sub.take(2)).map(numberOf)).toEqual([1, 2]);
      expect(await log.staleCount('ten_a')).toBe(0);
    });

    it('replays after a cursor, then continues live, with no gap and no repeat while events keep coming', async () => {
      const { log } = await open();
      const cursors = await append(log, 'ten_a', range(1, 200));
      // Subscriptions start at different moments of a concurrent stream of appends, so their seams
      // fall at different places: before, during and after the replay has caught up.
      const subs: ReturnType<typeof subscribe>[] = [subscribe(log, 'ten_a', cursors[49])];
      const appending = (async () => {
        for (const n of range(201, 300)) {
          await append(log, 'ten_a', [n]);
          if (n % 40 === 0) subs.push(subscribe(log, 'ten_a', cursors[49]));
        }
      })();
      const first = await subs[0]!.take(250);
      await appending;
      expect(subs).toHaveLength(3);
      for (const [i, sub] of subs.entries()) {
        const events = i === 0 ? first : await sub.take(250);
        expect(events.map(numberOf), `subscription ${i}`).toEqual(range(51, 300));
        expect(new Set(events.map((e) => e.cursor)).size).toBe(250);
      }
      await append(log, 'ten_a', [301]);
      for (const sub of subs) expect((await sub.take(1)).map(numberOf)).toEqual([301]);
    });

    it('without a cursor delivers only what is accepted after subscribing', async () => {
      const { log } = await open();
      await append(log, 'ten_a', [1, 2, 3]);
      const sub = subscribe(log, 'ten_a');
      await append(log, 'ten_a', [4, 5]);
      expect((await sub.take(2)).map(numberOf)).toEqual([4, 5]);
    });

    it('ends the iterator promptly when the signal aborts', async () => {
      const { log } = await open();
      const sub = subscribe(log, 'ten_a');
      await append(log, 'ten_a', [1]);
      await sub.take(1);
      const pending = sub.iterator.next();
      sub.controller.abort();
      expect(await within(pending, 1_000, () => 'the iterator did not end within 1 s of the abort')).toEqual({ done: true, value: undefined });

      const aborted = new AbortController();
      aborted.abort();
      const never = log.subscribe('ten_a', '0-0', aborted.signal)[Symbol.asyncIterator]();
      expect(await within(never.next(), 1_000, () => 'an aborted subscription did not end')).toEqual({ done: true, value: undefined });
    });

    it('ends every open subscription when the log closes', async () => {
      const { log } = await open();
      const sub = subscribe(log, 'ten_a');
      await append(log, 'ten_a', [1]);
      await sub.take(1);
      const pending = sub.iterator.next();
      await log.close();
      expect(await within(pending, 1_000, () => 'close did not end the subscription')).toEqual({ done: true, value: undefined });
    });

    it('keeps about the newest maxLength events; a cursor older than that replays what is left', async () => {
      const { log } = await open({ maxLength: 10 });
      const [oldest] = await append(log, 'ten_a', range(1, 350));
      const sub = subscribe(log, 'ten_a', oldest);
      await append(log, 'ten_a', [351]);
      const left = (await sub.until(351)).map(numberOf).slice(0, -1);
      // Redis trims whole stream nodes (MAXLEN ~), so "about": at least maxLength, and far fewer than all.
      expect(left.length).toBeGreaterThanOrEqual(10);
      expect(left.length).toBeLessThan(300);
      expect(left).toEqual(range(351 - left.length, 350));
    });

    it('asks an event only of the subscriptions of its sellers and the whole-tenant ones, each once', async () => {
      const { log } = await open();
      const asked = new Map<string, number>();
      /** A subscription limited to `sellerIds` (whole tenant when undefined) whose filter counts what it is asked, by event number. */
      const counted = (name: string, sellerIds?: string[]) => {
        const controller = new AbortController();
        cleanups.push(async () => controller.abort());
        const wants = (event: LoggedEvent) => {
          const key = `${name}:${numberOf(event)}`;
          asked.set(key, (asked.get(key) ?? 0) + 1);
          return sellerIds === undefined || event.sellerIds.some((id) => sellerIds.includes(id));
        };
        return reader(log.subscribe('ten_a', undefined, controller.signal, wants, sellerIds));
      };
      const askedOf = (n: number) => [...asked].filter(([key]) => key.endsWith(`:${n}`));
      const sellers = range(1, 1_000).map((i) => `sel_${i}`);
      const bySeller = sellers.map((id) => counted(id, [id]));
      const wholeTenant = range(1, 3).map((i) => counted(`tenant${i}`));
      const both = counted('both', ['sel_1', 'sel_2']);
      const everyone = [...bySeller, ...wholeTenant, both];
      // Every subscription takes a first event naming every seller: its replay is then behind it, so
      // what follows reaches each one once, live.
      const [first, firstGuard] = makeEvent('ten_a', 1_001);
      await log.accept({ ...first, sellerIds: sellers }, firstGuard);
      expect((await Promise.all(everyone.map((sub) => sub.take(1, 20_000)))).flat().map(numberOf)).toEqual(everyone.map(() => 1_001));

      await append(log, 'ten_a', [7]);
      expect((await bySeller[6]!.take(1)).map(numberOf)).toEqual([7]);
      for (const sub of wholeTenant) expect((await sub.take(1)).map(numberOf)).toEqual([7]);
      expect(askedOf(7).sort()).toEqual([
        ['sel_7:7', 1],
        ['tenant1:7', 1],
        ['tenant2:7', 1],
        ['tenant3:7', 1],
      ]);
      expect(askedOf(7).length).toBeLessThanOrEqual(1 + wholeTenant.length);

      // A send names two sellers: a subscription limited to both is asked, and handed it, once.
      const [send, sendGuard] = makeEvent('ten_a', 1_002);
      await log.accept({ ...send, sellerIds: ['sel_1', 'sel_2'] }, sendGuard);
      expect((await both.take(1)).map(numberOf)).toEqual([1_002]);
      for (const sub of [bySeller[0]!, bySeller[1]!, ...wholeTenant]) expect((await sub.take(1)).map(numberOf)).toEqual([1_002]);
      expect(askedOf(1_002).sort()).toEqual([
        ['both:1002', 1],
        ['sel_1:1002', 1],
        ['sel_2:1002', 1],
        ['tenant1:1002', 1],
        ['tenant2:1002', 1],
        ['tenant3:1002', 1],
      ]);
      // Nothing more came to the one limited to both: the next thing it gets is the next event of sel_1.
      await append(log, 'ten_a', [1]);
      expect((await both.take(1)).map(numberOf)).toEqual([1]);
    });

    it('offers a live, idle subscription for hand-over at its exact position; taken over, it ends there and a subscription from there misses and repeats nothing', async () => {
      const { log } = await open();
      const [, second] = await append(log, 'ten_a', [1, 2]);
      /** The position of each offer, in order. */
      const offers: string[] = [];
      let offered: (() => void) | undefined;
      let take = false;
      const controller = new AbortController();
      cleanups.push(async () => controller.abort());
      const handOver = (position: string) => {
        offers.push(position);
        offered?.();
        return take;
      };
      const nextOffer = (count: number) =>
        within(
          new Promise<void>((resolve) => {
            offered = () => offers.length >= count && resolve();
            offered();
          }),
          5_000,
          () => `offer ${count} never came; offers: ${offers.join(', ')}`,
        );
      // Without a cursor: first offered where it started, the newest event logged when it subscribed.
      const sub = reader(log.subscribe('ten_a', undefined, controller.signal, undefined, undefined, handOver));
      const first = sub.iterator.next();
      await nextOffer(1);
      expect(offers).toEqual([second]);
      const [third] = await append(log, 'ten_a', [3]);
      expect(numberOf(((await first) as IteratorResult<LoggedEvent>).value)).toBe(3);
      // Idle again after yielding 3: offered at 3, and this time taken.
      take = true;
      const ended = sub.iterator.next();
      await nextOffer(2);
      expect(offers).toEqual([second, third]);
      expect(await ended).toEqual({ done: true, value: undefined });
      const from = subscribe(log, 'ten_a', third);
      await append(log, 'ten_a', [4]);
      expect((await from.take(1)).map(numberOf)).toEqual([4]);
      expect(offers).toHaveLength(2);
    });

    it('answers where "now" is: the newest cursor ("0-0" for none); from there a subscription gets exactly what is accepted later', async () => {
      const { log } = await open();
      expect(await log.end?.('ten_a')).toBe('0-0');
      const [, second] = await append(log, 'ten_a', [1, 2]);
      const now = await log.end?.('ten_a');
      expect(now).toBe(second);
      const sub = subscribe(log, 'ten_a', now);
      await append(log, 'ten_a', [3]);
      expect((await sub.take(1)).map(numberOf)).toEqual([3]);
    });

    orderContract(open, subscribe);

    if (capabilities.sharedAcrossInstances) {
      it('delivers an event accepted on one instance to subscribers of every instance', async () => {
        const { log, peer } = await open();
        if (!peer) throw new Error('a log shared across instances must offer a peer');
        const other = await peer();
        const [start] = await append(log, 'ten_a', [1]);
        const here = subscribe(log, 'ten_a', start);
        const there = subscribe(other, 'ten_a', start);
        await append(log, 'ten_a', [2]);
        await append(other, 'ten_a', [3]);
        const seen = async (sub: typeof here): Promise<LoggedEvent[]> => sub.take(2);
        expect((await seen(here)).map(numberOf)).toEqual([2, 3]);
        expect((await seen(there)).map(numberOf)).toEqual([2, 3]);
        // The two instances answer each other's duplicates.
        expect(await other.accept(...makeEvent('ten_a', 2))).toEqual({ outcome: 'duplicate' });
      });
    }
  });
}
