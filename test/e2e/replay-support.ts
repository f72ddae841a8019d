import { createClient, type Client } from 'graphql-ws';
import { pino, type Logger } from 'pino';
import WebSocket from 'ws';
import { compareCursors } from '../../src/events/cursor.js';

/**
 * Helpers of the replay tests: a pino logger whose lines the test reads, and many graphql-ws
 * subscriptions over few sockets, counted as they arrive and waited on with promises that fail on a
 * deadline or on the first failure (never sleeps).
 */

export interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

/** A logger at info whose lines are kept, parsed, in `lines`; `logged` resolves once a matching line is written. */
export function capturedLogger(): { logger: Logger; lines: LogLine[]; logged(match: (line: LogLine) => boolean): Promise<LogLine> } {
  const lines: LogLine[] = [];
  const waiters = new Set<(line: LogLine) => void>();
  const stream = {
    write(text: string) {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const w of [...waiters]) w(line);
    },
  };
  return {
    logger: pino({ level: 'info' }, stream),
    lines,
    logged: (match) =>
      new Promise((resolve) => {
        const found = lines.find(match);
        if (found) return resolve(found);
        const waiter = (line: LogLine) => {
          if (!match(line)) return;
          waiters.delete(waiter);
          resolve(line);
        };
        waiters.add(waiter);
      }),
  };
}

const SUBSCRIPTION = 'subscription Flood($after: String) { transactionUpdated(after: $after) { cursor } }';

/** What a subscription's error sink got: graphql-ws hands over the GraphQL errors, or a close event. */
export type Failure = unknown;

export interface Flood {
  /** Events received per subscription, in the order they were opened. */
  readonly counts: number[];
  readonly failures: Failure[];
  /** Whether every subscription's cursors strictly increased (no repeat, no step back). */
  inOrder(): boolean;
  /** Resolves once `done(counts)` holds; fails on the first failure, or after `ms`. */
  until(what: string, done: (counts: number[]) => boolean, ms: number): Promise<void>;
  close(): Promise<void>;
}

/** `sockets` graphql-ws clients on `url` with `token`, each running `perSocket` transactionUpdated subscriptions resuming after `after`. */
export function flood(url: string, token: string, sockets: number, perSocket: number, after = '0-0'): Flood {
  const counts: number[] = [];
  const last: (string | undefined)[] = [];
  const failures: Failure[] = [];
  let ordered = true;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const clients: Client[] = [];
  for (let s = 0; s < sockets; s += 1) {
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(client);
    for (let o = 0; o < perSocket; o += 1) {
      const index = counts.length;
      counts.push(0);
      last.push(undefined);
      client.subscribe<{ transactionUpdated: { cursor: string } }>(
        { query: SUBSCRIPTION, variables: { after } },
        {
          next: (value) => {
            const cursor = value.data?.transactionUpdated.cursor;
            if (value.errors || !cursor) failures.push(value.errors ?? value);
            else {
              if (last[index] !== undefined && compareCursors(cursor, last[index]!) <= 0) ordered = false;
              last[index] = cursor;
              counts[index]! += 1;
            }
            wake();
          },
          error: (error) => {
            failures.push(error instanceof Error ? error.message : error);
            wake();
          },
          complete: () => {},
        },
      );
    }
  }
  return {
    counts,
    failures,
    inOrder: () => ordered,
    until(what, done, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (failures.length > 0)
            finish(new Error(`${failures.length} subscriptions failed while waiting for ${what}; first: ${JSON.stringify(failures[0])}`));
          else if (done(counts)) finish();
        };
        const timer = setTimeout(() => finish(new Error(`timed out after ${ms} ms waiting for ${what}; counts ${summary(counts)}`)), ms);
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      await Promise.all(clients.map((client) => client.dispose()));
    },
  };
}

/** "count ×subscriptions" pairs, for a failure message that stays short. */
function summary(counts: number[]): string {
  const by = new Map<number, number>();
  for (const n of counts) by.set(n, (by.get(n) ?? 0) + 1);
  return [...by].map(([n, k]) => `${n} ×${k}`).join(', ');
}
