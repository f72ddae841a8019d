import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT_ID, demoTenants } from '../../src/demo.js';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import { startGateway } from '../../src/server.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';
import { redisUrl } from '../support/redis.js';

describe('shutdown', () => {
  it('tells WebSocket clients to reconnect (1012), stops taking requests, and closes its event log', async () => {
    const key = newApiKey(DEMO_TENANT_ID);
    const events = createRedisEventLog({ url: redisUrl(), prefix: `shutdown-${Date.now()}` });
    const gateway = await startGateway({
      config: loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars' }),
      tenants: demoTenants(key),
      logger: pino({ level: 'silent' }),
      events,
      sandbox: { completionDelayMs: 5 },
    });
    const socket = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise<void>((resolve) => {
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string };
        if (message.type !== 'connection_ack') return;
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { transactionUpdated { cursor } }' } }));
        resolve();
      });
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));

    const started = Date.now();
    await gateway.close();
    expect(await closed).toBe(1012);
    // With the WebSocket closed first, HTTP does not wait out its grace period.
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(fetch(gateway.url, { method: 'POST' })).rejects.toThrow();
    // The event log is closed too: it refuses work instead of hanging.
    await expect(
      events.accept(
        {
          kind: 'transaction',
          event: 'x',
          occurredAt: new Date().toISOString(),
          tenantId: 't',
          sellerIds: [],
          virtualAccountId: null,
          compliance: false,
          transaction: {} as never,
        },
        { eventId: 'e', objectId: 'txn_x', position: 1 },
      ),
    ).rejects.toThrow();
  });
});
