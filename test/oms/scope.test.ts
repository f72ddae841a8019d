import { afterEach, describe, expect, it } from 'vitest';
import type { OmsClient } from '../../src/oms/index.js';
import { harness, omsError, type Harness } from './support.js';

/** One call on each of the client's resources: reads, lists, writes and a delete. */
function oneCallOnEach(client: OmsClient): Promise<unknown>[] {
  return [
    client.customers.get('cst_1'),
    client.wallets.list('cst_1'),
    client.virtualAccounts.get('va_1'),
    client.depositAddresses.delete('da_1'),
    client.externalAccounts.list('cst_1'),
    client.quotes.get('qt_1'),
    client.transactions.list(),
    client.cashIns.refresh('ci_1'),
    client.cashLocations.list({ provider: 'p', latitude: 0, longitude: 0 }),
    client.webhooks.list(),
  ];
}

describe('OMS client: within(scope)', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  it('puts the scope on a get, a list and a POST, and leaves the parent client alone', async () => {
    h = harness();
    const operation = new AbortController();
    const scoped = h.client.within({ signal: operation.signal });
    const created = await scoped.customers.create({ firstName: 'Ada' });
    expect((await scoped.customers.get(created.id)).id).toBe(created.id);
    expect((await scoped.customers.list()).data).toHaveLength(1);

    operation.abort();
    const sent = h.exchanges.length;
    for (const call of [scoped.customers.get(created.id), scoped.customers.list(), scoped.customers.create({ firstName: 'Bob' })]) {
      expect(await omsError(call)).toMatchObject({ code: 'aborted', attempts: 0 });
    }
    expect(h.exchanges.length).toBe(sent);

    expect((await h.client.customers.get(created.id)).id).toBe(created.id);
    expect((await h.client.customers.create({ firstName: 'Bob' })).firstName).toBe('Bob');
    expect((await h.client.customers.list()).data).toHaveLength(2);
    // One token, one set of counts, whichever client made the call.
    expect(h.client.stats()).toMatchObject({ tokenExchanges: 1, total: 7 });
    expect(scoped.stats()).toEqual(h.client.stats());
  });

  it('reaches every resource', async () => {
    h = harness();
    const expired = h.client.within({ deadlineAt: Date.now() - 1 });
    for (const call of oneCallOnEach(expired)) {
      expect(await omsError(call)).toMatchObject({ code: 'deadline_exceeded', attempts: 0 });
    }
    const aborted = h.client.within({ signal: AbortSignal.abort() });
    for (const call of oneCallOnEach(aborted)) {
      expect(await omsError(call)).toMatchObject({ code: 'aborted', attempts: 0 });
    }
    expect(h.exchanges).toEqual([]);
  });

  it('applies to every page of a listAll', async () => {
    h = harness();
    for (const name of ['A', 'B', 'C']) await h.client.customers.create({ firstName: name });
    const operation = new AbortController();
    const pages = h.client.within({ signal: operation.signal }).customers.listAll({ limit: 1 });
    const first = await pages.next();
    expect(first.done).toBe(false);
    operation.abort();
    expect(await omsError(pages.next())).toMatchObject({ code: 'aborted', attempts: 0 });
  });

  it("gives way to the call's own signal and deadline, and an inner scope to the outer", async () => {
    h = harness();
    const expired = h.client.within({ deadlineAt: Date.now() - 1 });
    expect((await expired.customers.list({}, { deadlineAt: Date.now() + 60_000 })).data).toEqual([]);
    const aborted = h.client.within({ signal: AbortSignal.abort() });
    expect((await aborted.customers.list({}, { signal: new AbortController().signal })).data).toEqual([]);
    expect((await expired.within({ deadlineAt: Date.now() + 60_000 }).customers.list()).data).toEqual([]);
    // The outer scope's signal still holds where the inner scope gives none.
    expect(await omsError(aborted.within({ deadlineAt: Date.now() + 60_000 }).customers.list())).toMatchObject({ code: 'aborted' });
  });

  it('resets the shared counts from any scope', async () => {
    h = harness();
    const scoped = h.client.within({});
    await scoped.customers.list();
    expect(h.client.stats().byEndpoint['GET /customers']).toBe(1);
    scoped.resetStats();
    expect(h.client.stats().total).toBe(0);
  });
});
