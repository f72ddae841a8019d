import { afterEach, describe, expect, it } from 'vitest';
import { createOmsClient } from '../../src/oms/index.js';
import { collect, harness, json, omsError, TOKEN_ANSWER, type Harness } from './support.js';

describe('OMS client: pagination', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  /** Seven customers C1..C7, created in order; returns their ids newest first, as OMS lists them. */
  async function sevenCustomers(): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) ids.push((await h.client.customers.create({ firstName: `C${i}` })).id);
    return ids.reverse();
  }

  it('pages forward with startingAfter and back with endingBefore, newest first, no gaps or repeats', async () => {
    h = harness();
    const newestFirst = await sevenCustomers();

    const forward = [];
    let page = await h.client.customers.list({ limit: 3 });
    forward.push(page);
    while (page.hasMore) {
      page = await h.client.customers.list({ limit: 3, startingAfter: page.nextCursor! });
      forward.push(page);
    }
    expect(forward.map((p) => p.data.map((c) => c.firstName))).toEqual([['C7', 'C6', 'C5'], ['C4', 'C3', 'C2'], ['C1']]);
    expect(forward.flatMap((p) => p.data.map((c) => c.id))).toEqual(newestFirst);

    const backward = [page]; // from the oldest page towards the newest
    do {
      page = await h.client.customers.list({ limit: 3, endingBefore: page.previousCursor! });
      backward.push(page);
    } while (page.hasMore);
    expect(backward.map((p) => p.data.map((c) => c.firstName))).toEqual([['C1'], ['C4', 'C3', 'C2'], ['C7', 'C6', 'C5']]);
    expect(backward.at(-1)!.hasMore).toBe(false);
    expect(h.client.stats().byEndpoint['GET /customers']).toBe(5);
  });

  it('listAll yields every item across pages, one request per page as consumed', async () => {
    h = harness();
    const newestFirst = await sevenCustomers();
    h.client.resetStats();
    expect((await collect(h.client.customers.listAll({ limit: 3 }))).map((c) => c.id)).toEqual(newestFirst);
    expect(h.client.stats().byEndpoint['GET /customers']).toBe(3);

    // Stopping early fetches no further page.
    h.client.resetStats();
    for await (const customer of h.client.customers.listAll({ limit: 2 })) if (customer.id === newestFirst[1]) break;
    expect(h.client.stats().byEndpoint['GET /customers']).toBe(1);

    // Starting after a cursor continues from there.
    const rest = await collect(h.client.customers.listAll({ limit: 2, startingAfter: newestFirst[4] }));
    expect(rest.map((c) => c.id)).toEqual(newestFirst.slice(5));
  });

  it('sends filters and paging parameters as query parameters', async () => {
    h = harness();
    await h.client.customers.create({ firstName: 'Ada', externalId: 'usr_1', email: 'ada@example.com' });
    await h.client.customers.create({ firstName: 'Bob', externalId: 'usr_2' });
    const page = await h.client.customers.list({ externalId: 'usr_1', limit: 10, email: undefined });
    expect(page.data.map((c) => c.firstName)).toEqual(['Ada']);
    expect(h.exchanges.at(-1)!.path).toBe('/customers?externalId=usr_1&limit=10');
    const byEmail = await h.client.customers.list({ email: 'ada@example.com' });
    expect(byEmail.data).toHaveLength(1);
  });

  it('an empty list is one page with no cursors', async () => {
    h = harness();
    expect(await h.client.customers.list()).toEqual({ data: [], hasMore: false, nextCursor: null, previousCursor: null });
    expect(await collect(h.client.customers.listAll())).toEqual([]);
  });

  it('fails rather than loop when OMS says hasMore but does not move on', async () => {
    const answering = (body: unknown) =>
      createOmsClient({
        baseUrl: 'https://oms.test/v0.9',
        apiKey: 'k',
        apiSecret: 's',
        fetch: async (input) => (String(input).endsWith('/auth/token') ? json(200, TOKEN_ANSWER) : json(200, body)),
      });
    const stuck = answering({ data: [webhookWire('whk_1')], hasMore: true, nextCursor: 'same', previousCursor: 'same' });
    const error = await omsError(collect(stuck.webhooks.listAll({ startingAfter: 'same' })));
    expect(error).toMatchObject({ code: 'invalid_response', endpoint: 'GET /webhooks' });
    expect(stuck.stats().byEndpoint['GET /webhooks']).toBe(1);
    // An empty page ends the iteration whatever hasMore says.
    const empty = answering({ data: [], hasMore: true, nextCursor: null });
    expect(await collect(empty.webhooks.listAll())).toEqual([]);
  });
});

function webhookWire(id: string) {
  return {
    id,
    object: 'webhook',
    url: 'https://example.com/h',
    events: [],
    enabled: true,
    status: 'active',
    complianceOnly: false,
    createdAt: '2030-01-01T00:00:00Z',
  };
}
