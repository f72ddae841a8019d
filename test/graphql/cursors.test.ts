import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCursors } from '../../src/graphql/common/connection.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const SECRET = 'a-session-secret-of-at-least-32-characters';

describe('connection cursors', () => {
  const acme = createCursors(SECRET, 'acme');

  it('round-trip, the same id giving the same cursor', () => {
    const id = 'cst_01M8S0D10GNN81WWQ3MNAYM6ZB';
    expect(acme.decode(acme.encode(id))).toBe(id);
    expect(acme.encode(id)).toBe(acme.encode(id));
  });

  it('reveal nothing of the id they name', () => {
    const id = 'cst_01M8S0D10GNN81WWQ3MNAYM6ZB';
    const bytes = Buffer.from(acme.encode(id), 'base64url');
    expect(bytes.toString('latin1')).not.toContain('cst_');
    expect(bytes.toString('latin1')).not.toContain(id.slice(4, 14));
  });

  it("refuse another caller's cursor, a forged one, a tampered one and junk, all alike", () => {
    const cursor = acme.encode('wlt_01M8S0CEGQGF42VJWS93XNM8MS');
    const tampered = Buffer.from(cursor, 'base64url');
    tampered[tampered.length - 1]! ^= 1;
    const refusals = [
      createCursors(SECRET, 'globex').encode('wlt_01M8S0CEGQGF42VJWS93XNM8MS'),
      createCursors('another-secret-of-at-least-32-characters', 'acme').encode('wlt_01M8S0CEGQGF42VJWS93XNM8MS'),
      Buffer.from('oms:wlt_01M8S0CEGQGF42VJWS93XNM8MS').toString('base64url'),
      tampered.toString('base64url'),
      'x',
      '!!!!',
    ];
    for (const given of refusals) {
      expect(() => acme.decode(given, 'before'), given).toThrow(expect.objectContaining({ message: '`before` is not a cursor of this connection' }));
    }
  });
});

describe('ids no URL can carry', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  it('answer like missing ones (a lone surrogate), not as an internal error', async () => {
    for (const id of ['wlt_\ud800', 'cst_a\udc00b']) {
      const res = await t.request(t.keys.acme, 'query($id: ID!) { wallet(id: $id) { id } seller(id: $id) { id } node(id: $id) { id } }', { id });
      expect(res, JSON.stringify(id)).toEqual({ data: { wallet: null, seller: null, node: null } });
    }
  });

  it("refuse the caller's own cursor of another connection as BAD_USER_INPUT, before OMS is asked", async () => {
    const created = await t.request(
      t.keys.acme,
      'mutation { createSeller(input: { firstName: "Cur", lastName: "Sor", email: "cursor@example.com" }) { seller { id } } }',
    );
    const sellerId = created.data!.createSeller.seller.id as string;
    await t.sandbox.idle();
    const listed = await t.request(t.keys.acme, '{ sellers(first: 100) { edges { cursor node { id } } } }');
    const sellerCursor = listed.data!.sellers.edges.find((e: { node: { id: string } }) => e.node.id === sellerId).cursor as string;
    const lists = () => {
      const { byEndpoint } = t.account.client.stats();
      return ['GET /customers/{id}/transactions', 'GET /cash-ins', 'GET /transactions'].map((endpoint) => byEndpoint[endpoint] ?? 0);
    };
    const before = lists();
    const misuses = [
      ['query($id: ID!, $after: String) { seller(id: $id) { transactions(first: 5, after: $after) { nodes { id } } } }', { id: sellerId, after: sellerCursor }],
      [
        'query($id: ID!, $before: String) { seller(id: $id) { transactions(last: 5, before: $before) { nodes { id } } } }',
        { id: sellerId, before: sellerCursor },
      ],
      ['query($id: ID!, $after: String) { seller(id: $id) { cashIns(first: 5, after: $after) { nodes { id } } } }', { id: sellerId, after: sellerCursor }],
      ['query($after: String) { treasury { feeIncome(first: 5, after: $after) { nodes { amount } } } }', { after: sellerCursor }],
    ] as const;
    for (const [query, variables] of misuses) {
      const res = await t.request(t.keys.acme, query, variables);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
    // No list reached OMS with another connection's cursor.
    expect(lists()).toEqual(before);
  });
});
