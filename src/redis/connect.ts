import { once } from 'node:events';
import { Cluster, type ClusterOptions, type Command, Redis, type RedisOptions } from 'ioredis';

/**
 * The one place Redis connections are made. Every part that shares state through Redis (event log,
 * limits, sessions, seller index, read cache) connects here, so each gets a Cluster client when the
 * gateway is configured with a Redis Cluster (REDIS_CLUSTER_NODES) and a plain one for REDIS_URL.
 * What runs on either must keep each script, MULTI and pipeline within one hash slot: every key of
 * one of them carries the same hash tag (`{...}`).
 */

/** A connection to one Redis server, or to a Redis Cluster (one connection per node, made as needed). */
export type RedisClient = Redis | Cluster;

export interface RedisNode {
  host: string;
  port: number;
}

/** Some nodes of a Redis Cluster: the rest are discovered from them. */
export interface RedisClusterTarget {
  clusterNodes: readonly RedisNode[];
}

/** Where the shared Redis is: a redis:// or rediss:// URL (one server), or a Redis Cluster. */
export type RedisTarget = string | RedisClusterTarget;

/**
 * What a connection is for, in terms both clients understand. On a Cluster, `retryStrategy` and
 * `enableOfflineQueue` are the cluster's (reconnecting when no node answers, queueing until it is
 * ready); the others apply to each node's connection.
 */
export interface ConnectionOptions {
  connectTimeout?: number;
  commandTimeout?: number;
  socketTimeout?: number;
  maxRetriesPerRequest?: number | null;
  enableOfflineQueue?: boolean;
  autoResendUnfulfilledCommands?: boolean;
  retryStrategy?: (attempt: number) => number | null;
  /** CLIENT SETNAME of the connection (of every node's, on a Cluster), so operators (and tests) can find it. */
  connectionName?: string;
  /** Commands issued in one tick sent as one pipeline (per node, on a Cluster). Not for blocking commands. */
  enableAutoPipelining?: boolean;
}

/** Whether `given` is a connection (its owner's to close) rather than where to make one. */
export function isRedisClient(given: RedisClient | RedisTarget): given is RedisClient {
  return given instanceof Redis || given instanceof Cluster;
}

/** A new connection to `target`. */
export function connectRedis(target: RedisTarget, options: ConnectionOptions = {}): RedisClient {
  if (typeof target === 'string') return new Redis(target, options);
  return timed(
    new Cluster(
      target.clusterNodes.map((node) => ({ ...node })),
      clusterOptions(options),
    ),
    options.commandTimeout,
  );
}

/**
 * A connection of its own to where `client` connects, with its options but for `options`: for
 * blocking reads (XREAD BLOCK holds its connection until it answers; on a Cluster it would hold
 * the node's connection every command of that client to the node shares) and for subscribers.
 */
export function duplicateRedis(client: RedisClient, options: ConnectionOptions): RedisClient {
  if (client instanceof Redis) return client.duplicate(options);
  // Cluster.duplicate replaces redisOptions whole: the node options are merged here. A duplicate
  // follows the cluster's changes by the MOVED answers it gets, with no periodic refresh: each one
  // opens a connection, every 5 s, and an instance has a duplicate per tenant with subscribers.
  const merged = { ...clusterOptions(options, client.options.redisOptions), slotsRefreshInterval: 0 };
  return timed(client.duplicate([], merged), merged.redisOptions?.commandTimeout);
}

/**
 * Times a Cluster client's commands from when they are issued, as one server's are: its node
 * connections time a command only once it reaches them, and while no node answers (the cluster is
 * reconnecting) commands wait in the cluster's own queue without limit, so a webhook's accept would
 * hang instead of failing fast.
 */
function timed(cluster: Cluster, commandTimeout: number | undefined): Cluster {
  if (commandTimeout === undefined) return cluster;
  const send = cluster.sendCommand.bind(cluster);
  cluster.sendCommand = (command: Command, ...rest) => {
    command.setTimeout(commandTimeout);
    return send(command, ...rest);
  };
  return cluster;
}

function clusterOptions(
  { enableOfflineQueue, retryStrategy, enableAutoPipelining, ...perNode }: ConnectionOptions,
  base: ClusterOptions['redisOptions'] = {},
): ClusterOptions {
  return {
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
    ...(retryStrategy ? { clusterRetryStrategy: retryStrategy } : {}),
    redisOptions: { ...base, ...perNode } satisfies Partial<RedisOptions>,
  };
}

/** Closes a connection gracefully (replies pending are awaited), or drops it when that fails. */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  await client.quit().catch(() => client.disconnect());
}

/** Drops a connection at once (a blocked command ends with it) and resolves once it is closed. */
export async function dropRedis(client: RedisClient): Promise<void> {
  // No 'end' comes from a connection between reconnect attempts, which has no socket left to close,
  // nor from a Cluster that has no node yet (still resolving its startup nodes).
  const ends =
    client.status !== 'reconnecting' && client.status !== 'end' && (client instanceof Redis || client.status === 'wait' || client.nodes().length > 0);
  const ended = ends ? once(client, 'end') : undefined;
  client.disconnect();
  await ended;
}
