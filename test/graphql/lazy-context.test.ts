import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

// Spies on the factories of the context's lazy parts, wrapping the real ones: the gateway runs as usual.
const { made, counted } = vi.hoisted(() => {
  const made = { loaders: 0, visibility: 0, cursors: 0, encodes: 0 };
  const counted =
    <A extends unknown[], R>(part: keyof typeof made, fn: (...args: A) => R) =>
    (...args: A): R => {
      made[part]++;
      return fn(...args);
    };
  return { made, counted };
});
vi.mock('../../src/graphql/loaders.js', async (original) => {
  const actual = await original<typeof import('../../src/graphql/loaders.js')>();
  return { ...actual, createLoaders: counted('loaders', actual.createLoaders) };
});
vi.mock('../../src/graphql/visibility.js', async (original) => {
  const actual = await original<typeof import('../../src/graphql/visibility.js')>();
  return { ...actual, createVisibility: counted('visibility', actual.createVisibility) };
});
vi.mock('../../src/graphql/common/connection.js', async (original) => {
  const actual = await original<typeof import('../../src/graphql/common/connection.js')>();
  return {
    ...actual,
    createCursors: (...args: Parameters<typeof actual.createCursors>) => {
      made.cursors++;
      const cursors = actual.createCursors(...args);
      return { ...cursors, encode: counted('encodes', cursors.encode) };
    },
  };
});

describe('the request context is built only as far as the operation uses it', () => {
  const logger = pino({ level: 'silent' });
  const child = vi.spyOn(logger, 'child');
  let t: TestGateway;
  let omsCalls = 0;

  beforeAll(async () => {
    t = await startTestGateway({
      logger,
      omsFetch: (sandbox) => (input, init) => {
        omsCalls++;
        return sandbox(input, init);
      },
    });
    // Two sellers, so a page has edges whose cursors could be sealed.
    for (const name of ['Ada', 'Grace']) {
      const created = await t.request(t.keys.acme, 'mutation($i: CreateSellerInput!) { createSeller(input: $i) { userErrors { code field } } }', {
        i: { externalId: `lazy-${name}`, firstName: name, lastName: 'Lazy', email: `${name.toLowerCase()}@example.com` },
      });
      expect(created).toEqual({ data: { createSeller: { userErrors: [] } } });
    }
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    Object.assign(made, { loaders: 0, visibility: 0, cursors: 0, encodes: 0 });
    omsCalls = 0;
    child.mockClear();
  });

  it('`{ viewer { role } }` makes no loaders, visibility, cursors, request logger, signal or OMS call', async () => {
    // The operation's signal joins the client's and the deadline's: not made means neither was.
    const any = vi.spyOn(AbortSignal, 'any');
    try {
      const answer = await t.request(t.keys.acme, '{ viewer { role } }');
      expect(answer).toEqual({ data: { viewer: { role: 'TENANT' } } });
      expect(made).toEqual({ loaders: 0, visibility: 0, cursors: 0, encodes: 0 });
      // The context's logger is a child of the gateway's own; the access log's line for the request (src/ops) is not the context's.
      expect(child.mock.calls.filter(([bindings], call) => 'requestId' in bindings && child.mock.contexts[call] === logger)).toEqual([]);
      expect(any).not.toHaveBeenCalled();
      expect(omsCalls).toBe(0);
    } finally {
      any.mockRestore();
    }
  });

  it('a query that reads sellers makes each part once, though Apollo copies the context', async () => {
    const answer = await t.request(t.keys.acme, '{ sellers(first: 2) { nodes { id } } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.sellers.nodes).toHaveLength(2);
    expect(made.loaders).toBe(1);
    expect(made.visibility).toBeLessThanOrEqual(1);
  });

  it('seals no edge cursor that is not selected, and exactly those that are', async () => {
    const nodesOnly = await t.request(t.keys.acme, '{ sellers(first: 2) { edges { node { id } } pageInfo { hasNextPage } } }');
    expect(nodesOnly.data?.sellers.edges).toHaveLength(2);
    expect(made.encodes).toBe(0);

    const withCursors = await t.request(t.keys.acme, '{ sellers(first: 2) { edges { cursor } pageInfo { endCursor } } }');
    expect(withCursors.data?.sellers.edges).toHaveLength(2);
    expect(made.encodes).toBe(3);
    expect(withCursors.data?.sellers.pageInfo.endCursor).toBe(withCursors.data?.sellers.edges[1].cursor);
  });
});
