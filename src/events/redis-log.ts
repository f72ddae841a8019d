import { createHash } from 'node:crypto';
import { closeRedis, connectRedis, type RedisClient, type RedisTarget } from '../redis/connect.js';
import { compareCursors, isCursor } from './cursor.js';
import type { AcceptGuard, AcceptResult, EventFilter, EventLog, NewEvent, LoggedEvent } from './event-log.js';
import { ABORTED, unlessAborted } from './abortable.js';
import { concerns } from './listener-index.js';
import { liveQueue } from './live-queue.js';
import { createTenantReaders, decodeEntry, EVENT_FIELD, lastEntryId } from './redis-reader.js';
import { createReplays, type ReplaySettings } from './redis-replay.js';

/**
 * accept, as one script: Redis runs it atomically, so concurrent copies of one event and a crash
 * between steps cannot leave half an acceptance behind. It is judge() of order.ts line by line
 * (the contract suite holds both to the same answers). KEYS: stream, seen, object, stale counts
 * (a hash by reason: a new key, since the plain counter before it cannot take HINCRBY); all of one
 * tenant, under its hash tag. ARGV: dedupe seconds, max length, max age ms, event JSON, sequence
 * ('' without), 'step' or 'position', the step or position, then the steps it may follow. The
 * object hash keeps step or position, the highest sequence, and `seq:<n>` per sequence taken. The
 * age cutoff uses the server's clock because it made the stream ids compared.
 */
const ACCEPT = `
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then return 'duplicate' end
local seq = tonumber(ARGV[5])
if seq and redis.call('HEXISTS', KEYS[3], 'seq:' .. ARGV[5]) == 1 then return 'duplicate' end
local last = redis.call('HMGET', KEYS[3], 'step', 'position', 'sequence')
local bySequence = seq ~= nil and last[3] ~= false
local function stale(reason)
  redis.call('HINCRBY', KEYS[4], reason, 1)
  return 'stale:' .. reason
end
if bySequence and seq < tonumber(last[3]) then return stale('sequence') end
if ARGV[6] == 'step' then
  if last[1] == ARGV[7] then
    if not bySequence then return 'duplicate' end
  elseif last[1] then
    local may = false
    for i = 8, #ARGV do
      if ARGV[i] == last[1] then may = true end
    end
    if not may then return stale('lifecycle') end
  end
elseif not bySequence and last[2] and tonumber(ARGV[7]) < tonumber(last[2]) then
  return stale('position')
end
redis.call('HSET', KEYS[3], ARGV[6], ARGV[7])
if seq then redis.call('HSET', KEYS[3], 'sequence', ARGV[5], 'seq:' .. ARGV[5], '1') end
redis.call('EXPIRE', KEYS[3], ARGV[1])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', '${EVENT_FIELD}', ARGV[4])
local now = redis.call('TIME')
local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[3])
if cutoff > 0 then redis.call('XTRIM', KEYS[1], 'MINID', '~', string.format('%d', cutoff)) end
return id
`;
const everything: EventFilter = () => true;
const STALE_REPLIES = { 'stale:sequence': 'sequence', 'stale:lifecycle': 'lifecycle', 'stale:position': 'position' } as const;
const ACCEPT_SHA = createHash('sha1').update(ACCEPT).digest('hex');
const DAY_SECONDS = 24 * 3600;

/** `url`: where Redis is (a URL, or a Redis Cluster's nodes); the log connects and closes. `redis`: a connection, left open. */
export type RedisEventLogOptions = ({ url: RedisTarget } | { redis: RedisClient }) & {
  /** First part of every key; one Redis can hold several gateways (or test runs) apart. */
  prefix?: string;
  /** Entries kept per tenant, approximately (whole stream nodes are trimmed, never fewer than this). */
  maxLength?: number;
  /** Entries older than this are trimmed, approximately. */
  maxAgeMs?: number;
  /** How long an event id (and what orders its object's next event) is remembered. */
  dedupeSeconds?: number;
  /** How long one XREAD blocks before it is simply issued again. */
  blockMs?: number;
  /** How resumes read the log: in bounded pages, on a connection of their own, a few at a time (see ReplaySettings). */
  replay?: ReplaySettings;
  /** Connection-level errors; callers of accept and subscribe get theirs directly. */
  onError?: (error: Error) => void;
};

/**
 * The event log in Redis Streams, shared by every gateway instance: one stream per tenant, whose
 * entry ids are the cursors. Keys of a tenant share one hash tag, so the script runs on Redis Cluster.
 * With `url` the log owns its connection and closes it; a `redis` passed in stays open.
 */
