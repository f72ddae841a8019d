import { Redis } from 'ioredis';
import type { RedisClient } from './connect.js';

export interface ChannelHandlers {
  onMessage(message: string): void;
  /** The subscription is back after a break: what was published meanwhile is lost. */
  onGap(): void;
  /** Errors of the subscriber's connection (never after close). */
  onError(error: Error): void;
}

/** Reconnect attempts to one Cluster node before the subscriber moves to another. */
const NODE_ATTEMPTS = 3;

/**
 * Subscribes to `channel` where `client` connects, on a connection of its own (a subscribed one runs
 * no other command) that waits for Redis rather than failing fast, and subscribes again itself after
 * each reconnection, telling `onGap`. ioredis's own resubscription is off: it would leave a rejection
 * unhandled at close, and says nothing of the gap.
 *
 * On a Cluster the subscriber is a plain connection to one master (a PUBLISH reaches every node of a
 * cluster). ioredis's Cluster subscriber is declined: it moves to another node when its own is lost
 * but tells nobody, so a gap would go unnoticed. Here, a node that does not come back within a few
 * attempts is left for another master the cluster knows, and that move is a gap too.
 */
export function subscribeChannel(client: RedisClient, channel: string, handlers: ChannelHandlers): { close(): void } {
  let closed = false;
  let subscribedOnce = false;
  let current: Redis | undefined;
  let nodeIndex = 0;

  function adopt(connection: Redis): void {
    current = connection;
    connection.on('error', (error: Error) => closed || handlers.onError(error));
    connection.on('message', (_channel: string, message: string) => handlers.onMessage(message));
    connection.on('ready', () => {
      void connection.subscribe(channel).then(
        () => {
          if (closed || current !== connection) return;
          if (subscribedOnce) handlers.onGap();
          subscribedOnce = true;
        },
        (error: Error) => void (closed || handlers.onError(error)),
      );
    });
  }

  const options = { enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined, autoResubscribe: false };
  if (client instanceof Redis) {
    adopt(client.duplicate(options));
  } else {
    const cluster = client;
    const onNode = () => {
      if (closed) return;
      const masters = cluster.nodes('master');
      // None known (the cluster is down or not yet connected): its next 'ready' brings them.
      if (masters.length === 0) return void cluster.once('ready', onNode);
      const { host, port } = masters[nodeIndex++ % masters.length]!.options;
      const connection = new Redis({
        ...cluster.options.redisOptions,
        ...options,
        host,
        port,
        retryStrategy: (attempt) => (attempt > NODE_ATTEMPTS ? null : Math.min(100 * attempt, 1_000)),
      });
      adopt(connection);
      connection.once('end', onNode);
    };
    if (cluster.status === 'ready') onNode();
    else cluster.once('ready', onNode);
  }

  return {
    close() {
      closed = true;
      // Nothing to finish on a subscriber: it is dropped, even while it waits for Redis to come back.
      current?.disconnect();
    },
  };
}
