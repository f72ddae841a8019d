import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import DataLoader from 'dataloader';
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { screaming, typeDefs } from './schema.js';

/**
 * The gateway a user writes in an afternoon instead of this one: Apollo Server 5 on Express, the
 * hand-written SDL, resolvers calling OMS with fetch, DataLoaders made per request (one OMS call per
 * distinct key, side by side), nothing kept across requests. It lists the OMS account's customers and
 * keeps the tenant's, as the gateway's tenancy rule says.
 */

interface Oms {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  tenantKey: string;
  tenantId: string;
}

type Json = Record<string, any>;

interface Context {
  get(path: string): Promise<Json>;
  wallets: DataLoader<string, Json[]>;
  wallet: DataLoader<string, Json>;
  balance: DataLoader<string, Json>;
}

export interface TextbookServer {
  url: string;
  /** OMS requests sent since start. */
  calls(): number;
  close(): Promise<void>;
}

/** One by one, side by side: a DataLoader without a batch endpoint still dedupes a request's keys. */
function each<V>(load: (key: string) => Promise<V>) {
  return new DataLoader<string, V>((keys) => Promise.all(keys.map(load)));
}

const resolvers = {
  Query: {
    sellers: async (_: unknown, { first }: { first: number }, ctx: Context) => {
      const { data } = await ctx.get('/customers?limit=100');
      return { nodes: (data as Json[]).filter((c) => c.metadata?.[tenant.key] === tenant.id).slice(0, first) };
    },
    viewer: () => ({ role: 'TENANT' }),
  },
  Seller: {
    wallets: (seller: Json, _: unknown, ctx: Context) => ctx.wallets.load(seller.id),
    transactions: async (seller: Json, { first }: { first: number }, ctx: Context) => ({
      nodes: (await ctx.get(`/customers/${seller.id}/transactions?limit=${first}`)).data,
    }),
  },
  Wallet: {
    balance: async (wallet: Json, _: unknown, ctx: Context) => {
      const b = await ctx.balance.load(wallet.id);
      return { available: b.balance, pending: b.pendingBalance };
    },
  },
  Transaction: {
    type: (t: Json) => screaming(t.type),
    status: (t: Json) => screaming(t.status),
  },
  TransactionLeg: {
    wallet: (leg: Json, _: unknown, ctx: Context) => (leg.wallet?.wallet ? ctx.wallet.load(leg.wallet.wallet) : null),
  },
};

// Set once at start: the one tenant this baseline serves.
const tenant = { key: '', id: '' };

export async function startTextbook(oms: Oms): Promise<TextbookServer> {
  tenant.key = oms.tenantKey;
  tenant.id = oms.tenantId;
  let calls = 0;
  let token: { value: string; expires: number } | undefined;
  async function bearer(): Promise<string> {
    if (token && token.expires > Date.now()) return token.value;
    calls += 1;
    const response = await fetch(`${oms.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: oms.apiKey, apiSecret: oms.apiSecret }),
    });
    const body = (await response.json()) as { accessToken: string; expiresIn: number };
    token = { value: body.accessToken, expires: Date.now() + (body.expiresIn - 60) * 1000 };
    return token.value;
  }
  async function get(path: string): Promise<Json> {
    const authorization = `Bearer ${await bearer()}`;
    calls += 1;
    const response = await fetch(`${oms.baseUrl}${path}`, { headers: { authorization } });
    if (!response.ok) throw new Error(`OMS ${response.status} on GET ${path}`);
    return (await response.json()) as Json;
  }

  const app = express();
  const http = createServer(app);
  const apollo = new ApolloServer<Context>({ typeDefs, resolvers });
  await apollo.start();
  app.use(
    '/graphql',
    express.json(),
    expressMiddleware(apollo, {
      context: async () => ({
        get,
        wallets: each(async (id) => (await get(`/customers/${id}/wallets`)).data as Json[]),
        wallet: each((id) => get(`/wallets/${id}`)),
        balance: each((id) => get(`/wallets/${id}/balance`)),
      }),
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    calls: () => calls,
    close: async () => {
      await apollo.stop();
      http.close();
    },
  };
}

/** The floor with no upstream at all: a bare Apollo Server 5 on Express answering `{ viewer { role } }`. */
export async function startBareApollo(): Promise<TextbookServer> {
  const app = express();
  const http = createServer(app);
  const apollo = new ApolloServer({
    typeDefs: 'enum ViewerRole { SELLER TENANT } type Viewer { role: ViewerRole! } type Query { viewer: Viewer! }',
    resolvers: { Query: { viewer: () => ({ role: 'TENANT' }) } },
  });
  await apollo.start();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    calls: () => 0,
    close: async () => {
      await apollo.stop();
      http.close();
    },
  };
}
