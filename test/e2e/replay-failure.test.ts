import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import { makeEvent } from '../events/support.js';
import { deleteKeys } from '../events/redis-support.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { redisUrl } from '../support/redis.js';
import { capturedLogger } from './replay-support.js';

/**
 * Failures of a running subscription reach the client with the operation's request id and are
 * logged with it: a replay that cannot be read (its Redis connection broken; the command connection,
 * which accept uses, is not touched), and an OMS failure while resolving a pushed event.
 */

let t: TestGateway;
const log = capturedLogger();
const clients: Client[] = [];

interface Outcome {
  events: number;
  errors: { message: string; extensions: { code: string; requestId?: string; retryAfter?: number } }[];
}

const TRANSACTIONS = 'subscription($after: String) { transactionUpdated(after: $after) { cursor } }';

/** Subscribes to `query` with the tenant key after `after`; resolves with the first errors the server sends (in a result or ending it). */
function subscribeUntilErrors(after: string, requestId?: string, query = TRANSACTIONS): Promise<Outcome> {
  const client = createClient({
    url: t.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${t.keys.acme}` },
    retryAttempts: 0,
  });
  clients.push(client);
  let events = 0;
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query, variables: { after }, ...(requestId ? { extensions: { requestId } } : {}) },
      {
        next: (value) => (value.errors ? resolve({ events, errors: value.errors as unknown as Outcome['errors'] }) : void (events += 1)),
        error: (errors) => (Array.isArray(errors) ? resolve({ events, errors }) : reject(new Error(`the socket failed: ${JSON.stringify(errors)}`))),
        complete: () => reject(new Error(`the subscription completed without an error after ${events} events`)),
      },
    );
  });
}

async function stop(): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await t?.close();
}

describe('a replay whose Redis connection is broken', () => {
  const prefix = `replay-failure-${randomUUID()}`;
  const given = new Redis(redisUrl());
  let replayConnection: Redis;
  beforeAll(async () => {
    // The log's connections are duplicated from this one: the test keeps the replays' own to break it.
    const duplicate = given.duplicate.bind(given);
    given.duplicate = (override) => {
      const connection = duplicate(override);
      if (override?.connectionName === `${prefix}:replay`) replayConnection = connection;
      return connection;
    };
    t = await startTestGateway({ events: createRedisEventLog({ redis: given, prefix }), logger: log.logger });
    for (let n = 1; n <= 3; n += 1) await t.events.accept(...makeEvent('acme', n));
    replayConnection.disconnect();
  });
  afterAll(async () => {
    await stop();
    await given.quit();
    await deleteKeys(redisUrl(), `${prefix}:*`);
  });

  it('ends the subscription with INTERNAL_SERVER_ERROR carrying the client’s request id, and logs the failure with it', async () => {
    const requestId = `replay-broken-${randomUUID()}`;
    const outcome = await subscribeUntilErrors('0-0', requestId);
    expect(outcome.events).toBe(0);
    expect(outcome.errors).toEqual([
      {
        message: 'The event log could not be read; subscribe again with `after` set to the last cursor received (quote the requestId when reporting it)',
        extensions: { code: 'INTERNAL_SERVER_ERROR', retryAfter: 1, requestId },
      },
    ]);
    const line = await log.logged((l) => l.requestId === requestId);
    expect(line).toMatchObject({
      level: 50,
      msg: 'subscription ended: the event log could not be read',
      tenant: 'acme',
      subscription: 'transactionUpdated',
      after: '0-0',
    });
    expect(String((line.err as { message: string }).message)).toContain('reading the log of tenant acme after 0-0 failed');
    // Webhooks' path is apart: the command connection still accepts.
    expect((await t.events.accept(...makeEvent('acme', 4))).outcome).toBe('appended');
  });

  it('gives a request id of its own when the client sent none, the same in the error and in the log line', async () => {
    const outcome = await subscribeUntilErrors('0-0');
    const requestId = outcome.errors[0]?.extensions.requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.errors.map((e) => e.extensions.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(await log.logged((l) => l.requestId === requestId)).toMatchObject({ level: 50, msg: 'subscription ended: the event log could not be read' });
  });

  it('answers a bad `after` over graphql-ws as BAD_USER_INPUT with the request id, as HTTP would, logging no fault', async () => {
    const requestId = `bad-after-${randomUUID()}`;
    const outcome = await subscribeUntilErrors('not-a-cursor', requestId);
    expect(outcome.errors).toEqual([{ message: '`after` is not a cursor of transactionUpdated', extensions: { code: 'BAD_USER_INPUT', requestId } }]);
    expect(log.lines.filter((l) => l.requestId === requestId && l.level >= 50)).toEqual([]);
  });
});

describe('an OMS failure while resolving a pushed event', () => {
  beforeAll(async () => {
    t = await startTestGateway({ logger: log.logger });
    await t.events.accept(...makeEvent('acme', 1));
  });
  afterAll(stop);

  it('is sent with the event as OMS_UNAVAILABLE carrying the request id, and logged at warn with it', async () => {
    // makeEvent's transaction belongs to cst_1: resolving its seller asks OMS for that customer.
    t.sandbox.faults.add({ method: 'GET', path: '/customers/cst_1', status: 500, times: 100 });
    const requestId = `oms-down-${randomUUID()}`;
    const seller = 'subscription($after: String) { transactionUpdated(after: $after) { cursor transaction { seller { id } } } }';
    const outcome = await subscribeUntilErrors('0-0', requestId, seller);
    expect(outcome.errors.map((e) => [e.extensions.code, e.extensions.requestId])).toEqual([['OMS_UNAVAILABLE', requestId]]);
    expect(await log.logged((l) => l.requestId === requestId)).toMatchObject({ level: 40, msg: 'OMS call failed' });
  });
});
