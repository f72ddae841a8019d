import type { AddressInfo, Socket } from 'node:net';
import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { createOmsClient, type OmsClient, type OmsClientOptions } from '../../src/oms/index.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/app.js';
import type { SandboxOptionsInput } from '../../src/sandbox/options.js';
import { deferred, recordingFetch, type Exchange } from './support.js';

/** What the served sandbox saw of the client's sockets and requests. */
export interface Wire {
  /** Every TCP connection the client opened, in order. */
  connections: Socket[];
  /** Connections the server saw close, whoever closed them. */
  closed: number;
  /** Resolves when `path` (below the base URL, e.g. "/customers") next reaches the server; the request still goes on. */
  arrival(path: string): Promise<void>;
  /** The next request to `path` gets its socket destroyed instead of an answer (before the sandbox sees it). */
  resetNext(path: string, times?: number): void;
  /** Resolves once the server has seen `count` connections close. */
  closedCount(count: number): Promise<void>;
}

export interface HttpHarness {
  sandbox: Sandbox;
  /** The client on its default transport (undici), over loopback HTTP. */
  client: OmsClient;
  sleeps: number[];
  exchanges: Exchange[];
  wire: Wire;
  clientWith(options: Partial<OmsClientOptions>): OmsClient;
  close(): Promise<void>;
}

/**
 * A fresh sandbox served over real HTTP on a free loopback port, with the client on its own transport
 * (no injected fetch). The server records each exchange as the in-process harness does, counts the
 * client's connections, and can reset a socket mid-request. Backoff sleeps are recorded and return at once.
 */
export async function httpHarness(input: { sandbox?: SandboxOptionsInput; client?: Partial<OmsClientOptions> } = {}): Promise<HttpHarness> {
  const sandbox = createSandbox(input.sandbox);
  const recorder = recordingFetch(sandbox.fetch, sandbox.baseUrl);
  const basePath = new URL(sandbox.baseUrl).pathname;
  const waiting = new Map<string, () => void>();
  const resets = new Map<string, number>();
  const closeWaits: { count: number; resolve: () => void }[] = [];
  const wire: Wire = {
    connections: [],
    closed: 0,
    arrival(path) {
      const arrived = deferred();
      waiting.set(path, arrived.resolve);
      return arrived.promise;
    },
    resetNext(path, times = 1) {
      resets.set(path, times);
    },
    closedCount(count) {
      const done = deferred();
      closeWaits.push({ count, resolve: done.resolve });
      settleCloseWaits();
      return done.promise;
    },
  };
  const settleCloseWaits = () => {
    for (const wait of closeWaits.filter((w) => wire.closed >= w.count)) {
      closeWaits.splice(closeWaits.indexOf(wait), 1);
      wait.resolve();
    }
  };

  const server = serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
      const url = new URL(request.url);
      const path = url.pathname.slice(basePath.length);
      waiting.get(path)?.();
      waiting.delete(path);
      const reset = resets.get(path) ?? 0;
      if (reset > 0) {
        resets.set(path, reset - 1);
        env.incoming.socket.destroy();
        return new Response(null, { status: 500 }); // written to nobody
      }
      // Into the in-process sandbox at its own base URL, through the recorder, as the in-process harness does.
      const body = request.method === 'GET' || request.method === 'DELETE' ? undefined : await request.text();
      return recorder.fetch(`${sandbox.baseUrl}${path}${url.search}`, { method: request.method, headers: request.headers, body, signal: request.signal });
    },
  });
  server.on('connection', (socket: Socket) => {
    wire.connections.push(socket);
    socket.on('close', () => {
      wire.closed += 1;
      settleCloseWaits();
    });
  });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`;

  const sleeps: number[] = [];
  const clientWith = (options: Partial<OmsClientOptions>) =>
    createOmsClient({
      baseUrl,
      ...sandbox.accounts[0]!,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...input.client,
      ...options,
    });
  return {
    sandbox,
    client: clientWith({}),
    sleeps,
    exchanges: recorder.exchanges,
    wire,
    clientWith,
    close: () =>
      new Promise((done) => {
        sandbox.close();
        server.close(() => done());
        // Keep-alive sockets the client still holds would keep close() waiting.
        for (const socket of wire.connections) socket.destroy();
      }),
  };
}
