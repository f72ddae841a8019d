import { loadavg } from 'node:os';
import { signatureHeader } from '../../src/sandbox/webhooks/sign.js';
import { transactionWebhook } from '../webhook-body.js';
import { type Child, now } from './child.js';
import type { ClientSpec, FromClients, ToClients } from './clients.js';
import type { Fanout, FromGateway, GatewaySpec, ToGateway } from './gateway.js';
import type { Round } from './report.js';
import type { Sent, ToSender } from './sender.js';

/** What every round shares: the processes that stay, the sellers, and the subscriptions to open. */
export interface Setup {
  clients: Child<ToClients, FromClients>;
  sender: Child<ToSender, Sent>;
  sellers: string[];
  specs: (ClientSpec & { seller: string | null })[];
  /** Per seller, the subscriptions one of its events is owed to. */
  subscribersOf: Map<string, number>;
  webhookSecret: string;
  ratePerSecond: number;
  seconds: number;
  /** A new gateway process. */
  gateway(): Child<ToGateway, FromGateway>;
}

const DRAIN_DEADLINE_MS = 20_000;
const ok = (status: number) => status >= 200 && status < 300;

/**
 * One round in one mode: a fresh gateway, every subscription opened and warmed up, the gateway's
 * memory with all of them idle, then the burst of webhooks at the rate, timed from the sender's 2xx
 * to the clients' receipt; the sockets are closed and the gateway stopped at the end.
 */
export async function runRound(setup: Setup, spec: GatewaySpec, index: number): Promise<Round> {
  const { clients, sender, sellers, specs, subscribersOf, webhookSecret } = setup;
  const gateway = setup.gateway();
  try {
    const started = await gateway.ask({ type: 'start', spec }, 'started', 180_000);
    const opened = await clients.ask({ type: 'open', url: started.url.replace(/^http/, 'ws'), subs: specs }, 'opened', 300_000);
    if (opened.failed > 0) throw new Error(`${spec.fanout}: ${opened.failed} of ${specs.length} subscriptions could not connect`);
    const hookUrl = started.url.replace(/\/graphql$/, '/webhooks/oms/main');
    await warmUp(setup, hookUrl, `${index}`, spec.fanout);
    const idle = await gateway.ask({ type: 'memory' }, 'memory', 300_000);

    const stamp = `${index}${Date.now().toString(36)}`;
    const bodies = Array.from({ length: setup.ratePerSecond * setup.seconds }, (_, i) => {
      const status = i % 2 === 0 ? 'processing' : 'completed';
      return transactionWebhook(`evt_${stamp}_${i}`, `txn_b${stamp}_${i}`, sellers[i % sellers.length]!, status, status === 'processing' ? 1 : 2);
    });
    await gateway.ask({ type: 'measure' }, 'measuring');
    const sent = await sender.ask({ type: 'burst', url: hookUrl, secret: webhookSecret, bodies, ratePerSecond: setup.ratePerSecond }, 'sent', 120_000);
    const owed = bodies.reduce((sum, _, i) => sum + (ok(sent.status[i]!) ? subscribersOf.get(sellers[i % sellers.length]!)! : 0), 0);
    const drainStart = now();
    await receivedAtLeast(clients, owed, DRAIN_DEADLINE_MS);
    const drainMs = now() - drainStart;
    await new Promise((done) => setTimeout(done, 300)); // anything extra still on its way
    const measured = await gateway.ask({ type: 'measured' }, 'measured');
    // The machine's own load over the last minute (every process, other work on it included): 2 cores here.
    const load = loadavg()[0]!;
    const records = await clients.ask({ type: 'collect' }, 'records', 60_000);
    await clients.ask({ type: 'shut' }, 'shut', 120_000);
    return { fanout: spec.fanout, started, idle, measured, sent, records, owed, drainMs, openMs: opened.ms, subscriptions: specs.length, stamp, load };
  } finally {
    await gateway.stop();
  }
}

/**
 * Webhooks for the sellers of every subscription that has heard nothing yet, until all have (a
 * subscription opened without `after` hears only what follows its start); it also fills the
 * gateway's customer → tenant cache. Then waits until nothing more arrives, and resets the clients.
 */
async function warmUp(setup: Setup, hookUrl: string, round: string, fanout: Fanout): Promise<void> {
  const { clients, specs, sellers, webhookSecret } = setup;
  let silent = specs.map((_, i) => i);
  for (let attempt = 0; silent.length > 0; attempt += 1) {
    if (attempt === 20) throw new Error(`${fanout} warm-up: ${silent.length} subscriptions heard nothing`);
    for (const seller of new Set(silent.map((i) => specs[i]!.seller ?? sellers[0]!))) {
      const id = `${round}-${attempt}-${seller}`;
      const body = transactionWebhook(`warm-${id}`, `txn_warm_${id}`, seller, 'processing', 1);
      const signature = signatureHeader(webhookSecret, Math.floor(Date.now() / 1000), body);
      const response = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-signature': signature }, body });
      if (!response.ok) throw new Error(`warm-up webhook answered ${response.status}: ${await response.text()}`);
    }
    await new Promise((done) => setTimeout(done, 1_000));
    silent = (await clients.ask({ type: 'silent' }, 'silent', 30_000)).subs;
  }
  let last = -1;
  for (;;) {
    const { received } = await clients.ask({ type: 'status' }, 'status');
    if (received === last) break;
    last = received;
    await new Promise((done) => setTimeout(done, 500));
  }
  await clients.ask({ type: 'reset' }, 'status');
}

async function receivedAtLeast(clients: Child<ToClients, FromClients>, count: number, withinMs: number): Promise<void> {
  const deadline = now() + withinMs;
  while (now() < deadline && (await clients.ask({ type: 'status' }, 'status')).received < count) await new Promise((done) => setTimeout(done, 50));
}
