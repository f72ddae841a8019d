import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangeSellerEmailDocument,
  CreateIndexedSellerDocument,
  CreateSellerSessionDocument,
  SellerDocument,
  SellerIndexPageDocument,
  type SellerIndexPageQueryVariables,
} from '../generated/graphql.js';
import { TENANT_METADATA_KEY, TREASURY_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * `sellers` pages through the seller index: the sellers the gateway created, and those its one-off
 * backfill found in OMS. Every OMS call the gateway makes is recorded, so each page's cost is counted
 * exactly, and which customers it read are named: never another tenant's.
 */

let t: TestGateway;
/** `METHOD /path?query` of every request the gateway sent to OMS. */
const sent: string[] = [];

let counter = 0;
const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;

/** The OMS calls `run` made, by endpoint (`/customers/{id}` for any customer), and which customers it read. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; calls: Record<string, number>; read: string[] }> {
  await t.sandbox.idle();
  sent.length = 0;
  const result = await run();
  const calls: Record<string, number> = {};
  const read: string[] = [];
  for (const target of sent) {
    const customer = /^GET \/customers\/(cst_[A-Za-z0-9]+)$/.exec(target)?.[1];
    if (customer) read.push(customer);
    const endpoint = customer ? 'GET /customers/{id}' : target.split('?')[0]!;
    calls[endpoint] = (calls[endpoint] ?? 0) + 1;
  }
  return { result, calls, read };
}

const page = (variables: SellerIndexPageQueryVariables, token = t.keys.acme) => data(t, token, SellerIndexPageDocument, variables).then((d) => d.sellers);

/** Every seller of the connection, page by page forward; each page's calls with it. */
async function everyPage(size: number, token = t.keys.acme) {
  const pages: { ids: string[]; calls: Record<string, number>; read: string[] }[] = [];
  let after: string | null | undefined;
  for (;;) {
    const { result, calls, read } = await counted(() => page({ first: size, after }, token));
    pages.push({ ids: result.nodes.map((n) => n.id), calls, read });
    if (!result.pageInfo.hasNextPage) return pages;
    after = result.pageInfo.endCursor;
  }
}

/** A customer made straight in OMS, stamped with `tenant` (as sellers made before the index were). */
async function stamped(tenant: string, extra: { externalId?: string; email?: string; treasury?: boolean } = {}) {
  const { treasury, ...fields } = extra;
  const metadata = { [TENANT_METADATA_KEY]: tenant, ...(treasury ? { [TREASURY_METADATA_KEY]: true } : {}) };
  // No endorsements: no reviews, so no webhooks for the gateway to read customers over.
  return (await t.oms.customers.create({ firstName: 'Old', lastName: tenant, ...fields, metadata, endorsements: [] })).id;
}

async function createSeller(key: string, input: { externalId?: string; firstName?: string; lastName?: string; email?: string; idempotencyKey?: string } = {}) {
  const { createSeller } = await data(t, key, CreateIndexedSellerDocument, {
    input: { firstName: 'Ada', lastName: 'Lovelace', email: `${unique('ada')}@example.com`, ...input },
  });
  return createSeller;
}

/** How many customers the whole OMS account holds (read with the test's own client, not counted). */
async function customersInAccount(): Promise<number> {
  let n = 0;
  for await (const _ of t.oms.customers.listAll({ limit: 100 })) n += 1;
  return n;
}

beforeAll(async () => {
  t = await startTestGateway({
    // The index's own cost per page; the read cache would answer repeated customer reads (test/cache).
    env: { CACHE_MAX_AGE_MS: '0' },
    omsFetch: (inner) => async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      sent.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/^\/v0\.9/, '')}${url.search}`);
      return inner(input, init);
    },
  });
});
afterAll(() => t.close());

describe('the seller index', () => {
  /** acme's sellers, oldest first: three made straight in OMS before the index, then the rest through the gateway. */
  const acme: string[] = [];
  const legacy = { externalId: unique('legacy'), email: `${unique('legacy')}@example.com` };

  it('backfills once: the first listing reads the OMS account once and finds the sellers made before the index, never a treasury', async () => {
    acme.push(await stamped('acme', legacy));
    await stamped('globex');
    acme.push(await stamped('acme'));
    await stamped('acme', { treasury: true });
    acme.push(await stamped('acme'));
    const first = await counted(() => page({ first: 10 }));
    expect(first.result.nodes.map((n) => n.id)).toEqual([...acme].reverse());
    expect(first.calls, 'one list page for the whole (small) account, then the page').toEqual({ 'GET /customers': 1, 'GET /customers/{id}': 3 });
    const again = await counted(() => page({ first: 10 }));
    expect(again.calls, 'the backfill is not repeated').toEqual({ 'GET /customers/{id}': 3 });
    // The externalId the backfill found is bound: another seller under it is refused, naming the old one.
    const taken = await createSeller(t.keys.acme, { externalId: legacy.externalId, firstName: 'Grace' });
    expect(taken).toEqual({
      seller: null,
      userErrors: [{ code: 'EXTERNAL_ID_TAKEN', field: ['input', 'externalId'], message: `externalId is already used by seller ${acme[0]}` }],
    });
  });

  it("after another tenant made 2,050 customers in the shared account, each page costs one customer fetch per seller listed, and reads only the tenant's", async () => {
    for (let i = 0; i < 22; i += 1) acme.push((await createSeller(t.keys.acme)).seller!.id);
    // Another tenant's flood, straight through the sandbox's own client: 41 batches of 50 at once.
    for (let batch = 0; batch < 41; batch += 1) await Promise.all(Array.from({ length: 50 }, () => stamped('globex')));
    const newestFirst = [...acme].reverse();

    const pages = await everyPage(10);
    expect(pages.map((p) => p.ids)).toEqual([newestFirst.slice(0, 10), newestFirst.slice(10, 20), newestFirst.slice(20)]);
    expect(pages.map((p) => p.calls)).toEqual([{ 'GET /customers/{id}': 10 }, { 'GET /customers/{id}': 10 }, { 'GET /customers/{id}': 5 }]);
    expect(pages.flatMap((p) => p.read).sort(), 'no customer but these sellers was read').toEqual([...acme].sort());

    // Backward from the oldest: the 10 newer ones, for 10 fetches.
    const oldest = await page({ first: 1, after: (await page({ first: 24 })).pageInfo.endCursor });
    expect(oldest.nodes.map((n) => n.id)).toEqual([acme[0]]);
    const back = await counted(() => page({ last: 10, before: oldest.pageInfo.startCursor }));
    expect(back.result.nodes.map((n) => n.id)).toEqual(newestFirst.slice(14, 24));
    expect(back.result.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(back.calls).toEqual({ 'GET /customers/{id}': 10 });

    // A seller token still sees itself alone, for one fetch.
    const { createSellerSession } = await data(t, t.keys.acme, CreateSellerSessionDocument, { input: { sellerId: acme[5]! } });
    const own = await counted(() => page({ first: 10 }, createSellerSession.session!.token));
    expect(own.result.nodes.map((n) => n.id)).toEqual([acme[5]]);
    expect(own.calls).toEqual({ 'GET /customers/{id}': 1 });
  });

  it("the other tenant's first listing pays its one-off backfill over the whole account, and its next pages one fetch per seller", async () => {
    const total = await customersInAccount();
    expect(total).toBeGreaterThan(2_050);
    const first = await counted(() => page({ first: 10 }, t.keys.globex));
    expect(first.calls).toEqual({ 'GET /customers': Math.ceil(total / 100), 'GET /customers/{id}': 10 });
    const second = await counted(() => page({ first: 10, after: first.result.pageInfo.endCursor }, t.keys.globex));
    expect(second.calls).toEqual({ 'GET /customers/{id}': 10 });
    expect(
      [...first.read, ...second.read].some((id) => acme.includes(id)),
      'none of acme’s was read',
    ).toBe(false);
  });

  it('filters by externalId and by email through the index: one fetch for the seller named, none for a name it does not know', async () => {
    const externalId = unique('ext');
    const email = `${unique('grace')}@example.com`;
    const made = (await createSeller(t.keys.acme, { externalId, email, firstName: 'Grace', lastName: 'Hopper' })).seller!;
    const byExternalId = await counted(() => page({ externalId }));
    expect(byExternalId.result.nodes).toEqual([{ id: made.id, externalId, email }]);
    expect(byExternalId.calls).toEqual({ 'GET /customers/{id}': 1 });
    const byEmail = await counted(() => page({ email }));
    expect(byEmail.result.nodes.map((n) => n.id)).toEqual([made.id]);
    expect(byEmail.calls).toEqual({ 'GET /customers/{id}': 1 });
    const byBoth = await page({ email: legacy.email, externalId: legacy.externalId });
    expect(
      byBoth.nodes.map((n) => n.id),
      'the backfilled seller, by both',
    ).toEqual([acme[0]]);

    // Another tenant's seller, by either: as nothing, for no call at all.
    const globexOwn = (await createSeller(t.keys.globex, { externalId: unique('g'), email: `${unique('g')}@example.com` })).seller!;
    for (const filter of [{ externalId: globexOwn.externalId! }, { email: globexOwn.email! }, { externalId: 'nobody' }]) {
      const foreign = await counted(() => page(filter));
      expect(foreign.result, JSON.stringify(filter)).toEqual({
        nodes: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      });
      expect(foreign.calls).toEqual({});
    }

    // An email changed through updateSeller is found under the new one only.
    const changed = `${unique('hopper')}@example.com`;
    await data(t, t.keys.acme, ChangeSellerEmailDocument, { input: { id: made.id, email: changed } });
    expect((await page({ email })).nodes).toEqual([]);
    expect((await page({ email: changed })).nodes.map((n) => n.id)).toEqual([made.id]);
  });

  it('lists what the gateway made or its one backfill found: a customer stamped straight in OMS later is not listed, yet still a seller by id', async () => {
    const outsider = await stamped('acme');
    expect((await data(t, t.keys.acme, SellerDocument, { id: outsider })).seller?.id).toBe(outsider);
    const nodes = (await page({ first: 100 })).nodes.map((n) => n.id);
    expect(nodes).not.toContain(outsider);
  });
});

describe('one seller per externalId', () => {
  it('20 concurrent creates with one externalId and different idempotency keys make one seller; the same seller is answered to all', async () => {
    const externalId = unique('conc');
    const person = { externalId, firstName: 'Ada', lastName: 'Lovelace', email: `${unique('ada')}@example.com` };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => createSeller(t.keys.acme, { ...person, idempotencyKey: `key-${externalId}-${i}` })));
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    expect(new Set(results.map((r) => r.seller?.id)).size).toBe(1);
    expect((await t.oms.customers.list({ externalId, limit: 100 })).data).toHaveLength(1);
  });

  it('20 concurrent creates of different sellers under one externalId make one; the other 19 are EXTERNAL_ID_TAKEN naming it', async () => {
    const externalId = unique('race');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => createSeller(t.keys.acme, { externalId, firstName: `Seller${i}` })));
    const made = results.filter((r) => r.seller);
    expect(made).toHaveLength(1);
    const winner = made[0]!.seller!.id;
    expect(results.filter((r) => !r.seller).map((r) => r.userErrors)).toEqual(
      Array(19).fill([{ code: 'EXTERNAL_ID_TAKEN', field: ['input', 'externalId'], message: `externalId is already used by seller ${winner}` }]),
    );
    expect((await t.oms.customers.list({ externalId, limit: 100 })).data.map((c) => c.id)).toEqual([winner]);
  });

  it('holds one externalId in one written form: the same text composed differently is the same id; case tells ids apart', async () => {
    const base = unique('cafe');
    const composed = await createSeller(t.keys.acme, { externalId: `${base}-caf\u00e9` });
    const decomposed = await createSeller(t.keys.acme, { externalId: `${base}-cafe\u0301`, firstName: 'Grace' });
    expect(composed.seller?.externalId).toBe(`${base}-caf\u00e9`);
    expect(decomposed.seller).toBeNull();
    expect(decomposed.userErrors).toEqual([
      { code: 'EXTERNAL_ID_TAKEN', field: ['input', 'externalId'], message: `externalId is already used by seller ${composed.seller!.id}` },
    ]);
    // The tenant's own ids may differ by case alone (as most ids do), so these are two sellers.
    const [upper, lower] = [await createSeller(t.keys.acme, { externalId: `${base}-Shop` }), await createSeller(t.keys.acme, { externalId: `${base}-shop` })];
    expect([upper.userErrors, lower.userErrors]).toEqual([[], []]);
    expect(upper.seller!.id).not.toBe(lower.seller!.id);
  });

  it('gives the externalId back when OMS fails the create, so a retry makes the seller', async () => {
    const externalId = unique('fail');
    const remove = t.sandbox.faults.add({ path: '/customers', method: 'POST', status: 503, times: 100 });
    let failed: Awaited<ReturnType<typeof send>>;
    try {
      failed = await send(t, t.keys.acme, CreateIndexedSellerDocument, {
        input: { externalId, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      });
    } finally {
      remove();
    }
    expect(failed.errors?.map((e) => e.extensions?.code)).toEqual(['OMS_UNAVAILABLE']);
    const retried = await createSeller(t.keys.acme, { externalId, email: 'ada@example.com' });
    expect(retried.userErrors).toEqual([]);
    expect((await t.oms.customers.list({ externalId, limit: 100 })).data.map((c) => c.id)).toEqual([retried.seller!.id]);
  });

  it('finds a seller OMS made although its answer was lost, instead of making a second', async () => {
    const externalId = unique('lost');
    const remove = t.sandbox.faults.add({ path: '/customers', method: 'POST', status: 503, phase: 'after', times: 100 });
    try {
      const lost = await send(t, t.keys.acme, CreateIndexedSellerDocument, {
        input: { externalId, firstName: 'Ada', lastName: 'Lovelace', email: 'lost@example.com' },
      });
      expect(lost.errors?.map((e) => e.extensions?.code)).toEqual(['OMS_UNAVAILABLE']);
    } finally {
      remove();
    }
    const [inOms] = (await t.oms.customers.list({ externalId, limit: 100 })).data;
    const again = await createSeller(t.keys.acme, { externalId, email: 'lost@example.com', idempotencyKey: unique('other-key') });
    expect(again).toEqual({ seller: { id: inOms!.id, externalId, email: 'lost@example.com' }, userErrors: [] });
    expect((await t.oms.customers.list({ externalId, limit: 100 })).data).toHaveLength(1);
    expect((await page({ externalId })).nodes.map((n) => n.id)).toEqual([inOms!.id]);
  });
});
