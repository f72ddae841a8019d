import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../src/errors.js';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import type { Caller, Tenant } from '../../src/tenancy/caller.js';
import { isOwnDestination, TENANT_METADATA_KEY, type Destination } from '../../src/tenancy/ownership.js';
import {
  mayRun,
  maySendTo,
  requireMaySaveBlockchainAddress,
  requireMaySendTo,
  requireMaySetDeveloperFees,
  requireMaySetExecutionMetadata,
  requireMaySponsorGas,
  SELLER_DEFAULT_MUTATIONS,
} from '../../src/tenancy/permissions.js';
import { SELLER_WIDENABLE_MUTATIONS } from '../../src/tenancy/tenants-file.js';
import { testTenant } from '../support/tenants.js';

/** Unit tests of the permission rules: what each role may run, and where a seller token may send money. */

const schema = await buildGatewaySchema();
const fieldsOf = (name: 'Query' | 'Mutation' | 'Subscription') => {
  const type = schema.getType(name);
  return isObjectType(type) ? Object.keys(type.getFields()).sort() : [];
};
const MUTATIONS = fieldsOf('Mutation');

const acme = testTenant('acme');
const widened = testTenant('acme', { sellers: { allow: [...SELLER_WIDENABLE_MUTATIONS] } });
const tenantKey = (tenant: Tenant = acme): Caller => ({ role: 'tenant', tenant });
const sellerToken = (sellerId = 'cst_a1', tenant: Tenant = acme): Caller => ({
  role: 'seller',
  tenant,
  sellerId,
  sessionId: 'ses_test',
  expiresAt: new Date(Date.now() + 60_000),
});

/**
 * Every mutation of the schema, and whether a seller token may run it: by default, and where its
 * tenant opened every mutation it may open. A tenant key may run all of them. A new mutation fails
 * "the table covers every mutation" until it gets a row here: someone has to decide.
 */
const TABLE: Record<string, { seller: boolean; widened: boolean }> = {
  createQuote: { seller: true, widened: true },
  executeQuote: { seller: true, widened: true },
  createSeller: { seller: false, widened: true },
  createSellerSession: { seller: false, widened: true },
  createWallet: { seller: false, widened: true },
  createVirtualAccount: { seller: false, widened: true },
  updateVirtualAccount: { seller: false, widened: true },
  deleteVirtualAccount: { seller: false, widened: true },
  simulateDeposit: { seller: false, widened: true },
  createCashIn: { seller: false, widened: true },
  refreshCashIn: { seller: false, widened: true },
  simulateCashDeposit: { seller: false, widened: true },
  createDepositAddress: { seller: false, widened: true },
  updateDepositAddress: { seller: false, widened: true },
  deleteDepositAddress: { seller: false, widened: true },
  simulateCryptoDeposit: { seller: false, widened: true },
  updateSeller: { seller: false, widened: true },
  simulateKycDecision: { seller: false, widened: false },
  createTreasuryWallet: { seller: false, widened: false },
  registerExternalAccount: { seller: false, widened: true },
  // Signing out (its own seller's sessions alone) needs no grant; ending all of them is the tenant's to open.
  revokeSellerSession: { seller: true, widened: true },
  revokeSellerSessions: { seller: false, widened: true },
};

describe('mayRun: every mutation of the schema by role', () => {
  it('the table covers every mutation of the schema', () => {
    expect(Object.keys(TABLE).sort()).toEqual(MUTATIONS);
  });

  const roles = {
    'tenant key': { caller: tenantKey(), expected: (_name: string) => true },
    'seller token': { caller: sellerToken(), expected: (name: string) => TABLE[name]?.seller },
    'seller token of a tenant that opened every widenable mutation': {
      caller: sellerToken('cst_a1', widened),
      expected: (name: string) => TABLE[name]?.widened,
    },
  };
  for (const [role, { caller, expected }] of Object.entries(roles)) {
    it(role, () => {
      const actual = Object.fromEntries(MUTATIONS.map((name) => [name, mayRun(caller, 'mutation', name)]));
      expect(actual).toEqual(Object.fromEntries(MUTATIONS.map((name) => [name, expected(name)])));
    });
  }

  it('the default list is createQuote, executeQuote and revokeSellerSession, and a tenant opens only what it names', () => {
    expect([...SELLER_DEFAULT_MUTATIONS]).toEqual(['createQuote', 'executeQuote', 'revokeSellerSession']);
    const one = sellerToken('cst_a1', testTenant('acme', { sellers: { allow: ['createWallet'] } }));
    expect(MUTATIONS.filter((name) => mayRun(one, 'mutation', name)).sort()).toEqual(['createQuote', 'createWallet', 'executeQuote', 'revokeSellerSession']);
  });

  it('ignores a name in allow that a tenant may not open (the tenants file refuses it; a hand-made tenant cannot sneak it in)', () => {
    const sneaky = sellerToken('cst_a1', testTenant('acme', { sellers: { allow: ['launchRockets'] } }));
    expect(mayRun(sneaky, 'mutation', 'launchRockets')).toBe(false);
    expect(mayRun(tenantKey(), 'mutation', 'launchRockets')).toBe(true);
  });

  it('lets a seller token run every query and subscription field, and __typename anywhere', () => {
    for (const name of fieldsOf('Query')) expect(mayRun(sellerToken(), 'query', name), name).toBe(true);
    for (const name of fieldsOf('Subscription')) expect(mayRun(sellerToken(), 'subscription', name), name).toBe(true);
    expect(mayRun(sellerToken(), 'mutation', '__typename')).toBe(true);
  });
});

