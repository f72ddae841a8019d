import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface OpenSocket {
  /** How the server ended the connection: its close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/**
 * A graphql-ws connection to `httpUrl` (the gateway's /graphql) authenticated with `token`, running a
 * subscription; resolves once the server has admitted it (connection_ack).
 */
export async function openSocket(httpUrl: string, token: string): Promise<OpenSocket> {
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason });
    }),
  );
  const connected = new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    void closed.then((event) => reject(new Error(`the socket was refused: ${JSON.stringify(event)}`)));
  });
  client.subscribe({ query: 'subscription { transactionUpdated { cursor } }' }, { next: () => {}, error: () => {}, complete: () => {} });
  await connected;
  return { closed, dispose: async () => client.dispose() };
}
