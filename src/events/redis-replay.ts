import { dropRedis, duplicateRedis, type RedisClient } from '../redis/connect.js';
import { ABORTED, unlessAborted } from './abortable.js';
import { createReplayBudget } from './replay-budget.js';

/** How resumes read the log; every field has its default where it is read below. */
export interface ReplaySettings {
  /** Entries per XRANGE (default 100): bounds each reply, and what one subscription holds while its socket takes it. */
  pageSize?: number;
  /** Pages read at once by this instance (default 8), and for one tenant (default 4). */
  concurrency?: number;
  perTenant?: number;
  /**
   * 'own' (default): a connection of the replays' own, so a flood of resumes never queues ahead of
   * accept() on the command connection. 'shared': the command connection, as before issue 9 (kept
   * as the benchmark's baseline, with pageSize 500 and no budget).
   */
  connection?: 'own' | 'shared';
}

export interface Replays {
  /**
   * A stream's entries after `after`, page by page until a page comes back short; each page is read
   * in a turn of the budget, which it holds until Redis answers. Ends early, quietly, when `signal`
   * aborts; a failed read throws, naming the tenant and where the page started.
   */
  read(tenantId: string, key: string, after: string, signal: AbortSignal): AsyncGenerator<[id: string, fields: string[]]>;
  /** Closes the replays' own connection (not a shared one); reads in flight fail or end. */
  close(): Promise<void>;
}

export interface ReplaysOptions extends ReplaySettings {
  /** The log's command connection: duplicated for the replays' own, or used as it is when shared. */
  redis: RedisClient;
  /** CLIENT SETNAME of the replays' own connection, so operators (and tests) can find it. */
  connectionName: string;
  onError: (error: Error) => void;
}

export function createReplays(options: ReplaysOptions): Replays {
  const { redis, pageSize = 100, concurrency = 8, perTenant = 4 } = options;
  const budget = createReplayBudget({ total: concurrency, perTenant });
  const own = options.connection !== 'shared';
  const connection = own
    ? duplicateRedis(redis, {
        connectionName: options.connectionName,
        // Turns are waited for in the budget's queue, not here: a page waits on this connection only
        // behind the few others in flight, so one unanswered for 5 s means the connection is broken.
        commandTimeout: 5_000,
        maxRetriesPerRequest: 1,
      })
    : redis;
  if (own) connection.on('error', options.onError);

  return {
    async *read(tenantId, key, from, signal) {
      let after = from;
      for (;;) {
        const release = await budget.take(tenantId, signal);
        if (!release) return;
        const reading = connection.xrange(key, `(${after}`, '+', 'COUNT', pageSize);
        reading.then(release, release);
        let page: [string, string[]][] | typeof ABORTED;
        try {
          page = await unlessAborted(reading, signal);
        } catch (error) {
          throw new Error(`reading the log of tenant ${tenantId} after ${after} failed: ${(error as Error).message}`, { cause: error });
        }
        if (page === ABORTED) return;
        for (const entry of page) {
          after = entry[0];
          yield entry;
        }
        if (page.length < pageSize) return;
      }
    },
    async close() {
      if (!own) return;
      await dropRedis(connection);
    },
  };
}