describe('developer fees', () => {
  it('a tenant key may set them; a seller token never, even where createVirtualAccount is open to it', () => {
    expect(() => requireMaySetDeveloperFees(tenantKey())).not.toThrow();
    for (const caller of [sellerToken(), sellerToken('cst_a1', widened)]) {
      const error = catchError(() => requireMaySetDeveloperFees(caller));
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ code: ErrorCode.FORBIDDEN, message: expect.stringContaining('developerFees') });
    }
  });
});

describe("the tenant's money and records", () => {
  const forbidden = (run: () => void, field: string) => {
    const error = catchError(run);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: ErrorCode.FORBIDDEN, message: expect.stringContaining(field) });
  };

  it('sponsored gas: a tenant key may; a seller token never, even of a tenant that opened everything', () => {
    expect(() => requireMaySponsorGas(tenantKey())).not.toThrow();
    for (const caller of [sellerToken(), sellerToken('cst_a1', widened)]) forbidden(() => requireMaySponsorGas(caller), 'input.sponsorGas');
  });

  it("execution metadata: a seller token may not replace a quote's metadata, and may set it where the quote carries none", () => {
    const tenants = { orderId: 'ORD-1' };
    expect(() => requireMaySetExecutionMetadata(tenantKey(), tenants)).not.toThrow();
    forbidden(() => requireMaySetExecutionMetadata(sellerToken(), tenants), 'input.metadata');
    for (const none of [null, undefined, {}]) expect(() => requireMaySetExecutionMetadata(sellerToken(), none)).not.toThrow();
  });

  it('saving a blockchain address: a tenant key, or a seller token whose tenant lets it send anywhere', () => {
    expect(() => requireMaySaveBlockchainAddress(tenantKey())).not.toThrow();
    expect(() => requireMaySaveBlockchainAddress(sellerToken('cst_a1', testTenant('acme', { sellers: { sendAnywhere: true } })))).not.toThrow();
    for (const caller of [sellerToken(), sellerToken('cst_a1', widened)]) forbidden(() => requireMaySaveBlockchainAddress(caller), 'input.blockchainAddress');
  });
});

describe('where money may go', () => {
  const customer = (id: string, tenant = 'acme') => ({ id, metadata: { [TENANT_METADATA_KEY]: tenant } });
  const wallet = (owner: ReturnType<typeof customer> | null): Destination => ({ kind: 'wallet', owner });
  const external = (owner: ReturnType<typeof customer> | null): Destination => ({ kind: 'externalAccount', owner });
  const address: Destination = { kind: 'blockchainAddress' };
  const anywhere = sellerToken('cst_a1', testTenant('acme', { sellers: { sendAnywhere: true } }));

  it("a destination is a seller token's own when its owner is that seller", () => {
    expect(isOwnDestination(sellerToken(), wallet(customer('cst_a1')))).toBe(true);
    expect(isOwnDestination(sellerToken(), external(customer('cst_a1')))).toBe(true);
    expect(isOwnDestination(sellerToken(), wallet(customer('cst_a2'))), 'another seller of the tenant').toBe(false);
    expect(isOwnDestination(sellerToken(), wallet(customer('cst_a1', 'globex'))), 'the same id stamped by another tenant').toBe(false);
    expect(isOwnDestination(sellerToken(), wallet(null)), 'a wallet OMS does not have').toBe(false);
    expect(isOwnDestination(sellerToken(), address), 'a blockchain address is nobody’s the gateway knows').toBe(false);
    expect(isOwnDestination(tenantKey(), wallet(customer('cst_a2'))), "a tenant key's: any of its sellers'").toBe(true);
    expect(isOwnDestination(tenantKey(), wallet(customer('cst_g1', 'globex')))).toBe(false);
  });

  it('a tenant key sends anywhere; a seller token to its own, or anywhere where its tenant allows it', () => {
    const table = (caller: Caller) =>
      [wallet(customer('cst_a1')), wallet(customer('cst_a2')), external(customer('cst_a1')), address].map((d) => maySendTo(caller, d));
    expect(table(tenantKey())).toEqual([true, true, true, true]);
    expect(table(sellerToken())).toEqual([true, false, true, false]);
    expect(table(anywhere)).toEqual([true, true, true, true]);
  });

  it('requireMaySendTo refuses with FORBIDDEN naming the field, and looks the destination up only when it matters', async () => {
    let lookups = 0;
    const lookUp = (d: Destination) => () => {
      lookups += 1;
      return Promise.resolve(d);
    };
    await expect(requireMaySendTo(tenantKey(), 'input.destinationBlockchainAddress', lookUp(address))).resolves.toBeUndefined();
    await expect(requireMaySendTo(anywhere, 'input.destinationBlockchainAddress', lookUp(address))).resolves.toBeUndefined();
    expect(lookups, 'a tenant key and a send-anywhere seller need no lookup').toBe(0);
    await expect(requireMaySendTo(sellerToken(), 'input.destinationWalletId', lookUp(wallet(customer('cst_a1'))))).resolves.toBeUndefined();
    await expect(requireMaySendTo(sellerToken(), 'input.destinationBlockchainAddress', lookUp(address))).rejects.toMatchObject({
      code: ErrorCode.FORBIDDEN,
      message: expect.stringContaining('input.destinationBlockchainAddress'),
    });
    await expect(requireMaySendTo(sellerToken(), 'input.quoteId', lookUp(wallet(customer('cst_a2'))))).rejects.toMatchObject({
      code: ErrorCode.FORBIDDEN,
      message: expect.stringContaining('input.quoteId'),
    });
    expect(lookups).toBe(3);
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}
