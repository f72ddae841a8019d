import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { uniquePrefix } from '../e2e/support.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { redisTargets } from '../support/redis.js';

/**
 * The limits hold across instances: two gateways on one Redis (one server, and a Redis Cluster) share
 * one budget per tenant and one socket cap per seller, whichever instance and transport an operation
 * or socket reaches.
 */

describe.each(redisTargets)('on %s', (_name, target) => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster({ redisUrl: target(), prefix: uniquePrefix('limits'), limits: { requestsPerMinute: 3, socketsPerSeller: 1, sellerShare: 1 } });
  });
  afterAll(() => c?.close());

  const wsUrl = (instance: number) => c.instances[instance]!.url.replace(/^http/, 'ws');

  /** The first answer of one operation over graphql-ws on `instance`. */
  async function overWs(instance: number, token: string, query: string): Promise<{ errors?: { extensions: { code: string } }[] }> {
    const client = createClient({
      url: wsUrl(instance),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    try {
      return await new Promise((resolve, reject) =>
        client.subscribe(
          { query },
          { next: (r) => resolve(r as never), error: (e) => (Array.isArray(e) ? resolve({ errors: e }) : reject(e)), complete: () => {} },
        ),
      );
    } finally {
      await client.dispose();
    }
  }

  /** What a raw socket on `instance` gets after connection_init: the ack, or its close code. Kept open when acknowledged. */
  function connect(instance: number, token: string): Promise<{ answer: string | number; socket: WebSocket }> {
    return new Promise((resolve) => {
      const socket = new WebSocket(wsUrl(instance), 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('message', (data) => resolve({ answer: JSON.parse(String(data)).type, socket }));
      socket.on('close', (code) => resolve({ answer: code, socket }));
    });
  }

  describe('limits across two instances on one Redis', () => {
    it('one budget: an operation on A over HTTP and one on B over graphql-ws spend the tenant’s 3 per minute with the first', async () => {
      const code = (res: { errors?: { extensions: { code: string } }[] }) => res.errors?.[0]?.extensions.code ?? 'none';
      expect(code(await c.request(0, c.keys.globex, '{ viewer { role } }'))).toBe('none');
      expect(code(await overWs(1, c.keys.globex, '{ viewer { role } }'))).toBe('none');
      expect(code(await c.request(1, c.keys.globex, '{ viewer { role } }'))).toBe('none');
      expect(code(await c.request(0, c.keys.globex, '{ viewer { role } }'))).toBe('RATE_LIMITED');
      expect(code(await overWs(1, c.keys.globex, '{ viewer { role } }'))).toBe('RATE_LIMITED');
    });

    it('one socket cap: a seller’s socket on A leaves no room for a second on B, and closing it frees the slot', async () => {
      const seller = await c.request(
        0,
        c.keys.acme,
        'mutation { createSeller(input: { firstName: "Cap", lastName: "Two", email: "cap@example.com" }) { seller { id } } }',
      );
      const id = seller.data.createSeller.seller.id as string;
      const session = await c.request(0, c.keys.acme, `mutation { createSellerSession(input: { sellerId: "${id}" }) { session { token } } }`);
      const token = session.data.createSellerSession.session.token as string;
      const first = await connect(0, token);
      expect(first.answer).toBe('connection_ack');
      expect((await connect(1, token)).answer).toBe(4429);
      first.socket.close();
      expect(first.socket.readyState).not.toBe(WebSocket.OPEN);
    });
  });
});
