import { getNamedType, isInputType, isObjectType, isInterfaceType, isUnionType, parse, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import { createShareKeys, visibilityOf } from '../../src/graphql/subscription/share-key.js';
import type { Caller, Tenant } from '../../src/tenancy/caller.js';

const tenant = (id: string) => ({ id, name: id, omsAccountId: 'main' }) as Tenant;
const acme = tenant('acme');
const asTenant: Caller = { role: 'tenant', tenant: acme };
const asSeller = (sellerId: string, sessionId = 'ses_1'): Caller => ({ role: 'seller', tenant: acme, sellerId, sessionId, expiresAt: new Date(0) });

const SUBSCRIPTION = 'subscription($sellerId: ID, $after: String) { transactionUpdated(sellerId: $sellerId, after: $after) { cursor } }';

describe('share keys: what decides whether two subscriptions may share their executions', () => {
  const keyOf = createShareKeys();
  const key = (caller: Caller, variables: Record<string, unknown>, query = SUBSCRIPTION) =>
    keyOf({ caller, query, document: parse(query), operationName: null, variables });

  it('leaves out the root field’s `after` when it is a variable used nowhere else, and answers where each starts', () => {
    const a = key(asTenant, { sellerId: 'cst_1', after: '1-0' });
    const b = key(asTenant, { after: '2-0', sellerId: 'cst_1' });
    const now = key(asTenant, { sellerId: 'cst_1' });
    const nulled = key(asTenant, { sellerId: 'cst_1', after: null });
    expect(new Set([a.key, b.key, now.key, nulled.key]).size).toBe(1);
    expect([a.start, b.start, now.start, nulled.start]).toEqual([{ after: '1-0' }, { after: '2-0' }, 'now', 'now']);
    expect(key(asTenant, {}, 'subscription { transactionUpdated { cursor } }').start).toBe('now');
    // A default, a literal: not known here where it starts.
    expect(key(asTenant, {}, 'subscription($after: String = "1-0") { transactionUpdated(after: $after) { cursor } }').start).toBeUndefined();
    expect(key(asTenant, {}, 'subscription { transactionUpdated(after: "1-0") { cursor } }').start).toBeUndefined();
    // Used elsewhere too, the variable may change the payload: it stays in the key.
    const twice =
      'subscription($after: String) { transactionUpdated(after: $after) { transaction { seller { transactions(after: $after) { nodes { id } } } } } }';
    expect(key(asTenant, { after: '1-0' }, twice).key).not.toBe(key(asTenant, { after: '2-0' }, twice).key);
    expect(key(asTenant, { after: '1-0' }, twice).start).toBeUndefined();
  });

  it('keeps apart every difference in visibility, document or any other variable', () => {
    const base = key(asTenant, { sellerId: 'cst_1' }).key;
    expect(key(asSeller('cst_1'), { sellerId: 'cst_1' }).key).not.toBe(base);
    expect(key(asSeller('cst_2'), { sellerId: 'cst_1' }).key).not.toBe(key(asSeller('cst_1'), { sellerId: 'cst_1' }).key);
    expect(key({ role: 'tenant', tenant: tenant('globex') }, { sellerId: 'cst_1' }).key).not.toBe(base);
    expect(key(asTenant, { sellerId: 'cst_2' }).key).not.toBe(base);
    expect(key(asTenant, { sellerId: 'cst_1', extra: { b: 1, a: 2 } }).key).toBe(key(asTenant, { extra: { a: 2, b: 1 }, sellerId: 'cst_1' }).key);
    expect(key(asTenant, { sellerId: 'cst_1' }, SUBSCRIPTION.replace('cursor', 'cursor event')).key).not.toBe(base);
  });

  it('takes one seller’s sessions as one visibility, and nothing under Subscription can tell sessions apart', async () => {
    expect(visibilityOf(asSeller('cst_1', 'ses_1'))).toBe(visibilityOf(asSeller('cst_1', 'ses_2')));
    // The session is readable only as Viewer.sessionId: no type reachable from Subscription is Viewer.
    const schema = await buildGatewaySchema();
    const reachable = new Set<string>();
    const visit = (type: GraphQLNamedType) => {
      if (reachable.has(type.name)) return;
      reachable.add(type.name);
      if (isUnionType(type)) for (const member of type.getTypes()) visit(member);
      if (isInterfaceType(type)) for (const implementation of schema.getPossibleTypes(type)) visit(implementation);
      if (!isObjectType(type) && !isInterfaceType(type)) return;
      for (const field of Object.values(type.getFields())) {
        visit(getNamedType(field.type));
        for (const arg of field.args) if (isInputType(arg.type)) visit(getNamedType(arg.type));
      }
    };
    visit(schema.getSubscriptionType()!);
    expect(reachable.has('Transaction')).toBe(true);
    expect(reachable.has('Viewer')).toBe(false);
  });
});
