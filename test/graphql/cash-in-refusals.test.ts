import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT_ID, demoTenants } from '../../src/demo.js';
import { startSandboxServer, type SandboxServer } from '../../src/sandbox/server.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';
import {
  CashInDocument,
  CashLocationsDocument,
  CreateCashInDocument,
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateWalletDocument,
  RefreshCashInDocument,
  SellerCashInsDocument,
  SimulateCashDepositDocument,
  type CreateCashInInput,
} from '../generated/graphql.js';
import { createCashIn, nearestLocation, SACRAMENTO, sellerWithWallet, sent } from '../support/cash-ins.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { comparable, missingIdLike } from '../support/isolation.js';

/** What cash-ins refuse: bad input (nothing sent to OMS), strangers' ids, and simulation against a production OMS. */

const CASH_MUTATIONS = ['createCashIn', 'refreshCashIn', 'simulateCashDeposit'] as const;

let t: TestGateway;
let acme: string;
let owner: { sellerId: string; walletId: string };
beforeAll(async () => {
  // acme opens the cash-in mutations to its seller tokens, so a second seller's token can try them on the first's objects.
  t = await startTestGateway({ tenants: { acme: { sellerTokens: { allow: [...CASH_MUTATIONS] } } } });
  acme = t.keys.acme;
  owner = await sellerWithWallet(t, acme);
});
afterAll(() => t?.close());

const userErrorsOf = (errors: readonly { code: string; field?: readonly string[] | null }[]) => errors.map(({ code, field }) => ({ code, field }));

describe('bad input', () => {
  it('createCashIn: a userError with the input path for each mistake, and nothing sent to OMS', async () => {
    const other = await sellerWithWallet(t, acme);
    const location = await nearestLocation(t, acme);
    const base: CreateCashInInput = {
      sellerId: owner.sellerId,
      destinationWalletId: owner.walletId,
      amount: '100.00',
      cashLocationId: location.id,
      cashLocationReference: location.reference,
    };
    const cases: [Partial<CreateCashInInput>, string, string][] = [
      ...['1e3', 12.5 as unknown as string, '10.001', '0', '0.00', '-5.00', ' 5.00'].map((amount): [Partial<CreateCashInInput>, string, string] => [
        { amount },
        'INVALID_AMOUNT',
        'amount',
      ]),
      [{ sellerId: owner.walletId }, 'INVALID_INPUT', 'sellerId'],
      [{ sellerId: missingIdLike(owner.sellerId) }, 'NOT_FOUND', 'sellerId'],
      [{ destinationWalletId: other.walletId }, 'NOT_FOUND', 'destinationWalletId'],
      [{ cashLocationId: 'store-1' }, 'INVALID_INPUT', 'cashLocationId'],
      [{ cashLocationReference: '' }, 'INVALID_INPUT', 'cashLocationReference'],
    ];
    const posted = sent(t, 'POST /cash-ins');
    for (const [override, code, field] of cases) {
      const { createCashIn } = await data(t, acme, CreateCashInDocument, { input: { ...base, ...override } });
      expect({ override, cashIn: createCashIn.cashIn, userErrors: userErrorsOf(createCashIn.userErrors) }).toEqual({
        override,
        cashIn: null,
        userErrors: [{ code, field: ['input', field] }],
      });
    }
    expect(sent(t, 'POST /cash-ins'), 'nothing reached OMS').toBe(posted);

    // Well-formed, but OMS's to judge: above the provider's 1000.00, a counter that does not exist.
    for (const [override, code, field] of [
      [{ amount: '1000.01' }, 'INVALID_AMOUNT', 'amount'],
      [{ cashLocationId: 'loc_01NOWHERE' }, 'NOT_FOUND', 'cashLocationId'],
    ] as const) {
      const { createCashIn } = await data(t, acme, CreateCashInDocument, { input: { ...base, ...override } });
      expect(userErrorsOf(createCashIn.userErrors)).toEqual([{ code, field: ['input', field] }]);
    }
    expect((await data(t, acme, SellerCashInsDocument, { id: owner.sellerId })).seller!.cashIns.nodes).toEqual([]);
  });

  it('simulateCashDeposit and refreshCashIn: malformed amounts and ids never reach the counter', async () => {
    const cashIn = await createCashIn(t, acme, owner);
    const scans = sent(t, 'POST /cash-ins/simulate/barcode-auth');
    const refreshes = sent(t, 'POST /cash-ins/{id}/refresh');
    const deposit = async (cashInId: string, amount: string) =>
      userErrorsOf((await data(t, acme, SimulateCashDepositDocument, { input: { cashInId, amount } })).simulateCashDeposit.userErrors);
    expect(await deposit(cashIn.id, '12.345')).toEqual([{ code: 'INVALID_AMOUNT', field: ['input', 'amount'] }]);
    expect(await deposit(cashIn.id, '0')).toEqual([{ code: 'INVALID_AMOUNT', field: ['input', 'amount'] }]);
    expect(await deposit('txn_01ZZZZZZZZZZZZZZZZZZZZZZZZ', '10.00')).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'cashInId'] }]);
    expect(await deposit(missingIdLike(cashIn.id), '10.00')).toEqual([{ code: 'NOT_FOUND', field: ['input', 'cashInId'] }]);
    const refresh = (await data(t, acme, RefreshCashInDocument, { input: { id: 'ci' } })).refreshCashIn;
    expect(userErrorsOf(refresh.userErrors)).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'id'] }]);
    expect([sent(t, 'POST /cash-ins/simulate/barcode-auth'), sent(t, 'POST /cash-ins/{id}/refresh')]).toEqual([scans, refreshes]);

    // Above what the counter takes: OMS refuses it, and the code is still good.
    expect(await deposit(cashIn.id, '1000.01')).toEqual([{ code: 'INVALID_AMOUNT', field: ['input', 'amount'] }]);
    expect((await data(t, acme, CashInDocument, { id: cashIn.id })).cashIn).toMatchObject({
      status: 'PENDING',
      depositInstructions: cashIn.depositInstructions,
    });
  });
});

