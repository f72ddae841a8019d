import { PerformanceObserver, performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { now } from './child.js';

/**
 * The fan-out benchmark's WebSocket clients, all in this one process (the gateway's process may
 * hold no more than 20,000 files, so the client ends cannot live there). Each subscription has a
 * socket of its own and speaks graphql-transport-ws by hand: a graphql-ws client per socket would
 * spend this process's CPU on what the benchmark does not measure.
 */

export const SUBSCRIPTION = `subscription($sellerId: ID, $after: String) {
  transactionUpdated(sellerId: $sellerId, after: $after) { cursor event occurredAt transaction { id status subStatus destination { asset amountNet } } }
}`;

export interface ClientSpec {
  token: string;
  /** The sellerId argument (tenant keys); null: none. */
  sellerId: string | null;
  /** Where it resumes (`after`); null: from now on, as a dashboard opening. */
  after: string | null;
}

export type ToClients =
  | { type: 'open'; url: string; subs: ClientSpec[] }
  | { type: 'status' }
  | { type: 'silent' }
  | { type: 'reset' }
  | { type: 'collect' }
  | { type: 'shut' }
  | { type: 'close' };
export type FromClients =
  | { type: 'opened'; failed: number; ms: number }
  | { type: 'status'; received: number; errors: number; closed: number }
  | { type: 'silent'; subs: number[] }
  | { type: 'records'; subs: number[]; keys: string[]; times: number[]; errors: number; closed: number; elu: number; gcMaxMs: number }
  | { type: 'shut' };

function run(): void {
  const sockets: WebSocket[] = [];
  let subs: number[] = [];
  let keys: string[] = [];
  let times: number[] = [];
  let errors = 0;
  let closed = 0;
  let shutting = false;
  /** Per subscription: whether any message reached it (the warm-up waits until all have). */
  let heard = new Uint8Array(0);
  let elu = performance.eventLoopUtilization();
  // The longest GC pause since the last reset: a pause here delays the timestamps of every message behind it.
  let gcMaxMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, entry.duration);
  }).observe({ entryTypes: ['gc'] });
  const reply = (message: FromClients) => process.send!(message);

  /** Resolves true once the socket is acknowledged and its subscribe message sent, false when it closes first. */
  function connect(index: number, url: string, spec: ClientSpec): Promise<boolean> {
    return new Promise((done) => {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      sockets.push(socket);
      let acknowledged = false;
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${spec.token}` } })));
      socket.on('message', (data) => {
        const at = now();
        const message = JSON.parse(String(data)) as { type: string; payload?: any };
        if (message.type === 'next') {
          const update = message.payload?.data?.transactionUpdated;
          if (message.payload?.errors || !update) errors += 1;
          else {
            heard[index] = 1;
            subs.push(index);
            keys.push(`${update.transaction.id} ${update.event}`);
            times.push(at);
          }
        } else if (message.type === 'connection_ack') {
          acknowledged = true;
          const variables = { ...(spec.after ? { after: spec.after } : {}), ...(spec.sellerId ? { sellerId: spec.sellerId } : {}) };
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables } }));
          done(true);
        } else if (message.type === 'error' || message.type === 'complete') errors += 1;
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        if (acknowledged && !shutting) closed += 1;
        done(false);
      });
    });
  }

  async function open({ url, subs: specs }: Extract<ToClients, { type: 'open' }>): Promise<void> {
    const started = now();
    heard = new Uint8Array(specs.length);
    let failed = 0;
    const BATCH = 200;
    for (let from = 0; from < specs.length; from += BATCH) {
      const batch = specs.slice(from, from + BATCH).map((spec, k) => connect(from + k, url, spec));
      failed += (await Promise.all(batch)).filter((ok) => !ok).length;
    }
    reply({ type: 'opened', failed, ms: now() - started });
  }

  /** Closes every socket and resolves once the server has seen them all go. */
  async function shut(): Promise<void> {
    shutting = true;
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((done) => {
            if (socket.readyState === WebSocket.CLOSED) return done();
            socket.once('close', () => done());
            socket.close(1000);
          }),
      ),
    );
    sockets.length = 0;
  }

  process.on('message', (message: ToClients) => {
    switch (message.type) {
      case 'open':
        void open(message);
        return;
      case 'status':
        return reply({ type: 'status', received: subs.length, errors, closed });
      case 'silent':
        return reply({ type: 'silent', subs: [...heard.keys()].filter((i) => heard[i] === 0) });
      case 'reset':
        subs = [];
        keys = [];
        times = [];
        elu = performance.eventLoopUtilization();
        gcMaxMs = 0;
        return reply({ type: 'status', received: 0, errors, closed });
      case 'collect':
        return reply({ type: 'records', subs, keys, times, errors, closed, elu: performance.eventLoopUtilization(elu).utilization, gcMaxMs });
      case 'shut':
        void shut().then(() => {
          subs = [];
          keys = [];
          times = [];
          errors = 0;
          closed = 0;
          shutting = false;
          reply({ type: 'shut' });
        });
        return;
      case 'close':
        void shut().finally(() => process.exit(0));
        return;
    }
  });
}

run();
