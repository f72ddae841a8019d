import { describe, expect, it } from 'vitest';
import type { TransactionEvent } from '../../src/events/event-log.js';
import { transaction } from '../../src/oms/schemas/index.js';
import type { Caller } from '../../src/tenancy/caller.js';
import { deliverable, developerFeesFor, isComplianceHold, metadataFor, subStatusFor, TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { rawTransaction } from '../webhooks/support.js';
import { testTenant } from '../support/tenants.js';

/** Unit tests of what each caller is shown of what it may see, and of which events reach which subscriber. */

const acme = testTenant('acme');
const tenantKey = (tenant = acme): Caller => ({ role: 'tenant', tenant });
const sellerToken = (sellerId = 'cst_a1', tenant = acme): Caller => ({
  role: 'seller',
  tenant,
  sellerId,
  sessionId: 'ses_test',
  expiresAt: new Date(Date.now() + 60_000),
});
const customer = (id: string, tenant = 'acme') => ({ id, metadata: { [TENANT_METADATA_KEY]: tenant } });

describe('a compliance hold reads as plain processing to a seller token', () => {
  it('hides every sub-status ending in underReview from seller tokens, and nothing else', () => {
    expect(isComplianceHold('processing.underReview')).toBe(true);
    expect(isComplianceHold('failed.underReview')).toBe(true);
    expect(isComplianceHold('processing.fundsDetected')).toBe(false);
    expect(isComplianceHold(null)).toBe(false);

    expect(subStatusFor(sellerToken(), 'processing.underReview')).toBeNull();
    expect(subStatusFor(sellerToken(), 'processing.fundsDetected')).toBe('processing.fundsDetected');
    expect(subStatusFor(sellerToken(), undefined)).toBeNull();
    expect(subStatusFor(tenantKey(), 'processing.underReview')).toBe('processing.underReview');
  });
});

describe('developer fees', () => {
  const fees = [{ type: 'percentage', rate: '0.010' }];
  it('are empty for a seller token unless its tenant shows them; a tenant key sees them', () => {
    expect(developerFeesFor(sellerToken(), fees)).toEqual([]);
    expect(developerFeesFor(sellerToken('cst_a1', testTenant('acme', { sellers: { seeDeveloperFees: true } })), fees)).toEqual(fees);
    expect(developerFeesFor(tenantKey(), fees)).toEqual(fees);
  });
});

describe("a transaction's metadata is its own customer's", () => {
  const metadata = { order: 'A-42' };
  it('is shown to who may see that customer, never to the recipient of a send or another tenant', () => {
    const sender = customer('cst_a1');
    expect(metadataFor(sellerToken('cst_a1'), metadata, sender), 'the sender').toEqual(metadata);
    expect(metadataFor(sellerToken('cst_a2'), metadata, sender), 'the recipient').toBeNull();
    expect(metadataFor(tenantKey(), metadata, sender), "the sender's tenant").toEqual(metadata);
    expect(metadataFor(tenantKey(testTenant('globex')), metadata, sender), "the recipient's tenant, if another").toBeNull();
    expect(metadataFor(tenantKey(), metadata, null), 'a customer OMS does not have').toBeNull();
    expect(metadataFor(sellerToken('cst_a1'), null, sender)).toBeNull();
  });
});

describe('deliverable: which events of the tenant log reach a subscriber', () => {
  const event = (fields: Partial<TransactionEvent> = {}): TransactionEvent => ({
    kind: 'transaction',
    cursor: '1-0',
    event: 'transaction.fiatToCrypto.processing',
    occurredAt: new Date().toISOString(),
    tenantId: 'acme',
    sellerIds: ['cst_a1'],
    virtualAccountId: 'va_1',
    compliance: false,
    transaction: transaction.parse(rawTransaction({ id: 'txn_1', customerId: 'cst_a1', status: 'processing' })),
    ...fields,
  });

  it('gives a tenant key its own tenant’s events, narrowed by seller or virtual account when asked', () => {
    expect(deliverable(tenantKey(), {}, event())).toBe(true);
    expect(deliverable(tenantKey(), {}, event({ compliance: true, event: 'transaction.fiatToCrypto.underReview' }))).toBe(true);
    expect(deliverable(tenantKey(testTenant('globex')), {}, event())).toBe(false);
    expect(deliverable(tenantKey(), { sellerId: 'cst_a2' }, event())).toBe(false);
    expect(deliverable(tenantKey(), { sellerId: 'cst_a1', virtualAccountId: 'va_1' }, event())).toBe(true);
    expect(deliverable(tenantKey(), { virtualAccountId: 'va_2' }, event())).toBe(false);
  });

  it('gives a seller token its own transactions (the recipient of a send included) and never a compliance event', () => {
    expect(deliverable(sellerToken('cst_a1'), {}, event())).toBe(true);
    expect(deliverable(sellerToken('cst_a2'), {}, event({ sellerIds: ['cst_a1', 'cst_a2'] })), 'the recipient').toBe(true);
    expect(deliverable(sellerToken('cst_a2'), {}, event())).toBe(false);
    expect(deliverable(sellerToken('cst_a2'), { sellerId: 'cst_a1' }, event()), 'its filter cannot widen it').toBe(false);
    expect(deliverable(sellerToken('cst_a1'), {}, event({ compliance: true, event: 'transaction.fiatToCrypto.underReview' }))).toBe(false);
    expect(deliverable(sellerToken('cst_a1', testTenant('globex')), {}, event()), 'the same seller id under another tenant').toBe(false);
  });
});
