import { z } from 'zod';
import { describeIssues, invalidResponse, OmsError } from '../oms/errors.js';
import { safeDecode } from '../oms/schemas/decoded.js';
import type { OmsScope } from '../oms/scope.js';
import type { Call, Transport } from '../oms/transport.js';
import type { ReadCache } from './read-cache.js';
import { customersNamedIn, type ObjectRef, ownerRead, ownersIn, type Reading, readingOf, taughtBy, writtenBy } from './routes.js';

/** OMS's JSON as it came: what the store keeps, so an entry is parsed by the same schema as a fresh answer. */
const RAW = z.unknown();
const PARTIES = z.object({ customerId: z.string().nullish(), senderCustomerId: z.string().nullish(), recipientCustomerId: z.string().nullish() });

/**
 * `inner` reading through `cache` for one OMS account. A GET the cache keeps (routes.ts) is answered
 * from memory or the store when an entry exists under its customer's current generation, else from
 * OMS and kept. The generation is read before OMS is asked, so an answer fetched while a webhook or a
 * write renewed it is kept under the old one, where no later read looks: a read that starts after the
 * renewal never sees what came before it.
 *
 * Each GraphQL operation gets its own view (`scoped`, through OmsClient.within): it reads each
 * customer's generation once, and uses cached entries only for customers the caller may see
 * (`OmsScope.readable`), so someone else's object costs the same OMS call as a missing one. A write
 * renews the generations of every customer its path, body or answer names before it answers.
 */
