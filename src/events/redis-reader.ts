import { dropRedis, duplicateRedis, type RedisClient } from '../redis/connect.js';
import type { LoggedEvent, ReaderStatus } from './event-log.js';
import { createListenerIndex } from './listener-index.js';

/** The one field of a stream entry: the event as JSON, so decimal strings stay strings. */
export const EVENT_FIELD = 'event';

export type EntryListener = (event: LoggedEvent) => void;

/** A stream entry as an event; its id is the cursor. Answers undefined for an entry not written by the log. */
export function decodeEntry(id: string, fields: string[]): LoggedEvent | undefined {
  const at = fields.indexOf(EVENT_FIELD);
  const json = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  if (json === undefined) return undefined;
  // Entries logged before events had kinds were all transaction events.
  const event = JSON.parse(json) as Omit<LoggedEvent, 'cursor' | 'kind'> & { kind?: LoggedEvent['kind'] };
  return { ...event, kind: event.kind ?? 'transaction', cursor: id } as LoggedEvent;
}

/** The id of the stream's newest entry, or "0-0" when it has none (or does not exist). */
export async function lastEntryId(redis: RedisClient, key: string): Promise<string> {
  const [newest] = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
  return newest?.[0] ?? '0-0';
}

export interface TenantReaders {
  /**
   * Adds `listener` for the tenant's new stream entries naming one of `sellerIds` (all of them when
   * undefined), starting the tenant's reader on this instance if it is the first. `ready` resolves
   * once the reader knows the id it reads after: every such entry with a greater id reaches the
   * listener exactly once, in order. `stop` removes the listener; the last one to leave stops the reader.
   */
  listen(tenantId: string, listener: EntryListener, sellerIds?: readonly string[]): { ready: Promise<void>; stop(): void };
  /** Stops every reader and resolves once their connections are closed. */
  close(): Promise<void>;
  status(): ReaderStatus;
}

export interface TenantReadersOptions {
  /** The connection readers are duplicated from (its options, not the connection itself). */
  redis: RedisClient;
  streamKey: (tenantId: string) => string;
  /** CLIENT SETNAME of a tenant's reader connection, so operators (and tests) can find it. */
  connectionName: (tenantId: string) => string;
  blockMs: number;
  onError: (error: Error) => void;
}

const BATCH = 500;
const STOPPED = Symbol('stopped');
const MAX_BACKOFF_MS = 2_000;

/**
 * One reader per tenant with subscribers on this instance: a dedicated connection (XREAD BLOCK holds
 * it) that waits for entries after the last one it delivered, so an entry reaches subscribers as soon
 * as XADD returns, and a dropped connection resumes exactly where it stopped.
 */
export function createTenantReaders({ redis, streamKey, connectionName, blockMs, onError }: TenantReadersOptions): TenantReaders {
  const readers = new Map<string, ReturnType<typeof startReader>>();
  const stopping = new Set<Promise<void>>();
  // Kept here, not per reader: a reader stops with its last subscriber, and these only ever grow.
  const counts = { delivered: 0, lagMsTotal: 0, closed: false };

  function startReader(tenantId: string) {
    const listeners = createListenerIndex();
    const key = streamKey(tenantId);
    // On a Cluster too a reader has a client of its own: its blocked XREAD holds the connection to the
    // stream's node, which every command of a shared client to that node would queue behind.
    const connection = duplicateRedis(redis, {
      connectionName: connectionName(tenantId),
      // A blocked XREAD outlives any command timeout; a connection silent for longer than the block
      // plus a margin is dead (half-open), so the socket timeout tears it down and ioredis reconnects.
      commandTimeout: undefined,
      socketTimeout: blockMs + 5_000,
      // While Redis is away the XREAD waits for the reconnect instead of failing: it is re-sent with
      // the same last id, which is what makes a restart lose and repeat nothing.
      maxRetriesPerRequest: null,
      autoResendUnfulfilledCommands: true,
      enableOfflineQueue: true,
    });
    connection.on('error', onError);
    let stopped = false;
    let failing = false;
    let markStopped!: () => void;
    // Commands are raced with this rather than awaited alone: disconnecting while ioredis waits to
    // reconnect leaves the queued XREAD unsettled, and stop() must not wait for Redis to come back.
    const stopping = new Promise<typeof STOPPED>((resolve) => (markStopped = () => resolve(STOPPED)));
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));

    const loop = (async () => {
      let lastId: string | undefined;
      let failures = 0;
      while (!stopped) {
        try {
          if (lastId === undefined) {
            const newest = await Promise.race([lastEntryId(connection, key), stopping]);
            if (newest === STOPPED) break;
            lastId = newest;
            failing = false;
            markReady();
            continue;
          }
          const reply = await Promise.race([connection.xread('COUNT', BATCH, 'BLOCK', blockMs, 'STREAMS', key, lastId), stopping]);
          if (reply === STOPPED) break;
          failures = 0;
          failing = false;
          for (const [id, fields] of reply?.[0]?.[1] ?? []) {
            if (stopped) break;
            lastId = id;
            // An entry id starts with Redis's clock (ms) at the append.
            counts.delivered += 1;
            counts.lagMsTotal += Math.max(0, Date.now() - Number.parseInt(id, 10));
            const event = decodeEntry(id, fields);
            if (event) listeners.dispatch(event);
          }
        } catch (error) {
          if (stopped) break;
          onError(error as Error);
          failing = true;
          // Errors that survive ioredis' own reconnects (a script error, a wrong key type) would
          // otherwise spin; the wait grows, and stop() cuts it short.
          failures += 1;
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, Math.min(50 * 2 ** failures, MAX_BACKOFF_MS)))), stopping]);
          clearTimeout(timer);
        }
      }
    })();

    return {
      listeners,
      ready,
      connected: () => connection.status === 'ready',
      failing: () => failing,
      async stop() {
        stopped = true;
        markStopped();
        // Disconnecting ends a blocked XREAD at once; QUIT would wait for the block to end.
        await Promise.all([loop, dropRedis(connection)]);
      },
    };
  }

  return {
    listen(tenantId, listener, sellerIds) {
      let reader = readers.get(tenantId);
      if (!reader) {
        reader = startReader(tenantId);
        readers.set(tenantId, reader);
      }
      const own = reader;
      const remove = own.listeners.add(listener, sellerIds);
      let listening = true;
      return {
        ready: own.ready,
        stop() {
          if (!listening) return;
          listening = false;
          remove();
          if (own.listeners.size > 0 || readers.get(tenantId) !== own) return;
          readers.delete(tenantId);
          const stopped = own.stop();
          stopping.add(stopped);
          void stopped.finally(() => stopping.delete(stopped));
        },
      };
    },
    status() {
      let disconnected = 0;
      let failing = 0;
      for (const reader of readers.values()) {
        if (!reader.connected()) disconnected += 1;
        if (reader.failing()) failing += 1;
      }
      return { ...counts, readers: readers.size, disconnected, failing };
    },
    async close() {
      counts.closed = true;
      const all = [...readers.values()].map((reader) => reader.stop());
      readers.clear();
      // Readers whose last subscriber just left (close aborts subscriptions first) are still closing.
      await Promise.all([...all, ...stopping]);
    },
  };
}