export function createRedisEventLog(options: RedisEventLogOptions): EventLog {
  const { prefix = 'omsgw', maxLength = 100_000, maxAgeMs = 7 * DAY_SECONDS * 1000, dedupeSeconds = 7 * DAY_SECONDS, blockMs = 5_000 } = options;
  const onError = options.onError ?? (() => {});
  const owned = 'url' in options;
  const redis =
    'url' in options
      ? connectRedis(options.url, {
          // accept must fail fast while Redis is away (the webhook answers 503 and OMS retries), never
          // hang: a command gives up after one reconnect attempt, and after 1.5 s in any case. A command
          // that timed out may still run after the reconnect; the retry then finds it a duplicate.
          maxRetriesPerRequest: 1,
          commandTimeout: 1_500,
          connectTimeout: 1_000,
          retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
        })
      : options.redis;
  if (owned) redis.on('error', onError);
  const key = (tenantId: string, ...rest: string[]) => [prefix, `{${tenantId}}`, ...rest].join(':');
  const readers = createTenantReaders({
    redis,
    streamKey: (tenantId) => key(tenantId, 'events'),
    connectionName: (tenantId) => `${prefix}:reader:${tenantId}`.replace(/\s/g, '_'),
    blockMs,
    onError,
  });
  const replays = createReplays({ redis, connectionName: `${prefix}:replay`.replace(/\s/g, '_'), onError, ...options.replay });
  const closing = new AbortController();

  async function runAccept(keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(ACCEPT_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(ACCEPT, keys.length, ...keys, ...args);
    }
  }

  /** The tenant's events after `from` that the subscriber wants, read as the replays' budget allows. */
  async function* replay(
    tenantId: string,
    from: string,
    signal: AbortSignal,
    wants: EventFilter,
    sellerIds: readonly string[] | undefined,
  ): AsyncGenerator<LoggedEvent> {
    for await (const [id, fields] of replays.read(tenantId, key(tenantId, 'events'), from, signal)) {
      const event = decodeEntry(id, fields);
      if (event && concerns(event, sellerIds) && wants(event)) yield event;
    }
  }

  return {
    async accept(event: NewEvent, guard: AcceptGuard): Promise<AcceptResult> {
      const t = event.tenantId;
      const keys = [key(t, 'events'), key(t, 'seen', guard.eventId), key(t, 'obj', guard.objectId), key(t, 'stale-by-reason')];
      const sequence = guard.sequence === undefined ? '' : String(guard.sequence);
      const rule = 'step' in guard ? ['step', guard.step, ...guard.after] : ['position', String(guard.position)];
      const reply = await runAccept(keys, [dedupeSeconds, maxLength, maxAgeMs, JSON.stringify(event), sequence, ...rule]);
      if (reply === 'duplicate') return { outcome: reply };
      if (typeof reply === 'string' && Object.hasOwn(STALE_REPLIES, reply))
        return { outcome: 'stale', reason: STALE_REPLIES[reply as keyof typeof STALE_REPLIES] };
      if (typeof reply === 'string' && isCursor(reply)) return { outcome: 'appended', cursor: reply };
      throw new Error(`the accept script answered ${JSON.stringify(reply)}, expected a stream id, "duplicate" or "stale:<reason>"`);
    },

    subscribe(tenantId, after, signal, wants = everything, sellerIds, handOver) {
      const ended = AbortSignal.any([signal, closing.signal]);
      const queue = liveQueue<LoggedEvent>(ended);
      // Without `after` the subscription starts at the stream's end as of now: asked on the command
      // connection, this answer comes before any accept this instance is asked for afterwards.
      const start = after === undefined ? lastEntryId(redis, key(tenantId, 'events')) : Promise.resolve(after);
      start.catch(() => {}); // the replay below reports it
      // A reader that lags (reconnecting) can still hand over entries at or before the start; they
      // are held until the start is known, then dropped.
      let floor = after;
      const early: LoggedEvent[] = [];
      const listener = (event: LoggedEvent) => {
        if (!wants(event)) return;
        if (floor === undefined) early.push(event);
        else if (compareCursors(event.cursor, floor) > 0) queue.push(event);
      };
      // Listen before replaying, so nothing appended meanwhile falls between the two.
      const listening = readers.listen(tenantId, listener, sellerIds);
      const stop = () => {
        listening.stop();
        // A listener left on a signal of AbortSignal.any keeps it, and this subscription, alive (see liveQueue).
        ended.removeEventListener('abort', stop);
      };
      if (ended.aborted) listening.stop();
      else ended.addEventListener('abort', stop, { once: true });

      async function* replayThenSeam(): AsyncGenerator<LoggedEvent> {
        const from = await unlessAborted(start, ended);
        if (from === ABORTED) return;
        floor = from;
        for (const event of early.splice(0)) listener(event);
        // The replay must reach at least the entry the reader starts after, or the seam has a gap.
        if ((await unlessAborted(listening.ready, ended)) === ABORTED) return;
        yield* replay(tenantId, from, ended, wants, sellerIds);
      }

      const handing = handOver && {
        handOver(position: string) {
          if (!handOver(position)) return false;
          stop();
          return true;
        },
        start: () => floor,
      };
      return (async function* () {
        try {
          yield* queue.iterate(replayThenSeam(), handing);
        } finally {
          stop();
        }
      })();
    },

    isCursor,

    end: (tenantId) => lastEntryId(redis, key(tenantId, 'events')),

    status: () => readers.status(),

    async staleCount(tenantId, reason) {
      const counts = reason ? [await redis.hget(key(tenantId, 'stale-by-reason'), reason)] : await redis.hvals(key(tenantId, 'stale-by-reason'));
      return counts.reduce((sum: number, n) => sum + Number(n ?? 0), 0);
    },

    async close() {
      closing.abort();
      await Promise.all([readers.close(), replays.close()]);
      if (!owned) return;
      await closeRedis(redis);
    },
  };
}
