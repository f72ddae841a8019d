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
});
