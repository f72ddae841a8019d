import { createOmsClient, type OmsClient } from '../../src/oms/index.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/app.js';
import type { SandboxOptionsInput } from '../../src/sandbox/options.js';

/** A webhook event as a receiver got it. */
export interface Received {
  id: string;
  event: string;
  sequence: number;
  data: Record<string, unknown> & { id: string };
}

export interface World {
  sandbox: Sandbox;
  client: OmsClient;
  /** Every event delivered to the receiver, in arrival order. */
  received: Received[];
  /** Events about one object, in arrival order. */
  eventsFor(objectId: string): string[];
}

/**
 * A fast sandbox (lifecycle steps take milliseconds), a real client on its in-process fetch, and a
 * webhook receiver subscribed to every event, compliance events included.
 */
export async function world(options: SandboxOptionsInput = {}): Promise<World> {
  const received: Received[] = [];
  const sandbox = createSandbox({
    completionDelayMs: 5,
    followUpDelayMs: 5,
    ...options,
    webhooks: {
      retryDelaysMs: [0, 5, 10],
      fetch: async (_url, init) => {
        received.push(JSON.parse(String(init?.body)) as Received);
        return new Response(null, { status: 204 });
      },
      ...options.webhooks,
    },
  });
  const client = createOmsClient({ baseUrl: sandbox.baseUrl, ...sandbox.accounts[0]!, fetch: sandbox.fetch });
  await client.webhooks.create({ url: 'https://hooks.example.com/oms', events: [] });
  await client.webhooks.create({ url: 'https://hooks.example.com/oms', events: [], complianceOnly: true });
  return {
    sandbox,
    client,
    received,
    eventsFor: (objectId) => received.filter((e) => e.data.id === objectId).map((e) => e.event),
  };
}

let counter = 0;

/** A customer with every endorsement, a USDC wallet on Polygon, and (optionally) more wallets. */
export async function seller(client: OmsClient, name = `Seller${++counter}`) {
  const customer = await client.customers.create({
    firstName: name,
    lastName: 'Example',
    email: `${name.toLowerCase()}@example.com`,
    externalId: `ext_${name}`,
  });
  const wallet = await client.wallets.create(customer.id, { asset: 'usdc', chain: 'polygon' });
  return { customer, wallet };
}

/** Funds a wallet through a virtual-account deposit of `cents`, and waits until it has settled. */
export async function fund(w: World, customerId: string, walletId: string, cents: number) {
  const va = await w.client.virtualAccounts.create(customerId, {
    source: { asset: 'usd', network: 'usBank' },
    destination: { wallet: { wallet: walletId }, asset: 'usdc', network: 'polygon' },
  });
  const deposit = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: String(cents) } });
  await w.sandbox.idle();
  return { va, deposit };
}
