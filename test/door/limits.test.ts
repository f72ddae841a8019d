import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { closeCodeAfterInit, codeOf, overWs, sellerSession, wsClient } from './support.js';

/**
 * The door's limits, charged the same over HTTP and graphql-ws: budgets per tenant and per seller,
 * socket caps per tenant and per seller, operations per socket, frame size. One gateway, memory limits
 * (the Redis-backed ones across two instances are in limits-cluster.test.ts).
 */

const CREATE = 'mutation($email: String!) { createSeller(input: { firstName: "Rate", lastName: "Limit", email: $email }) { seller { id } } }';
let n = 0;
const email = () => ({ email: `limit-${Date.now()}-${(n += 1)}@example.com` });

describe('operation budgets', () => {
  let t: TestGateway;
  afterEach(() => t?.close());

  it('charges graphql-ws like HTTP: at 2 per minute the third mutation over graphql-ws is RATE_LIMITED with retryAfter', async () => {
    t = await startTestGateway({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    const client = wsClient(t, t.keys.acme);
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await overWs(client, CREATE, email()));
    expect(answers.map(codeOf)).toEqual(['none', 'none', 'RATE_LIMITED']);
    expect(answers[2]!.errors![0]!.extensions).toMatchObject({ retryAfter: expect.any(Number), requestId: expect.any(String) });
    expect(answers[2]!.errors![0]!.message).toMatch(/acme is over its limit of 2 operations per minute/);
    await client.dispose();
  });

  it('is one budget for both transports: one over HTTP and one over graphql-ws spend it, and HTTP says 429 with Retry-After', async () => {
    t = await startTestGateway({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    const client = wsClient(t, t.keys.acme);
    expect(codeOf(await t.request(t.keys.acme, '{ viewer { role } }'))).toBe('none');
    expect(codeOf(await overWs(client, '{ viewer { role } }'))).toBe('none');
    expect(codeOf(await overWs(client, '{ viewer { role } }'))).toBe('RATE_LIMITED');
    const http = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.acme}` },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(http.status).toBe(429);
    expect(Number(http.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await http.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another tenant's budget is its own.
    expect(codeOf(await t.request(t.keys.globex, '{ viewer { role } }'))).toBe('none');
    await client.dispose();
  });

  it("stops a seller at its share of the tenant's budget and leaves the tenant's key answered", async () => {
    // 10 per minute, a seller may use 20% of it: 2. The tenant's key keeps the rest.
    t = await startTestGateway({ env: { RATE_LIMIT_PER_MINUTE: '10', SELLER_SHARE: '0.2' } });
    const seller = await sellerSession(t); // two operations of the tenant's key
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await t.request(seller.token, '{ viewer { role } }'));
    expect(answers.map(codeOf)).toEqual(['none', 'none', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(answers[2]!.errors![0]!.message).toMatch(/seller's share/);
    const client = wsClient(t, seller.token);
    expect(codeOf(await overWs(client, '{ viewer { role } }'))).toBe('RATE_LIMITED');
    expect(codeOf(await t.request(t.keys.acme, '{ viewer { role } }'))).toBe('none');
    await client.dispose();
  });
});

describe('socket and operation caps', () => {
  let t: TestGateway;
  const open: WebSocket[] = [];
  beforeAll(async () => {
    t = await startTestGateway({ env: { WS_MAX_SOCKETS_PER_TENANT: '4', WS_MAX_SOCKETS_PER_SELLER: '2', WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2' } });
  });
  afterAll(async () => {
    for (const socket of open) socket.terminate();
    await t?.close();
  });

  /** A raw socket acknowledged by the server, kept open. */
  function acknowledged(token: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(t.gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('message', (data) => (JSON.parse(String(data)).type === 'connection_ack' ? resolve(socket) : reject(new Error(String(data)))));
      socket.on('close', (code) => reject(new Error(`closed with ${code}`)));
      open.push(socket);
    });
  }

  it('closes with 4429 the socket beyond a seller’s cap, then beyond the tenant’s', async () => {
    const seller = await sellerSession(t);
    await acknowledged(seller.token);
    await acknowledged(seller.token);
    expect(await closeCodeAfterInit(t, seller.token)).toBe(4429);
    // The tenant has 2 of 4: its key opens two more, and the fifth socket of the tenant is refused.
    await acknowledged(t.keys.acme);
    await acknowledged(t.keys.acme);
    expect(await closeCodeAfterInit(t, t.keys.acme)).toBe(4429);
    // The caps are per tenant: globex is not affected.
    expect(await closeCodeAfterInit(t, t.keys.globex)).toBe('connection_ack');
  });

  it('refuses an operation beyond the cap per socket with an error, and keeps the socket', async () => {
    const client = wsClient(t, t.keys.globex);
    const pushed: unknown[] = [];
    const running = ['first', 'second'].map(
      () =>
        new Promise<void>((resolve) =>
          client.subscribe(
            { query: 'subscription { transactionUpdated { cursor } }' },
            { next: (v) => pushed.push(v), error: () => resolve(), complete: () => resolve() },
          ),
        ),
    );
    const third = await overWs(client, 'subscription { transactionUpdated { cursor } }');
    expect(codeOf(third)).toBe('RATE_LIMITED');
    expect(third.errors![0]!.message).toMatch(/At most 2 operations/);
    expect(pushed).toEqual([]);
    await client.dispose();
    await Promise.all(running);
  });

  it('an operation completed before the door admitted it holds no place; an id reused while still admitted closes the socket (4409)', async () => {
    const socket = await acknowledged(t.keys.globex);
    const answers = new Map<string, string>();
    const arrived = new Map<string, () => void>();
    const answered = (id: string) => new Promise<void>((resolve) => (answers.has(id) ? resolve() : arrived.set(id, resolve)));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id: string; type: string; payload?: { extensions?: { code?: string } }[] };
      if (!answers.has(message.id)) answers.set(message.id, message.type === 'error' ? String(message.payload?.[0]?.extensions?.code) : message.type);
      arrived.get(message.id)?.();
    });
    const send = (message: object) => socket.send(JSON.stringify(message));
    const sub = (id: string) => send({ id, type: 'subscribe', payload: { query: 'subscription { transactionUpdated { cursor } }' } });
    // b is completed while the door decides; the query q, admitted after it, marks that b's turn is over.
    sub('b');
    send({ id: 'b', type: 'complete' });
    send({ id: 'q', type: 'subscribe', payload: { query: '{ viewer { role } }' } });
    await answered('q');
    // Had b kept its place, d would be the one too many: with the cap of 2, c and d run and e is refused.
    sub('c');
    sub('d');
    sub('e');
    await answered('e');
    expect(answers.get('e')).toBe('RATE_LIMITED');
    expect([answers.get('b'), answers.get('c'), answers.get('d')]).toEqual([undefined, undefined, undefined]);

    const reused = await acknowledged(t.keys.globex);
    const closed = new Promise<number>((resolve) => reused.on('close', (code) => resolve(code)));
    reused.send(JSON.stringify({ id: 'a', type: 'subscribe', payload: { query: 'subscription { transactionUpdated { cursor } }' } }));
    reused.send(JSON.stringify({ id: 'a', type: 'complete' }));
    reused.send(JSON.stringify({ id: 'a', type: 'subscribe', payload: { query: 'subscription { transactionUpdated { cursor } }' } }));
    expect(await closed).toBe(4409);
  });

  it('refuses a 100 KiB frame: the socket closes with 1009 before anything is parsed', async () => {
    const socket = await acknowledged(t.keys.globex);
    const code = new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ viewer { role } } #${'x'.repeat(100 * 1024)}` } }));
    expect(await code).toBe(1009);
  });
});
