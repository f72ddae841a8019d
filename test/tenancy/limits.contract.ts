import { afterEach, describe, expect, it } from 'vitest';
import type { Caller, Tenant } from '../../src/tenancy/caller.js';
import type { RequestBudgets, SocketClaim, SocketSlot, SocketSlots } from '../../src/tenancy/limits/limits.js';
import { testTenant } from '../support/tenants.js';

/** One store of limits; each call opens another instance over it (another gateway, for shared stores). */
export interface LimitsFixture {
  budgets(): RequestBudgets;
  slots(): SocketSlots;
  cleanup(): Promise<void>;
}

export interface LimitsCapabilities {
  /** Several instances share one store (Redis); memory is one process and has no such test. */
  sharedAcrossInstances: boolean;
}

export const tenantCaller = (tenant: Tenant): Caller => ({ role: 'tenant', tenant });
export const sellerCaller = (tenant: Tenant, sellerId: string): Caller => ({
  role: 'seller',
  tenant,
  sellerId,
  sessionId: 'ses_test',
  expiresAt: new Date(Date.now() + 3_600_000),
});

/** The slot of a claim that had to succeed. */
export function held(claim: SocketClaim): SocketSlot {
  if (!claim.ok) throw new Error(`expected a slot, got a refusal by the ${claim.scope} cap of ${claim.limit}`);
  return claim.slot;
}

