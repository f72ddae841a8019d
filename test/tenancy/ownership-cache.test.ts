import { afterAll, describe, expect, it } from 'vitest';
import { createOmsClient } from '../../src/oms/index.js';
import { createSandbox } from '../../src/sandbox/app.js';
import type { Caller } from '../../src/tenancy/caller.js';
import { createOwnershipCache, rememberCustomers } from '../../src/tenancy/ownership-cache.js';
import { canSee, couldSee, stampOf, TENANT_METADATA_KEY, TREASURY_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { testTenant } from '../support/tenants.js';

/** The cache of customer stamps, and the client wrapper that fills it from every customer read or written. */

const acme = testTenant('acme');
const tenantKey: Caller = { role: 'tenant', tenant: acme };
const sellerToken = (sellerId: string): Caller => ({ role: 'seller', tenant: acme, sellerId, sessionId: 'ses_test', expiresAt: new Date(Date.now() + 60_000) });
const stamped = (id: string, tenant: string, more: Record<string, unknown> = {}) => ({ id, metadata: { ...more, [TENANT_METADATA_KEY]: tenant } });

describe('what ownership decides by', () => {
  it('a stamp keeps the id, the tenant and the treasury marker, and nothing else of the customer', () => {
    expect(stampOf({ id: 'cst_1', metadata: { [TENANT_METADATA_KEY]: 'acme', [TREASURY_METADATA_KEY]: true, order: 'A-1' } })).toEqual({
      id: 'cst_1',
      metadata: { [TENANT_METADATA_KEY]: 'acme', [TREASURY_METADATA_KEY]: true },
    });
    expect(stampOf({ id: 'cst_2', metadata: null })).toEqual({ id: 'cst_2', metadata: {} });
  });

  it('couldSee holds wherever canSee does, and fails a seller token for every customer but itself', () => {
    const customers = [
      stamped('cst_a1', 'acme'),
      stamped('cst_a2', 'acme'),
      stamped('cst_g1', 'globex'),
      { id: 'cst_t', metadata: { [TENANT_METADATA_KEY]: 'acme', [TREASURY_METADATA_KEY]: true } },
      { id: 'cst_none', metadata: {} },
    ];
    for (const caller of [tenantKey, sellerToken('cst_a1'), sellerToken('cst_a2')]) {
      for (const customer of customers) {
        if (canSee(caller, customer)) expect(couldSee(caller, customer.id), `${JSON.stringify(caller)} ${customer.id}`).toBe(true);
      }
      // null: a customer that is not the caller itself.
      expect(couldSee(caller, null)).toBe(caller.role === 'tenant');
    }
    expect(couldSee(sellerToken('cst_a1'), 'cst_a1')).toBe(true);
    expect(couldSee(sellerToken('cst_a1'), 'cst_a2')).toBe(false);
  });
});

describe('createOwnershipCache', () => {
  it('keeps stamped customers alone, their stamps only, per OMS account', () => {
    const cache = createOwnershipCache();
    cache.of('shared').remember(stamped('cst_1', 'acme', { order: 'A-1' }));
    cache.of('shared').remember({ id: 'cst_2', metadata: { order: 'B-2' } });
    expect(cache.of('shared').get('cst_1')).toEqual({ id: 'cst_1', metadata: { [TENANT_METADATA_KEY]: 'acme' } });
    expect(cache.of('shared').get('cst_2')).toBeUndefined();
    // Customer ids are per account: the same id elsewhere is another customer.
    expect(cache.of('other').get('cst_1')).toBeUndefined();
  });

  it('is bounded per account, dropping the least recently used; recent() is the most recently used', () => {
    const cache = createOwnershipCache({ maxPerAccount: 2 });
    const known = cache.of('shared');
    known.remember(stamped('cst_1', 'acme'));
    known.remember(stamped('cst_2', 'acme'));
    expect(known.get('cst_1')).toBeDefined(); // used: cst_2 is now the least recently used
    known.remember(stamped('cst_3', 'acme'));
    expect([known.get('cst_1'), known.get('cst_2'), known.get('cst_3')].map((c) => c?.id)).toEqual(['cst_1', undefined, 'cst_3']);
    expect(known.recent()).toBe('cst_3');
    cache.clear();
    expect(known.get('cst_1')).toBeUndefined();
    expect(known.recent()).toBeUndefined();
  });
});

describe('rememberCustomers', () => {
  const sandbox = createSandbox();
  afterAll(() => sandbox.close());
  const raw = createOmsClient({ baseUrl: sandbox.baseUrl, ...sandbox.accounts[0]!, fetch: sandbox.fetch });
  const body = (name: string, tenant: string | null) => ({
    firstName: name,
    lastName: 'Cache',
    endorsements: ['basic' as const],
    metadata: tenant ? { [TENANT_METADATA_KEY]: tenant } : {},
  });

  it('remembers every customer created, read, listed, updated or decided through it, scoped clients too', async () => {
    const cache = createOwnershipCache();
    const known = cache.of('shared');
    const client = rememberCustomers(raw, known);
    const made = await client.customers.create(body('Made', 'acme'));
    const read = await raw.customers.create(body('Read', 'acme'));
    const listed = await raw.customers.create(body('Listed', 'globex'));
    const iterated = await raw.customers.create(body('Iterated', 'globex'));
    const updated = await raw.customers.create(body('Updated', 'acme'));
    const decided = await raw.customers.create(body('Decided', 'acme'));
    const nobody = await raw.customers.create(body('Nobody', null));
    expect(known.get(made.id)).toEqual({ id: made.id, metadata: { [TENANT_METADATA_KEY]: 'acme' } });
    for (const customer of [read, listed, iterated, updated, decided]) expect(known.get(customer.id)).toBeUndefined();

    const scoped = client.within({ signal: new AbortController().signal });
    await scoped.customers.get(read.id);
    // Newest first, two a page: the iteration stops before the older `listed` comes by.
    for await (const customer of client.customers.listAll({ limit: 2 })) if (customer.id === iterated.id) break;
    expect([known.get(iterated.id)?.id, known.get(listed.id)]).toEqual([iterated.id, undefined]);
    await client.customers.list({ limit: 100 });
    await client.customers.update(updated.id, { lastName: 'Changed', metadata: { [TENANT_METADATA_KEY]: 'acme' } });
    await client.customers.simulateKyc(decided.id, { outcome: 'approved' });
    for (const customer of [read, listed, iterated, updated, decided]) expect(known.get(customer.id), customer.id).toBeDefined();
    expect(known.get(listed.id)).toEqual({ id: listed.id, metadata: { [TENANT_METADATA_KEY]: 'globex' } });
    expect(known.get(nobody.id)).toBeUndefined();
    // Everything else is the client's own: same stats, same resources.
    expect(client.stats).toBe(raw.stats);
    expect(await client.wallets.list(made.id)).toMatchObject({ data: [] });
  });
});
