import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { decoderOf, safeDecode } from '../../src/oms/schemas/decoded.js';
import { cashIn, customer, depositAddress, page, quote, transaction, virtualAccount, wallet } from '../../src/oms/schemas/index.js';

/** Every schema node under `schema` whose def type is one of `types` (a transform is a `pipe` of a `transform`). */
function nodesOfType(schema: z.ZodType, types: string[], seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const found = types.includes(def.type as string) ? [def.type as string] : [];
  const children = [
    ...Object.values((def.shape as Record<string, z.ZodType> | undefined) ?? {}),
    ...((def.options as z.ZodType[] | undefined) ?? []),
    ...['element', 'innerType', 'in', 'out', 'left', 'right', 'keyType', 'valueType'].map((key) => def[key]),
  ].filter((child): child is z.ZodType => typeof child === 'object' && child !== null && '_zod' in child);
  return [...found, ...children.flatMap((child) => nodesOfType(child, types, seen))];
}

/** The seed's webhook form of a transaction: links named without `Id`, the wallet target as `{ wallet }`. */
const SEED_FORM = {
  id: 'txn_1',
  object: 'transaction',
  type: 'fiatToCrypto',
  status: 'completed',
  subStatus: null,
  customerId: 'cst_1',
  virtualAccount: 'va_1',
  source: {
    asset: 'usd',
    network: 'usBank',
    amountGross: '10.99',
    amountNet: '9.88',
    feesDeducted: { total: '1.11', oms: '1.00', developer: '0.11', gas: '0.00' },
  },
  destination: { wallet: { wallet: 'wlt_1' }, asset: 'usdc', network: 'polygon', amountGross: '9.88', amountNet: '9.88', txHash: '0xabc' },
  developerFees: [{ type: 'percentage', amount: '0.11', wallet: null }],
  rates: { pair: 'USD/USDC', exchangeRate: '1.0000', effectiveRate: '0.8990' },
  metadata: {},
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:01.000Z',
};

/** The API reference's form: `...Id` links, sender and recipient, the destination an external account. */
const REFERENCE_FORM = {
  id: 'txn_2',
  type: 'cryptoToFiat',
  status: 'processing',
  senderCustomerId: 'cst_2',
  quoteId: 'qt_2',
  source: { asset: 'usdc', network: 'polygon', walletId: 'wlt_2', amountGross: '20.00' },
  destination: { externalAccountId: 'cpUsBank_1', asset: 'usd', network: 'ach' },
  createdAt: '2030-01-02T00:00:00Z',
};

describe('OMS schemas: checks apart from the normalising finish', () => {
  it('runs no transform inside the check of any decoded schema, nor of a page of them', () => {
    for (const schema of [transaction, wallet, customer, virtualAccount, depositAddress, quote, cashIn, page(transaction), page(customer)]) {
      const decoder = decoderOf(schema);
      expect(decoder).toBeDefined();
      expect(nodesOfType(decoder!.check, ['pipe', 'transform'])).toEqual([]);
    }
    // The guard itself can see a transform.
    expect(nodesOfType(transaction, ['transform'])).toEqual(['transform']);
  });

  it('normalises both documented forms of a transaction, apart and as one zod schema alike', () => {
    const seed = safeDecode(transaction, SEED_FORM);
    expect(seed.success && seed.data).toMatchObject({
      customerId: 'cst_1',
      senderCustomerId: null,
      recipientCustomerId: null,
      virtualAccountId: 'va_1',
      depositAddressId: null,
      cashInId: null,
      quoteId: null,
      error: null,
      destination: { walletId: 'wlt_1', blockchainAddress: null, externalAccountId: null, amountNet: '9.88', txHash: '0xabc' },
      source: SEED_FORM.source,
    });
    expect(seed.success && seed.data).not.toHaveProperty('virtualAccount');
    expect(seed.success && seed.data).not.toHaveProperty('destination.wallet');

    const reference = safeDecode(transaction, REFERENCE_FORM);
    expect(reference.success && reference.data).toMatchObject({
      customerId: 'cst_2',
      senderCustomerId: 'cst_2',
      quoteId: 'qt_2',
      subStatus: null,
      metadata: null,
      developerFees: [],
      destination: { walletId: null, externalAccountId: 'cpUsBank_1' },
    });
    for (const input of [SEED_FORM, REFERENCE_FORM]) {
      expect(safeDecode(transaction, input)).toEqual({ success: true, data: transaction.parse(input) });
    }
  });

  it('keeps the checks that protect money, enums, ids and time, and names the field', () => {
    const problems = (input: unknown) => {
      const result = safeDecode(page(transaction), { data: [input], hasMore: false });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(problems({ ...SEED_FORM, destination: { ...SEED_FORM.destination, amountNet: '9.8.8' } })).toEqual([
      'data.0.destination.amountNet: expected a decimal string like "12.34"',
    ]);
    expect(problems({ ...SEED_FORM, source: { ...SEED_FORM.source, feesDeducted: { total: 1.11 } } })).toHaveLength(1);
    expect(problems({ ...SEED_FORM, status: 'settled' })[0]).toMatch(/^data\.0\.status: /);
    expect(problems({ ...SEED_FORM, id: 'cst_1' })[0]).toMatch(/^data\.0\.id: /);
    expect(problems({ ...SEED_FORM, createdAt: 'yesterday' })[0]).toMatch(/^data\.0\.createdAt: /);
    expect(problems({ ...REFERENCE_FORM, senderCustomerId: undefined })).toEqual(['data.0.customerId: expected customerId or senderCustomerId']);
  });

  it('normalises wallets, customers and accounts the same way apart as whole', () => {
    const walletInput = {
      id: 'wlt_1',
      customerId: 'cst_1',
      address: '0x1',
      asset: 'usdc',
      network: 'polygon',
      status: 'active',
      createdAt: '2030-01-01T00:00:00Z',
    };
    expect(safeDecode(wallet, walletInput)).toEqual({ success: true, data: wallet.parse(walletInput) });
    expect(wallet.parse(walletInput)).toMatchObject({ chain: 'polygon' });
    expect(wallet.parse(walletInput)).not.toHaveProperty('network');
    expect(safeDecode(wallet, { ...walletInput, network: undefined }).error?.issues[0]).toMatchObject({
      path: ['chain'],
      message: 'expected chain or network',
    });

    const customerInput = {
      id: 'cst_1',
      object: 'customer',
      status: 'active',
      endorsements: ['basic', { name: 'usd', status: 'pending' }],
      createdAt: '2030-01-01T00:00:00Z',
    };
    const decodedCustomer = safeDecode(customer, customerInput);
    expect(decodedCustomer.success && decodedCustomer.data.endorsements).toEqual([
      { name: 'basic', status: 'active' },
      { name: 'usd', status: 'pending' },
    ]);
    expect(decodedCustomer).toEqual({ success: true, data: customer.parse(customerInput) });
  });
});
