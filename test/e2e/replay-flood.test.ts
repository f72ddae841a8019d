import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import { TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { makeEvent } from '../events/support.js';
import { deleteKeys } from '../events/redis-support.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { redisUrl } from '../support/redis.js';
import { deliver, envelope, rawTransaction } from '../webhooks/support.js';
import { capturedLogger, flood, type Flood } from './replay-support.js';

/**
 * A replay flood: a thousand graphql-ws subscriptions resume from "0-0" at once (fifty sockets of
 * twenty operations, the per-socket cap) while another tenant's webhooks arrive. Replays read in
 * bounded pages on their own connection and budget, so every subscription gets its whole replay
 * and every webhook of the other tenant is answered 2xx. Counted, never timed.
 */

const SOCKETS = 50;
const PER_SOCKET = 20;
const EVENTS = 300;
const WEBHOOKS = 200;

let t: TestGateway;
const prefix = `replay-flood-${randomUUID()}`;
const log = capturedLogger();

beforeAll(async () => {
  t = await startTestGateway({
    events: createRedisEventLog({ url: redisUrl(), prefix }),
    logger: log.logger,
    env: { WS_MAX_SUBSCRIPTIONS_PER_SOCKET: String(PER_SOCKET) },
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await deleteKeys(redisUrl(), `${prefix}:*`);
});

describe('a replay flood', () => {
  it(`replays all ${EVENTS} events to each of ${SOCKETS * PER_SOCKET} subscriptions resuming from "0-0", while all ${WEBHOOKS} webhooks of another tenant are answered 2xx`, async () => {
    for (let n = 1; n <= EVENTS; n += 20) {
      await Promise.all(Array.from({ length: Math.min(20, EVENTS - n + 1) }, (_, i) => t.events.accept(...makeEvent('acme', n + i))));
    }
    const globexSeller = await t.oms.customers.create({
      firstName: 'Other',
      lastName: 'Tenant',
      email: `other-${randomUUID()}@example.com`,
      metadata: { [TENANT_METADATA_KEY]: 'globex' },
    });
    await t.sandbox.idle();

    const subscribers: Flood = flood(t.gateway.url, t.keys.acme, SOCKETS, PER_SOCKET);
    // The webhooks arrive while the replays are read: ten in flight at a time.
    const statuses: number[] = [];
    let answeredDuringReplays = 0;
    let next = 0;
    const webhooks = Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < WEBHOOKS) {
          const i = next++;
          const data = rawTransaction({ id: `txn_flood_${i}_${randomUUID()}`, customerId: globexSeller.id, status: 'processing' });
          statuses.push((await deliver(t, envelope('transaction.fiatToCrypto.processing', data, { sequence: 1 }))).status);
          if (subscribers.counts.some((n) => n < EVENTS)) answeredDuringReplays += 1;
        }
      }),
    );
    try {
      await subscribers.until('every replay', (counts) => counts.every((n) => n >= EVENTS), 120_000);
      await webhooks;

      expect(subscribers.failures).toEqual([]);
      expect(subscribers.counts).toEqual(Array.from({ length: SOCKETS * PER_SOCKET }, () => EVENTS));
      expect(subscribers.inOrder()).toBe(true);
      expect(statuses.filter((s) => s >= 200 && s < 300)).toHaveLength(WEBHOOKS);
      // The test measures what it claims: webhooks were answered while replays were still being read.
      expect(answeredDuringReplays).toBeGreaterThan(0);
      // The seam: the next event reaches every subscription once, right after its replay.
      await t.events.accept(...makeEvent('acme', EVENTS + 1));
      await subscribers.until('the live event', (counts) => counts.every((n) => n >= EVENTS + 1), 60_000);
      expect(subscribers.counts).toEqual(Array.from({ length: SOCKETS * PER_SOCKET }, () => EVENTS + 1));
      expect(subscribers.inOrder()).toBe(true);
      expect(log.lines.filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      await webhooks.catch(() => {});
      await subscribers.close();
    }
  }, 180_000);
});
