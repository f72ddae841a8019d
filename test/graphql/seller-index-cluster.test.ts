import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { createRedisSellerIndex } from '../../src/tenancy/seller-index/index.js';
import { deleteKeys } from '../events/redis-support.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { redisTargets } from '../support/redis.js';

/**
 * The seller index across two gateway instances on one Redis (one server, and a Redis Cluster): one
 * seller per externalId however the creates are spread, one backfill per tenant for all instances,
 * and an index that outlives them.
 */

describe.each(redisTargets)('on %s', (_name, target) => {
  let c: Cluster;
  let closed = false;
  const prefix = `seller-index-${randomUUID()}`;
  beforeAll(async () => {
    c = await startCluster({ redisUrl: target(), prefix });
  });
  afterAll(async () => {
    if (!closed) await c?.close();
    await deleteKeys(target(), `${prefix}:*`);
  });

  const CREATE = `mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } userErrors { field code message } } }`;
  const SELLERS = `query($first: Int) { sellers(first: $first) { nodes { id } pageInfo { hasNextPage } } }`;

  let counter = 0;
  const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;

  async function create(instance: number, key: string, input: Record<string, unknown>) {
    const res = await c.request(instance, key, CREATE, { input: { firstName: 'Ada', lastName: 'Lovelace', email: `${unique('ada')}@example.com`, ...input } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.createSeller as { seller: { id: string } | null; userErrors: { field: string[]; code: string; message: string }[] };
  }

  async function listed(instance: number, key: string): Promise<string[]> {
    const res = await c.request(instance, key, SELLERS, { first: 100 });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.sellers.nodes.map((n: { id: string }) => n.id);
  }

  const stamped = async (tenant: string) =>
    (await c.admin.customers.create({ firstName: 'Old', lastName: tenant, metadata: { [TENANT_METADATA_KEY]: tenant }, endorsements: [] })).id;

  describe('the seller index on two instances sharing one Redis', () => {
    it('20 concurrent creates with one externalId and different idempotency keys, spread over both instances, make one seller', async () => {
      const externalId = unique('same');
      const person = { externalId, email: `${unique('ada')}@example.com` };
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => create(i % 2, c.keys.globex, { ...person, idempotencyKey: `${externalId}-${i}` })),
      );
      expect(results.flatMap((r) => r.userErrors)).toEqual([]);
      expect(new Set(results.map((r) => r.seller?.id)).size).toBe(1);
      expect((await c.admin.customers.list({ externalId, limit: 100 })).data).toHaveLength(1);
    });

    it('20 concurrent creates of different sellers under one externalId, over both instances, make one; 19 are EXTERNAL_ID_TAKEN naming it', async () => {
      const externalId = unique('different');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => create(i % 2, c.keys.globex, { externalId, firstName: `Seller${i}` })));
      const made = results.filter((r) => r.seller);
      expect(made).toHaveLength(1);
      const winner = made[0]!.seller!.id;
      expect(results.filter((r) => !r.seller).map((r) => r.userErrors)).toEqual(
        Array(19).fill([{ field: ['input', 'externalId'], code: 'EXTERNAL_ID_TAKEN', message: `externalId is already used by seller ${winner}` }]),
      );
      expect((await c.admin.customers.list({ externalId, limit: 100 })).data.map((cst) => cst.id)).toEqual([winner]);
    });

    it('backfills once for both instances, lists on one what the other made, and outlives them', async () => {
      const old = [await stamped('acme'), await stamped('acme')];
      // Both instances list at once, before either backfilled: one scans, the other waits for it.
      const [onA, onB] = await Promise.all([listed(0, c.keys.acme), listed(1, c.keys.acme)]);
      expect(onA).toEqual([...old].reverse());
      expect(onB).toEqual(onA);
      const made = [];
      for (const instance of [0, 1, 0]) made.push((await create(instance, c.keys.acme, {})).seller!.id);
      const all = [...old, ...made].reverse();
      expect(await listed(1, c.keys.acme)).toEqual(all);
      expect(await listed(0, c.keys.acme)).toEqual(all);
      // A customer stamped straight in OMS now is no instance's to find: the backfill ran once, for the index, not per instance.
      await stamped('acme');
      expect(await listed(1, c.keys.acme)).toEqual(all);

      await c.close();
      closed = true;
      const later = createRedisSellerIndex({ redis: target(), prefix });
      try {
        expect((await later.page('acme', { size: 100 }))?.ids, 'a new instance reads the same index').toEqual(all);
      } finally {
        await later.close();
      }
    });
  });
});