describe("another tenant's or another seller's cash-in", () => {
  it('answers exactly like a missing one, and stays as it was', async () => {
    const cashIn = await createCashIn(t, acme, owner);
    const session = async (sellerId: string) => (await data(t, acme, CreateSellerSessionDocument, { input: { sellerId } })).createSellerSession.session!.token;
    const mine = await session(owner.sellerId);
    const other = await sellerWithWallet(t, acme);
    const strangers = { globex: t.keys.globex, 'another seller of acme': await session(other.sellerId) };
    const missing = missingIdLike(cashIn.id);
    for (const [who, token] of Object.entries(strangers)) {
      for (const [document, variables] of [
        [CashInDocument, (id: string) => ({ id })],
        [RefreshCashInDocument, (id: string) => ({ input: { id } })],
        [SimulateCashDepositDocument, (id: string) => ({ input: { cashInId: id, amount: '100.00' } })],
      ] as const) {
        const foreign = await send(t, token, document as typeof CashInDocument, variables(cashIn.id) as never);
        const absent = await send(t, token, document as typeof CashInDocument, variables(missing) as never);
        expect(comparable(foreign), `${who}: ${JSON.stringify(foreign)}`).toEqual(comparable(absent));
        expect(foreign.errors, who).toBeUndefined();
      }
      const stolen = (
        await data(t, token, CreateCashInDocument, {
          input: {
            sellerId: owner.sellerId,
            destinationWalletId: owner.walletId,
            amount: '100.00',
            cashLocationId: 'loc_01GREENDOT0000000000000001',
            cashLocationReference: 'x',
          },
        })
      ).createCashIn;
      expect(userErrorsOf(stolen.userErrors), who).toEqual([{ code: 'NOT_FOUND', field: ['input', 'sellerId'] }]);
    }
    const seen = (await data(t, mine, CashInDocument, { id: cashIn.id })).cashIn;
    expect(seen, "the owner's own token sees it unchanged").toEqual(cashIn);
  });
});

describe('against a production OMS (the sandbox served over HTTP, configured as a real OMS)', () => {
  let oms: SandboxServer | undefined;
  let gateway: Gateway | undefined;
  afterAll(async () => {
    await gateway?.close();
    await oms?.close();
  });

  it('creates cash-ins, and refuses simulateCashDeposit with NOT_ALLOWED_IN_PRODUCTION', async () => {
    const config = (env: Record<string, string> = {}) =>
      loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars', ...env });
    oms = await startSandboxServer(config({ SANDBOX_COMPLETION_DELAY_MS: '5' }));
    const key = newApiKey(DEMO_TENANT_ID);
    const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
    gateway = await startGateway({
      config: config(),
      tenants: demoTenants(key, { kind: 'oms', id: 'remote', baseUrl: oms.url, apiKey, apiSecret }),
      logger: pino({ level: 'silent' }),
    });
    const call = post(gateway, key);
    const seller = (await call(CreateSellerDocument, { input: { firstName: 'Remote', lastName: 'Cash', email: 'remote-cash@example.com' } })).createSeller
      .seller!;
    const wallet = (await call(CreateWalletDocument, { input: { sellerId: seller.id } })).createWallet.wallet!;
    const [location] = (await call(CashLocationsDocument, SACRAMENTO)).cashLocations;
    const created = (
      await call(CreateCashInDocument, {
        input: {
          sellerId: seller.id,
          destinationWalletId: wallet.id,
          amount: '50.00',
          cashLocationId: location!.id,
          cashLocationReference: location!.reference,
        },
      })
    ).createCashIn;
    expect(created).toMatchObject({ cashIn: { status: 'PENDING', indicatedAmount: '50.00' }, userErrors: [] });

    const simulated = (await call(SimulateCashDepositDocument, { input: { cashInId: created.cashIn!.id, amount: '50.00' } })).simulateCashDeposit;
    expect(simulated).toEqual({
      cashIn: null,
      userErrors: [
        {
          code: 'NOT_ALLOWED_IN_PRODUCTION',
          field: null,
          message: 'Cash deposits can be simulated only against an OMS sandbox (embedded, or marked "sandbox": true in the tenants file)',
        },
      ],
    });
    expect((await call(CashInDocument, { id: created.cashIn!.id })).cashIn).toMatchObject({ status: 'PENDING', transaction: null });
  });
});

/** Typed documents over HTTP to a gateway made here (not a TestGateway); fails on GraphQL errors. */
function post(gateway: Gateway, token: string) {
  return async <R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.json()) as { data?: R; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(JSON.stringify(body));
    return body.data;
  };
}
