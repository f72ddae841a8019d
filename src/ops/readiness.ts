import { Cluster } from 'ioredis';
import type { ReaderStatus } from '../events/event-log.js';
import { OmsError } from '../oms/index.js';
import { closeRedis, connectRedis, type RedisClient, type RedisTarget } from '../redis/connect.js';
import type { OmsAccount } from '../tenancy/accounts.js';

export interface Check {
  ok: boolean;
  /** What was found: why it failed, or a note on what passed. */
  detail?: string;
}

/** The answer of /readyz: ready only when every check passed; `failed` names those that did not. */
export interface ReadinessReport {
  ready: boolean;
  failed: string[];
  checks: Record<string, Check>;
}

export interface Readiness {
  /** Runs every check (at once, each within the time limit). After shutDown(), answers not ready at once without checking. */
  check(): Promise<ReadinessReport>;
  /** From now on not ready: the instance is shutting down (SIGTERM), before it stops taking requests. */
  shutDown(): void;
  /** Closes the Redis connection of the checks. */
  close(): Promise<void>;
}

export interface ReadinessOptions {
  /** Checked with a PING (a Redis Cluster: CLUSTER INFO, its state ok) on a connection of the checks' own; unset: no Redis to check. */
  redis: RedisTarget | undefined;
  /** What the event log's readers are doing (EventLog.status); undefined for a log that has none (in memory). */
  readers: () => ReaderStatus | undefined;
  accounts: () => Iterable<OmsAccount>;
  /** How long one check may take (a probe's own timeout is often 1 s). Default 900 ms. */
  timeoutMs?: number;
  /** After a failed token exchange, the failure is the answer for this long before a probe asks OMS again. Default 5 000 ms. */
  tokenRetryMs?: number;
  now?: () => number;
}

/**
 * Whether this instance should be sent traffic: Redis answers (when configured), the event log's
 * readers are not stuck failing, and each OMS account has a token in hand or can get one. Shutting
 * down, it is not ready whatever the checks say. The checks never hammer what they check: one PING
 * on one connection; a token in hand counts without asking OMS, an exchange is shared with every
 * caller waiting for one, and a failed one is the answer for `tokenRetryMs`.
 */
export function createReadiness(options: ReadinessOptions): Readiness {
  const { timeoutMs = 900, tokenRetryMs = 5_000, now = Date.now } = options;
  let shuttingDown = false;
  let redis: RedisClient | undefined;
  const tokens = new Map<string, TokenCheck>();

  function redisConnection(target: RedisTarget): RedisClient {
    if (redis) return redis;
    redis = connectRedis(target, {
      // A PING while disconnected fails at once instead of waiting in a queue; reconnects come quickly,
      // so the first probe after Redis is back finds the connection ready (or waits for it, below).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: timeoutMs,
      retryStrategy: (attempt) => Math.min(50 * attempt, 500),
      connectionName: 'omsgw:readiness',
    });
    redis.on('error', () => {}); // the check reports it
    return redis;
  }

  async function redisCheck(target: RedisTarget): Promise<Check> {
    const connection = redisConnection(target);
    if (connection.status !== 'ready' && !(await readyWithin(connection, timeoutMs))) return { ok: false, detail: `not connected (${connection.status})` };
    try {
      if (connection instanceof Cluster) {
        // A node answering is not enough: a slot nobody serves fails every command on it.
        const info = await within(connection.cluster('INFO'), timeoutMs);
        if (info === TIMED_OUT) return { ok: false, detail: 'no answer to CLUSTER INFO in time' };
        const state = /^cluster_state:(\w+)/m.exec(info)?.[1] ?? 'unknown';
        return state === 'ok' ? { ok: true } : { ok: false, detail: `cluster_state:${state}` };
      }
      const answer = await within(connection.ping(), timeoutMs);
      return answer === TIMED_OUT ? { ok: false, detail: 'no answer to PING in time' } : { ok: true };
    } catch (error) {
      return { ok: false, detail: `PING failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  function eventLogCheck(): Check {
    const status = options.readers();
    if (!status) return { ok: true, detail: 'in memory' };
    if (status.closed) return { ok: false, detail: 'closed' };
    const detail = `${status.readers} readers, ${status.disconnected} reconnecting, ${status.failing} failing`;
    return { ok: status.failing === 0, detail };
  }

  async function tokenCheck(account: OmsAccount): Promise<Check> {
    let check = tokens.get(account.id);
    if (!check) {
      check = createTokenCheck(account, tokenRetryMs, now);
      tokens.set(account.id, check);
    }
    return check.run(timeoutMs);
  }

  return {
    async check() {
      if (shuttingDown) return { ready: false, failed: ['shutdown'], checks: { shutdown: { ok: false, detail: 'shutting down' } } };
      // All at once; a check that throws has failed (and is handled at once, not when its turn to be awaited comes).
      const run = (check: () => Check | Promise<Check>): Promise<Check> =>
        Promise.resolve()
          .then(check)
          .catch((error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }));
      const pending: [string, Promise<Check>][] = [['eventLog', run(eventLogCheck)]];
      const { redis: target } = options;
      if (target) pending.push(['redis', run(() => redisCheck(target))]);
      for (const account of options.accounts()) pending.push([`oms:${account.id}`, run(() => tokenCheck(account))]);
      const checks: Record<string, Check> = { shutdown: { ok: true } };
      for (const [name, result] of pending) checks[name] = await result;
      const failed = Object.entries(checks)
        .filter(([, check]) => !check.ok)
        .map(([name]) => name);
      return { ready: failed.length === 0, failed, checks };
    },
    shutDown() {
      shuttingDown = true;
    },
    async close() {
      if (redis) await closeRedis(redis);
    },
  };
}

interface TokenCheck {
  run(timeoutMs: number): Promise<Check>;
}

/** One account's token: in hand, or the outcome of the latest exchange (shared, and not repeated within `retryMs` of a failure). */
function createTokenCheck(account: OmsAccount, retryMs: number, now: () => number): TokenCheck {
  let exchange: Promise<Check> | undefined;
  let failed: { check: Check; at: number } | undefined;
  return {
    async run(timeoutMs) {
      if (account.client.tokens.peek() !== undefined) return { ok: true };
      if (!exchange && failed && now() - failed.at < retryMs) return failed.check;
      exchange ??= account.client.tokens.get().then(
        (): Check => {
          failed = undefined;
          return { ok: true, detail: 'token obtained' };
        },
        (error: unknown): Check => {
          const check = { ok: false, detail: `token exchange failed: ${describe(error)}` };
          failed = { check, at: now() };
          return check;
        },
      );
      const mine = exchange;
      void mine.finally(() => {
        if (exchange === mine) exchange = undefined;
      });
      const answer = await within(mine, timeoutMs);
      return answer === TIMED_OUT ? { ok: false, detail: 'token exchange still in flight' } : answer;
    },
  };
}

function describe(error: unknown): string {
  // Status and code only: OMS's message may quote what it was sent.
  if (error instanceof OmsError) return error.status > 0 ? `${error.status} ${error.code}` : error.code;
  return error instanceof Error ? error.name : 'unknown error';
}

const TIMED_OUT = Symbol('timed out');

/** The promise's outcome, or TIMED_OUT after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(resolve, ms, TIMED_OUT)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Whether the connection becomes ready within `ms`. */
function readyWithin(redis: RedisClient, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(done, ms, false);
    redis.on('ready', onReady);
  });
}
