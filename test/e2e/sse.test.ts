import type { Client } from 'graphql-sse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCluster, type Cluster } from '../support/cluster.js';
import { redisUrl } from '../support/redis.js';
import { type Pushed, type SseWatcher, sseClient, watchSse } from '../support/sse.js';
import { deposit, mark, seller, unique, uniquePrefix } from './support.js';

/**
 * Server-Sent Events across two instances on one Redis, with graphql-sse's own client: the OMS's
 * webhooks reach instance A (0), streams on B (1) get them; the socket caps count a stream on one
 * instance against a socket or stream on the other; a session revoked on one instance ends its
 * stream on the other.
 */

const A = 0;
const B = 1;
const SUBSCRIPTION = 'subscription($after: String) { transactionUpdated(after: $after) { cursor event transaction { id status } } }';

let c: Cluster;
const clients: Client[] = [];
const watchers: SseWatcher[] = [];
beforeAll(async () => {
  c = await startCluster({ redisUrl: redisUrl(), prefix: uniquePrefix('sse'), limits: { socketsPerSeller: 2 } });
});
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
  for (const client of clients.splice(0)) client.dispose();
});
afterAll(() => c?.close());

function watch(instance: number, token: string, variables: Record<string, unknown> = {}): SseWatcher {
  const client = sseClient(c.instances[instance]!.url, token);
  clients.push(client);
  const watcher = watchSse(client, { query: SUBSCRIPTION, variables });
  watchers.push(watcher);
  return watcher;
}

/** What came before a fresh marker for the seller: everything logged earlier has been pushed by then. */
async function quiet(w: SseWatcher, sellerId: string): Promise<string[]> {
  const id = `txn_marker_${unique('sse')}`;
  await mark(c, 'acme', [sellerId], id);
  await w.marker(id);
  return w.pushed().map((p: Pushed) => `${p.transaction.status} ${p.transaction.id}`);
}

describe('Server-Sent Events over two instances sharing one Redis', () => {
  it('a deposit whose webhook reaches A is pushed to its seller’s stream on B, PROCESSING then COMPLETED; resumed on A by cursor', async () => {
    const s = await seller(c, 'acme', B);
    const w = watch(B, s.token, { after: await mark(c, 'acme', [s.id]) });
    const txn = await deposit(c, s, '500.00');
    await w.until(() => w.pushed().some((p) => p.transaction.id === txn && p.transaction.status === 'COMPLETED'), `COMPLETED of ${txn}`);
    await c.oms.sandbox.idle();
    expect(await quiet(w, s.id)).toEqual([`PROCESSING ${txn}`, `COMPLETED ${txn}`]);
    const processing = w.pushed()[0]!;
    w.stop();
    await w.ended;

    // On the other instance, after the PROCESSING: the COMPLETED alone.
    const resumed = watch(A, s.token, { after: processing.cursor });
    expect(await quiet(resumed, s.id)).toEqual([`COMPLETED ${txn}`]);
  });

  it('one cap across instances: a seller’s streams on A and B fill its cap of 2, so B refuses a third stream (429) or a socket (4429)', async () => {
    const s = await seller(c, 'acme', A);
    await watch(A, s.token).opened;
    await watch(B, s.token).opened;
    expect(await watch(B, s.token).ended).toMatchObject({ kind: 'error', status: 429, body: { errors: [{ extensions: { code: 'RATE_LIMITED' } }] } });
    const code = await new Promise<number | string>((resolve) => {
      const socket = new WebSocket(c.instances[B]!.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${s.token}` } })));
      socket.on('message', (data) => resolve(JSON.parse(String(data)).type as string));
      socket.on('close', (closed) => resolve(closed));
    });
    expect(code).toBe(4429);
  });

  it('a session revoked on B ends its stream on A with UNAUTHENTICATED, then complete', async () => {
    const s = await seller(c, 'acme', A);
    const { id, token } = await c.sessions.issue('acme', s.id, 600);
    const w = watch(A, token, { after: await mark(c, 'acme', [s.id]) });
    const running = `txn_marker_${unique('running')}`;
    await mark(c, 'acme', [s.id], running);
    await w.marker(running);

    const revoked = await c.request(B, token, 'mutation($id: ID!) { revokeSellerSession(input: { sessionId: $id }) { revokedSessionId } }', { id });
    expect(revoked.data).toEqual({ revokeSellerSession: { revokedSessionId: id } });
    expect(await w.ended).toEqual({ kind: 'complete' });
    expect(w.results.at(-1)!.errors).toEqual([{ message: 'The session was revoked', extensions: { code: 'UNAUTHENTICATED', requestId: expect.any(String) } }]);
  });
});
