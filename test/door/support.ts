import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse, TestGateway } from '../support/gateway.js';

/** A graphql-ws client of `token` on the gateway's URL, connected lazily, never retrying. */
export function wsClient(t: TestGateway, token: string): Client {
  return createClient({
    url: t.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { authorization: `Bearer ${token}` },
  });
}

/** One operation over graphql-ws: its first result, or its errors as `{ errors }` (refusals come that way). */
export function overWs(client: Client, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  return new Promise((resolve, reject) => {
    let done = false;
    client.subscribe(
      { query, ...(variables ? { variables } : {}) },
      {
        next: (result) => {
          if (done) return;
          done = true;
          resolve(result as GraphQLResponse);
        },
        error: (error) => {
          if (done) return;
          done = true;
          if (Array.isArray(error)) resolve({ errors: error });
          else reject(error instanceof Error ? error : new Error(`socket closed: ${JSON.stringify((error as { code?: number }).code ?? error)}`));
        },
        complete: () => {},
      },
    );
  });
}

/** The code a raw socket is closed with after connection_init with `token` (or the first message it got instead). */
export function closeCodeAfterInit(t: TestGateway, token: string): Promise<number | string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(t.gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => resolve(JSON.parse(String(data)).type as string));
    socket.on('close', (code) => resolve(code));
  });
}

let counter = 0;

/** A seller of `tenant` made with its key, and a session token for it. */
export async function sellerSession(t: TestGateway, tenant: 'acme' | 'globex' = 'acme'): Promise<{ id: string; token: string }> {
  counter += 1;
  const created = await t.request(t.keys[tenant], 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } } }', {
    input: { firstName: 'Door', lastName: `Seller${counter}`, email: `door-${Date.now()}-${counter}@example.com` },
  });
  const id = created.data!.createSeller.seller.id as string;
  const session = await t.request(t.keys[tenant], 'mutation($id: ID!) { createSellerSession(input: { sellerId: $id }) { session { token } } }', { id });
  return { id, token: session.data!.createSellerSession.session.token as string };
}

/** The error code of the first error, or 'none'. */
export const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? 'none';