/** The behaviour RequestBudgets and SocketSlots promise, run against each implementation. */
export function limitsContract(name: string, make: () => Promise<LimitsFixture>, capabilities: LimitsCapabilities): void {
  describe(`limits contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function open(): Promise<LimitsFixture> {
      const fixture = await make();
      cleanups.push(fixture.cleanup);
      return fixture;
    }

    async function charges(budgets: RequestBudgets, caller: Caller, n: number) {
      const answers = [];
      for (let i = 0; i < n; i++) answers.push(await budgets.charge(caller));
      return answers;
    }

    const okTimes = (n: number) => Array.from({ length: n }, () => ({ ok: true }));

    it('refuses the third operation of a 2-per-minute tenant, saying when the minute has room again', async () => {
      const budgets = (await open()).budgets();
      const acme = tenantCaller(testTenant('acme', { limits: { requestsPerMinute: 2 } }));
      const [first, second, third] = await charges(budgets, acme, 3);
      expect([first, second]).toEqual(okTimes(2));
      expect(third).toMatchObject({ ok: false, scope: 'tenant' });
      const retryAfterMs = third!.ok ? 0 : third!.retryAfterMs;
      expect(retryAfterMs).toBeGreaterThan(0);
      expect(retryAfterMs).toBeLessThanOrEqual(60_000);
    });

    it('refuses a seller past its share alone: the tenant key is still answered, and lost nothing to the refusals', async () => {
      const budgets = (await open()).budgets();
      const acme = testTenant('acme', { limits: { requestsPerMinute: 10, sellerShare: 0.2 } });
      expect(await charges(budgets, sellerCaller(acme, 'sel_1'), 2)).toEqual(okTimes(2));
      for (const refused of await charges(budgets, sellerCaller(acme, 'sel_1'), 5)) expect(refused).toMatchObject({ ok: false, scope: 'seller' });
      // The seller's two operations came out of the tenant's ten; its five refusals did not.
      expect(await charges(budgets, tenantCaller(acme), 8)).toEqual(okTimes(8));
      expect(await budgets.charge(tenantCaller(acme))).toMatchObject({ ok: false, scope: 'tenant' });
    });

    it('keeps sellers apart, and refuses any seller once the tenant’s budget is spent', async () => {
      const budgets = (await open()).budgets();
      const acme = testTenant('acme', { limits: { requestsPerMinute: 4, sellerShare: 0.5 } });
      expect(await charges(budgets, sellerCaller(acme, 'sel_a'), 3)).toEqual([...okTimes(2), expect.objectContaining({ ok: false, scope: 'seller' })]);
      expect(await charges(budgets, sellerCaller(acme, 'sel_b'), 2)).toEqual(okTimes(2));
      expect(await budgets.charge(sellerCaller(acme, 'sel_c'))).toMatchObject({ ok: false, scope: 'tenant' });
    });

    it('gives a seller at least one operation a minute, however small its share', async () => {
      const budgets = (await open()).budgets();
      const acme = testTenant('acme', { limits: { requestsPerMinute: 10, sellerShare: 0.01 } });
      expect(await charges(budgets, sellerCaller(acme, 'sel_1'), 2)).toEqual([{ ok: true }, expect.objectContaining({ ok: false, scope: 'seller' })]);
    });

    it('never lets one tenant (or its sellers) spend another’s budget, each by its own limits', async () => {
      const budgets = (await open()).budgets();
      const acme = testTenant('acme', { limits: { requestsPerMinute: 1, sellerShare: 1 } });
      const globex = testTenant('globex', { limits: { requestsPerMinute: 3, sellerShare: 1 } });
      expect(await charges(budgets, sellerCaller(acme, 'sel_1'), 2)).toEqual([{ ok: true }, expect.objectContaining({ ok: false })]);
      expect(await charges(budgets, sellerCaller(globex, 'sel_1'), 3)).toEqual(okTimes(3));
      expect(await budgets.charge(tenantCaller(globex))).toMatchObject({ ok: false, scope: 'tenant' });
    });

    it('refuses to charge after close', async () => {
      const budgets = (await open()).budgets();
      await budgets.close();
      await budgets.close();
      await expect(budgets.charge(tenantCaller(testTenant('acme')))).rejects.toThrow(/after close/);
    });

    it('caps a tenant’s sockets: N claims hold, the next is refused, a release frees one', async () => {
      const slots = (await open()).slots();
      const acme = tenantCaller(testTenant('acme', { limits: { socketsPerTenant: 2 } }));
      const first = held(await slots.claim(acme, 's1'));
      held(await slots.claim(acme, 's2'));
      expect(await slots.claim(acme, 's3')).toEqual({ ok: false, scope: 'tenant', limit: 2 });
      await first.release();
      held(await slots.claim(acme, 's3'));
    });

    it('caps each seller’s sockets apart from the tenant key and other sellers', async () => {
      const slots = (await open()).slots();
      const acme = testTenant('acme', { limits: { socketsPerTenant: 10, socketsPerSeller: 2 } });
      const first = held(await slots.claim(sellerCaller(acme, 'sel_a'), 's1'));
      held(await slots.claim(sellerCaller(acme, 'sel_a'), 's2'));
      expect(await slots.claim(sellerCaller(acme, 'sel_a'), 's3')).toEqual({ ok: false, scope: 'seller', limit: 2 });
      held(await slots.claim(sellerCaller(acme, 'sel_b'), 's4'));
      held(await slots.claim(tenantCaller(acme), 's5'));
      await first.release();
      held(await slots.claim(sellerCaller(acme, 'sel_a'), 's3'));
    });

    it('takes both slots or neither: a refused claim holds nothing', async () => {
      const slots = (await open()).slots();
      const acme = testTenant('acme', { limits: { socketsPerTenant: 2, socketsPerSeller: 1 } });
      held(await slots.claim(sellerCaller(acme, 'sel_a'), 's1'));
      expect(await slots.claim(sellerCaller(acme, 'sel_a'), 's2')).toEqual({ ok: false, scope: 'seller', limit: 1 });
      const key = held(await slots.claim(tenantCaller(acme), 's3'));
      expect(await slots.claim(sellerCaller(acme, 'sel_b'), 's4')).toEqual({ ok: false, scope: 'tenant', limit: 2 });
      await key.release();
      // Had the refusal above kept sel_b's own slot, its seller cap of one would refuse this.
      held(await slots.claim(sellerCaller(acme, 'sel_b'), 's4'));
    });

    it('makes a second release a no-op that frees nobody else’s slot', async () => {
      const slots = (await open()).slots();
      const acme = tenantCaller(testTenant('acme', { limits: { socketsPerTenant: 2 } }));
      const first = held(await slots.claim(acme, 's1'));
      held(await slots.claim(acme, 's2'));
      await first.release();
      await first.release();
      held(await slots.claim(acme, 's3'));
      expect(await slots.claim(acme, 's4')).toEqual({ ok: false, scope: 'tenant', limit: 2 });
    });

    it('lets a late release of a slot alone free nothing, though its socket id was claimed again', async () => {
      const slots = (await open()).slots();
      const acme = tenantCaller(testTenant('acme', { limits: { socketsPerTenant: 1 } }));
      const old = held(await slots.claim(acme, 's1'));
      await old.release();
      held(await slots.claim(acme, 's1'));
      await old.release();
      expect(await slots.claim(acme, 's2')).toEqual({ ok: false, scope: 'tenant', limit: 1 });
    });

    it('never lets tenants share caps, even for sellers of the same id', async () => {
      const slots = (await open()).slots();
      const limits = { socketsPerTenant: 1, socketsPerSeller: 1 };
      held(await slots.claim(sellerCaller(testTenant('acme', { limits }), 'sel_1'), 's1'));
      held(await slots.claim(sellerCaller(testTenant('globex', { limits }), 'sel_1'), 's2'));
    });

    it('refuses a claim for a socket id that holds a slot, until it is released', async () => {
      const slots = (await open()).slots();
      const acme = tenantCaller(testTenant('acme'));
      const slot = held(await slots.claim(acme, 's1'));
      await expect(slots.claim(acme, 's1')).rejects.toThrow(/holds one/);
      await slot.release();
      held(await slots.claim(acme, 's1'));
    });

    it('refuses to claim after close; releasing a slot then is harmless', async () => {
      const slots = (await open()).slots();
      const acme = tenantCaller(testTenant('acme'));
      const slot = held(await slots.claim(acme, 's1'));
      await slots.close();
      await slots.close();
      await slot.release();
      await expect(slots.claim(acme, 's2')).rejects.toThrow(/after close/);
    });

    if (capabilities.sharedAcrossInstances) {
      it('shares one budget between instances, as gateway instances do', async () => {
        const store = await open();
        const [a, b] = [store.budgets(), store.budgets()];
        const acme = tenantCaller(testTenant('acme', { limits: { requestsPerMinute: 2 } }));
        expect([await a.charge(acme), await b.charge(acme)]).toEqual(okTimes(2));
        expect(await a.charge(acme)).toMatchObject({ ok: false, scope: 'tenant' });
        expect(await b.charge(acme)).toMatchObject({ ok: false, scope: 'tenant' });
      });

      it('shares the socket caps between instances, and an instance that closes frees its slots', async () => {
        const store = await open();
        const [a, b] = [store.slots(), store.slots()];
        const acme = testTenant('acme', { limits: { socketsPerTenant: 3, socketsPerSeller: 1 } });
        held(await a.claim(sellerCaller(acme, 'sel_1'), 's1'));
        expect(await b.claim(sellerCaller(acme, 'sel_1'), 's2')).toEqual({ ok: false, scope: 'seller', limit: 1 });
        held(await b.claim(tenantCaller(acme), 's3'));
        held(await a.claim(tenantCaller(acme), 's4'));
        expect(await b.claim(tenantCaller(acme), 's5')).toEqual({ ok: false, scope: 'tenant', limit: 3 });
        await expect(b.claim(tenantCaller(acme), 's1')).rejects.toThrow(/holds one/);
        await a.close();
        held(await b.claim(sellerCaller(acme, 'sel_1'), 's2'));
        held(await b.claim(tenantCaller(acme), 's5'));
      });
    }
  });
}
