import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const SUBSCRIPTION = 'subscription { transactionUpdated { cursor } }';

/** The close code the server ends a connection with, after a connection_init carrying `authorization`. */
function closeCode(url: string, authorization?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: authorization === undefined ? {} : { authorization } })));
    socket.on('message', (data) => reject(new Error(`expected the connection to be refused, got ${String(data)}`)));
    socket.on('close', (code) => resolve(code));
  });
}

describe('subscription authentication (graphql-ws on /graphql)', () => {
  let t: TestGateway;
  let url: string;
  beforeAll(async () => {
    t = await startTestGateway();
    url = t.gateway.url.replace(/^http/, 'ws');
  });
  afterAll(() => t.close());

  it('closes with 4403 without a token or with a bad one', async () => {
    expect(await closeCode(url)).toBe(4403);
    expect(await closeCode(url, 'Bearer gw_acme_not-a-real-key-0000000000000')).toBe(4403);
    expect(await closeCode(url, 'Bearer not.a.jwt')).toBe(4403);
  });

  it('closes with 4408 when no connection_init arrives in time', async () => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(4408);
  });

  it('accepts a tenant key and a seller token, and closes a seller session when its token expires', async () => {
    const seller = await t.request(
      t.keys.acme,
      'mutation { createSeller(input: { firstName: "Ws", lastName: "Seller", email: "ws@example.com" }) { seller { id } } }',
    );
    const sellerId = seller.data!.createSeller.seller.id as string;
    // Issued as the gateway would, for one second (the session mutation allows 60 s at least). On a
    // machine slow enough that the token expires before the socket is accepted, the refusal is the same
    // 4403 with no `connected` before it: that attempt proves nothing, so it is made again, longer.
    let outcome: { connected: boolean; code: number; at: number; expiresAt: number } | undefined;
    for (const ttlSeconds of [1, 4, 16]) {
      const { token, expiresAt } = await t.sessions.issue('acme', sellerId, ttlSeconds);
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { authorization: `Bearer ${token}` } });
      let connected = false;
      client.on('connected', () => {
        connected = true;
      });
      const closed = new Promise<{ code: number; at: number }>((resolve) =>
        client.on('closed', (e) => resolve({ code: (e as { code: number }).code, at: Date.now() })),
      );
      client.subscribe({ query: SUBSCRIPTION }, { next: () => {}, error: () => {}, complete: () => {} });
      const { code, at } = await closed;
      outcome = { connected, code, at, expiresAt: expiresAt.getTime() };
      await client.dispose();
      if (connected) break;
      // Refused at the door: only an expired token may explain it.
      expect(outcome.code).toBe(4403);
      expect(outcome.at).toBeGreaterThanOrEqual(outcome.expiresAt - 50);
    }
    expect(outcome).toMatchObject({ connected: true, code: 4403 });
    expect(outcome!.at).toBeGreaterThanOrEqual(outcome!.expiresAt - 50);

    const tenant = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { authorization: `Bearer ${t.keys.acme}` } });
    await new Promise<void>((resolve) => {
      tenant.on('connected', () => resolve());
      tenant.subscribe({ query: SUBSCRIPTION }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    await tenant.dispose();
  });

  it('applies the same query limits as HTTP: a subscription nested too deep is QUERY_TOO_COMPLEX', async () => {
    const deep =
      'subscription { transactionUpdated { transaction { seller { wallets { seller { wallets { seller { wallets { seller { wallets { seller { id } } } } } } } } } } } }';
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { authorization: `Bearer ${t.keys.acme}` } });
    const errors = await new Promise<unknown>((resolve) => client.subscribe({ query: deep }, { next: () => {}, error: resolve, complete: () => {} }));
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', requestId: expect.any(String) }) })]);
    await client.dispose();
  });
});
