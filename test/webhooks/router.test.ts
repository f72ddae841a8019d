import { describe, expect, it } from 'vitest';
import { OmsError, type Customer, type OmsClient } from '../../src/oms/index.js';
import { transaction as transactionSchema } from '../../src/oms/schemas/index.js';
import { createOwnershipCache } from '../../src/tenancy/ownership-cache.js';
import { TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { createTenantRouter, CustomerLookupFailed } from '../../src/webhooks/router.js';
import { rawTransaction } from './support.js';

/** Routing through customers, against a fake OMS whose GET /customers/{id} the test controls. */

const TENANTS = [
  { id: 'acme', omsAccount: 'shared' },
  { id: 'globex', omsAccount: 'shared' },
  { id: 'initech', omsAccount: 'other' },
];

function fakeOms(owners: Record<string, string | null>, failWith?: () => OmsError) {
  const calls: string[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const client = {
    customers: {
      async get(id: string): Promise<Customer> {
        calls.push(id);
        await gate;
        if (failWith) throw failWith();
        if (!(id in owners))
          throw new OmsError({ status: 404, code: 'resource_not_found', detail: `No customer ${id}`, endpoint: 'GET /customers/{id}', retryable: false });
        const owner = owners[id];
        return { id, metadata: owner ? { [TENANT_METADATA_KEY]: owner } : {} } as unknown as Customer;
      },
    },
  } as unknown as OmsClient;
  return {
    client,
    calls,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

const txn = (customerId: string, recipientCustomerId?: string) =>
  transactionSchema.parse(
    rawTransaction({ id: 'txn_1', customerId, status: 'completed', ...(recipientCustomerId ? { recipientCustomerId, type: 'cryptoToCrypto' } : {}) }),
  );

describe('createTenantRouter', () => {
  it('routes to the tenant of each customer, with that tenant’s sellers alone', async () => {
    const oms = fakeOms({ cst_a: 'acme', cst_g: 'globex', cst_a2: 'acme' });
    const router = createTenantRouter({ tenants: TENANTS });
    expect(await router.route('shared', oms.client, txn('cst_a', 'cst_g'))).toEqual(
      new Map([
        ['acme', ['cst_a']],
        ['globex', ['cst_g']],
      ]),
    );
    expect(await router.route('shared', oms.client, txn('cst_a', 'cst_a2'))).toEqual(new Map([['acme', ['cst_a', 'cst_a2']]]));
  });

  it('routes nowhere for customers without a tenant, unknown to OMS, or stamped with a tenant of another account', async () => {
    const oms = fakeOms({ cst_none: null, cst_i: 'initech', cst_ghost: 'ghost' });
    const router = createTenantRouter({ tenants: TENANTS });
    for (const id of ['cst_none', 'cst_missing', 'cst_i', 'cst_ghost']) expect(await router.route('shared', oms.client, txn(id)), id).toEqual(new Map());
  });

  it('asks OMS once per customer: concurrent lookups share a call, owners are cached, nobody’s are not', async () => {
    const oms = fakeOms({ cst_a: 'acme', cst_none: null });
    const router = createTenantRouter({ tenants: TENANTS });
    oms.hold();
    const concurrent = Array.from({ length: 10 }, () => router.route('shared', oms.client, txn('cst_a')));
    oms.release();
    await Promise.all(concurrent);
    await router.route('shared', oms.client, txn('cst_a'));
    await router.route('shared', oms.client, txn('cst_none'));
    await router.route('shared', oms.client, txn('cst_none'));
    expect(oms.calls).toEqual(['cst_a', 'cst_none', 'cst_none']);
  });

  it('keeps at most the ownership cache’s bound, dropping the least recently used', async () => {
    const oms = fakeOms({ cst_1: 'acme', cst_2: 'acme', cst_3: 'acme' });
    const router = createTenantRouter({ tenants: TENANTS, ownership: createOwnershipCache({ maxPerAccount: 2 }) });
    for (const id of ['cst_1', 'cst_2', 'cst_1', 'cst_3', 'cst_1', 'cst_2']) await router.route('shared', oms.client, txn(id));
    // cst_2 was the least recently used when cst_3 came in.
    expect(oms.calls).toEqual(['cst_1', 'cst_2', 'cst_3', 'cst_2']);
  });

  it('asks nothing of a customer the instance already read elsewhere (the cache GraphQL operations fill), per account', async () => {
    const oms = fakeOms({ cst_a: 'acme' });
    const ownership = createOwnershipCache();
    ownership.of('shared').remember({ id: 'cst_a', metadata: { [TENANT_METADATA_KEY]: 'acme' } });
    const router = createTenantRouter({ tenants: TENANTS, ownership });
    expect(await router.route('shared', oms.client, txn('cst_a'))).toEqual(new Map([['acme', ['cst_a']]]));
    expect(oms.calls).toEqual([]);
    // Customer ids are per OMS account: the same id in another account is another customer.
    await router.route('other', oms.client, txn('cst_a'));
    expect(oms.calls).toEqual(['cst_a']);
  });

  it('fails with CustomerLookupFailed when OMS cannot answer, and asks again next time', async () => {
    let failing = true;
    const oms = fakeOms({ cst_a: 'acme' });
    const down = fakeOms({}, () => new OmsError({ status: 503, code: 'unavailable', detail: 'down', endpoint: 'GET /customers/{id}', retryable: true }));
    const router = createTenantRouter({ tenants: TENANTS });
    const client = { customers: { get: (id: string) => (failing ? down.client : oms.client).customers.get(id) } } as unknown as OmsClient;
    await expect(router.route('shared', client, txn('cst_a'))).rejects.toBeInstanceOf(CustomerLookupFailed);
    failing = false;
    expect(await router.route('shared', client, txn('cst_a'))).toEqual(new Map([['acme', ['cst_a']]]));
  });
});