export function cachedTransport(cache: ReadCache, accountId: string, inner: Transport): Transport {
  const { store, front, counts, maxAgeMs, now } = cache;
  const onStoreError = (_error: unknown) => undefined;

  function view(scope: OmsScope | undefined): Transport {
    const generations = scope ? new Map<string, Promise<string>>() : undefined;
    const readable = scope?.readable ?? (() => true);
    const record = scope?.record;
    const taint = () => {
      if (record) record.tainted = true;
    };
    const generation = (key: string): Promise<string> => {
      if (!generations) return store.generation(key);
      let pending = generations.get(key);
      if (!pending) {
        pending = store.generation(key);
        generations.set(key, pending);
        pending.catch(() => generations.delete(key));
      }
      return pending;
    };

    async function read<S extends z.ZodType>(call: Call, schema: S, reading: Reading): Promise<z.output<S>> {
      const customer = 'customer' in reading.scope ? reading.scope.customer : await cache.ownerOf(accountId, reading.scope).catch(onStoreError);
      const scopeKey = customer === undefined || !readable(customer) ? undefined : cache.scopeOf(accountId, customer);
      const current = scopeKey === undefined ? undefined : await generation(scopeKey).catch(onStoreError);
      if (scopeKey === undefined || current === undefined) {
        taint();
        counts.bypasses += 1;
        return learnFrom(reading, await inner.request(call, schema), customer);
      }
      record?.generations.set(scopeKey, current);
      const key = requestKey(call);
      const frontKey = `${scopeKey}\u0000${current}\u0000${key}`;
      const kept = front.get(frontKey);
      if (kept !== undefined) {
        counts.front += 1;
        noteAge(kept.at);
        return kept.value as z.output<S>;
      }
      const stored = await store.get(scopeKey, current, key).catch(onStoreError);
      const entry = stored === undefined ? undefined : parseStored(stored);
      // Its age counts from when OMS was asked (`at`); the store's own expiry only from the write.
      if (entry !== undefined && now() - entry.at < maxAgeMs) {
        const value = parse(call, schema, entry.json);
        keep(frontKey, value, entry.at);
        counts.shared += 1;
        return value;
      }
      const at = now();
      const fresh = await inner.request(call, RAW);
      const value = parse(call, schema, fresh);
      keep(frontKey, value, at);
      const left = maxAgeMs - (now() - at);
      if (left > 0) store.set(scopeKey, current, key, `${at}\n${JSON.stringify(fresh)}`, left).catch(onStoreError);
      counts.misses += 1;
      return learnFrom(reading, value, customer);
    }

    /** The operation's answer is as old as the oldest entry it used (a kept answer lives no longer than it). */
    function noteAge(at: number): void {
      if (record && (record.oldest === undefined || at < record.oldest)) record.oldest = at;
    }

    /** In front for what is left of the entry's maximum age, counted from when it was fetched from OMS. */
    function keep(frontKey: string, value: unknown, at: number): void {
      noteAge(at);
      const left = maxAgeMs - (now() - at);
      if (left > 0) front.set(frontKey, { value, at }, { ttl: left });
    }

    async function write<T>(call: Call, run: () => Promise<T>): Promise<T> {
      taint();
      const { customers, objects } = writtenBy(call);
      // Before the write: a deleted object can no longer tell whose it was.
      const owners = await Promise.all(objects.map((ref) => ownersOf(ref, call)));
      let result: T | undefined;
      let failure: { error: unknown } | undefined;
      try {
        result = await run();
      } catch (error) {
        failure = { error };
      }
      const changed = [...customers, ...owners.flat(), ...(failure ? [] : customersNamedIn(result))];
      // A failed write may have happened all the same (a timeout): what it would change is renewed either way.
      await cache.invalidate(accountId, changed);
      for (const customer of changed) generations?.delete(cache.scopeOf(accountId, customer));
      if (failure) throw failure.error;
      const taught = taughtBy(call);
      if (taught) cache.learn(accountId, taught.kind, ownersIn(result, taught.customer));
      return result as T;
    }

    async function ownersOf(ref: ObjectRef, call: Call): Promise<string[]> {
      const known = await cache.ownerOf(accountId, ref);
      if (known !== undefined) return [known];
      try {
        const parties = await inner.request({ ...ownerRead(ref), options: { signal: call.options?.signal, deadlineAt: call.options?.deadlineAt } }, PARTIES);
        return customersNamedIn(parties);
      } catch (error) {
        // Nobody's object: the write will answer that itself.
        if (error instanceof OmsError && error.status === 404) return [];
        throw error;
      }
    }

    function learnFrom<T>(reading: Reading, value: T, customer: string | undefined): T {
      if (reading.teaches) cache.learn(accountId, reading.teaches, ownersIn(value, 'customer' in reading.scope ? reading.scope.customer : customer));
      return value;
    }

    return {
      request: (call, schema) => {
        if (call.method !== 'GET') return write(call, () => inner.request(call, schema));
        const reading = call.options?.fresh ? undefined : readingOf(call);
        if (reading) return read(call, schema, reading);
        taint();
        return inner.request(call, schema);
      },
      requestNoContent: (call) => {
        taint();
        return call.method === 'GET' ? inner.requestNoContent(call) : write(call, () => inner.requestNoContent(call));
      },
      stats: inner.stats,
      resetStats: inner.resetStats,
      scoped: (next) => view(next),
    };
  }

  return view(undefined);
}

/** The request within its customer's scope: the path as sent, then the query in a fixed order. */
function requestKey(call: Call): string {
  const path = call.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(call.path?.[name] ?? ''));
  const query = Object.entries(call.query ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]): [string, string] => [name, String(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${path}?${new URLSearchParams(query)}`;
}

/** A stored entry: when it was fetched from OMS (ms), a line break, OMS's JSON. Undefined when unreadable. */
function parseStored(text: string): { at: number; json: unknown } | undefined {
  const newline = text.indexOf('\n');
  const at = Number(text.slice(0, newline));
  if (newline < 0 || !Number.isSafeInteger(at)) return undefined;
  try {
    return { at, json: JSON.parse(text.slice(newline + 1)) };
  } catch {
    return undefined;
  }
}

/** An answer through the caller's schema; values kept in front are shared by operations, so frozen. */
function parse<S extends z.ZodType>(call: Call, schema: S, json: unknown): z.output<S> {
  const result = safeDecode(schema, json);
  if (!result.success) throw invalidResponse(`${call.method} ${call.template}`, 200, null, describeIssues(result.error), result.error);
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
