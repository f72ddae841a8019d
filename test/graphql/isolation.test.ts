import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Customer } from '../../src/oms/index.js';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import { SELLER_WIDENABLE_MUTATIONS } from '../../src/tenancy/tenants-file.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';
import { appendMarker, MARKER } from '../support/markers.js';
import { comparable, cursorArgumentPaths, cursorOf, idArgumentPaths, missingIdLike, omsRequestRecorder } from '../support/isolation.js';

/**
 * Tenant isolation, field by field. Tenants acme and globex share ONE sandbox OMS account, so the only
 * thing between them is the gateway. Every place the schema takes an id is GENERATED from the schema
 * (idArgumentPaths, cursorArgumentPaths) and must have an entry in ID_CASES / CURSOR_CASES below: a new
 * id argument without one fails "every id argument has a case", so none can be added unchecked.
 *
 * For each entry, with a seller's fixture objects as targets:
 *  - the owner (acme's key, A1's seller token) gets the object: proof the fixture and the call are right;
 *  - a stranger (globex's key, G1's token, A2's token — a second seller of the same tenant — and, the
 *    other way round, acme's key and A1's token on G1's objects) gets EXACTLY the answer a well-formed
 *    id of the same prefix that names nothing gets: the whole JSON, data and errors, compared;
 *  - the two calls cost OMS exactly the same requests (counted, never timed: one request must not tell
 *    someone else's id from a missing one by its latency), both with the gateway's ownership cache warm
 *    (every customer's stamp known, the victim's too) and emptied before each call (the cold start);
 *    subscriptions and cursors are counted too, with the cache as it is;
 *  - and nothing of the victim's changed (a snapshot of all three sellers, read by their own tenants,
 *    before and after the strangers' calls).
 */

const schema = await buildGatewaySchema();
const GENERATED_ID_PATHS = idArgumentPaths(schema);
const GENERATED_CURSOR_PATHS = cursorArgumentPaths(schema);

type Who = 'acme' | 'globex' | 'A1' | 'A2' | 'G1';
type SellerName = 'A1' | 'A2' | 'G1';
type Owner = 'acme' | 'A1';

interface SellerFixture {
  name: SellerName;
  tenant: 'acme' | 'globex';
  id: string;
  email: string;
  externalId: string;
  token: string;
  /** The session of `token`. */
  sessionId: string;
  walletId: string;
  vaId: string;
  /** The completed 500.00 deposit into vaId (5.00 of it to the tenant's treasury). */
  depositId: string;
  /** An OPEN quote from walletId to a blockchain address. */
  quoteId: string;
  /** A verified blockchain-address external account (payout target), made through the sandbox API. */
  externalAccountId: string;
  /** A PENDING cash-in into walletId. */
  cashInId: string;
  /** An active deposit address into walletId. */
  daId: string;
  /** The completed 100.00 deposit to daId. */
  daDepositId: string;
}

interface Op {
  query: string;
  variables: Record<string, unknown>;
}

/** What a stranger gets, besides it being identical to the missing id's answer. */
type Refusal =
  | { kind: 'null'; field: string }
  | { kind: 'userError'; payload: string; code: string; field: string }
  | { kind: 'error'; code: string }
  /** Subscriptions: the operation runs and never delivers anything. */
  | { kind: 'silent' };

interface Target {
  label: string;
  id: string;
}

interface IdCase {
  /** The seller's objects whose ids this argument is probed with. */
  targets(s: SellerFixture): Target[];
  /** The operation with `id` in the probed place, made by `who`, whose own objects fill every other id. */
  op(id: string, who: Who): Op;
  /** What the owner gets, with A1's object `id` (a fresh one when `fresh` is given). */
  owner(res: GraphQLResponse, who: Owner, target: Target): void | Promise<void>;
  /** For calls that would use the fixture up (delete, execute, pause): a fresh A1 object per owner call. */
  fresh?(who: Owner): Promise<string>;
  refusal(who: Who): Refusal;
  /** For an id of something nobody owns (a cash location; `targets` is then empty): it works alike for every caller. */
  shared?: { id: string; works(res: GraphQLResponse, who: Who): void };
  /** Read as the owner, after the strangers' calls: the victim's object is as it was. */
  untouched?(victim: SellerFixture): Promise<void>;
}

let t: TestGateway;
let A1: SellerFixture;
let A2: SellerFixture;
let G1: SellerFixture;
const seller = (name: SellerName) => ({ A1, A2, G1 })[name];

/** Whose objects fill the ids a call does not probe: a tenant key acts for its first seller. */
const HOME: Record<Who, SellerName> = { acme: 'A1', A1: 'A1', A2: 'A2', globex: 'G1', G1: 'G1' };
const home = (who: Who) => seller(HOME[who]);
const isTenant = (who: Who) => who === 'acme' || who === 'globex';

/** Strangers and whose objects they probe. */
const PROBES: { who: Who; victim: SellerName }[] = [
  { who: 'globex', victim: 'A1' },
  { who: 'G1', victim: 'A1' },
  { who: 'A2', victim: 'A1' },
  { who: 'acme', victim: 'G1' },
  { who: 'A1', victim: 'G1' },
];
const OWNERS: Owner[] = ['acme', 'A1'];

function token(who: Who): string {
  if (who === 'acme') return t.keys.acme;
  if (who === 'globex') return t.keys.globex;
  return seller(who).token;
}

let counter = 0;
const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;
const ADDRESS = `0x${'ab'.repeat(20)}`;

/** A request as `who` (the test gateway's budgets are too large for these probes to meet). */
function call(who: Who, op: Op): Promise<GraphQLResponse> {
  return t.request(token(who), op.query, op.variables);
}

/** The data of a call that must succeed without GraphQL errors or userErrors. */
async function ok(who: Who, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await call(who, { query, variables });
  if (res.errors?.length || !res.data) throw new Error(`${query}\n→ ${JSON.stringify(res)}`);
  for (const value of Object.values(res.data)) {
    const errors = (value as { userErrors?: unknown[] } | null)?.userErrors;
    if (errors?.length) throw new Error(`${query}\n→ ${JSON.stringify(res)}`);
  }
  return res.data;
}

const USER_ERRORS = 'userErrors { field code message }';

// ---- Fixtures, made through the API with the tenant key (the external account through the sandbox) ----

async function createSeller(tenant: 'acme' | 'globex', name: SellerName): Promise<SellerFixture> {
  const email = `${unique(name.toLowerCase())}@example.com`;
  const externalId = unique(`ext-${name}`);
  const { createSeller } = await ok(tenant, `mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } ${USER_ERRORS} } }`, {
    input: { firstName: name, lastName: 'Isolation', email, externalId },
  });
  return {
    name,
    tenant,
    id: createSeller.seller.id,
    email,
    externalId,
    token: '',
    sessionId: '',
    walletId: '',
    vaId: '',
    depositId: '',
    quoteId: '',
    externalAccountId: '',
    cashInId: '',
    daId: '',
    daDepositId: '',
  };
}

async function createWallet(who: Who, sellerId: string): Promise<string> {
  const { createWallet } = await ok(who, `mutation($input: CreateWalletInput!) { createWallet(input: $input) { wallet { id } ${USER_ERRORS} } }`, {
    input: { sellerId, idempotencyKey: unique('wallet') },
  });
  return createWallet.wallet.id;
}

async function createVirtualAccount(who: Who, sellerId: string, walletId: string, developerFees: { rate: string }[] = []): Promise<string> {
  const { createVirtualAccount } = await ok(
    who,
    `mutation($input: CreateVirtualAccountInput!) { createVirtualAccount(input: $input) { virtualAccount { id status } ${USER_ERRORS} } }`,
    {
      input: { sellerId, destinationWalletId: walletId, developerFees, idempotencyKey: unique('va') },
    },
  );
  expect(createVirtualAccount.virtualAccount.status).toBe('ACTIVE');
  return createVirtualAccount.virtualAccount.id;
}

async function createDepositAddress(who: Who, sellerId: string, walletId: string): Promise<string> {
  const { createDepositAddress } = await ok(who, M.createDepositAddress, { input: { sellerId, destinationWalletId: walletId, idempotencyKey: unique('da') } });
  expect(createDepositAddress.depositAddress.status).toBe('ACTIVE');
  return createDepositAddress.depositAddress.id;
}

async function createQuote(who: Who, sellerId: string, walletId: string): Promise<string> {
  const { createQuote } = await ok(who, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id status } ${USER_ERRORS} } }`, {
    input: { sellerId, sourceWalletId: walletId, sourceAmount: '10.00', destinationBlockchainAddress: ADDRESS, idempotencyKey: unique('quote') },
  });
  expect(createQuote.quote.status).toBe('OPEN');
  return createQuote.quote.id;
}

/** The GreenDot counter nearest the docs' example point: a cash location is nobody's. */
const LOCATION = { id: 'loc_01GREENDOT0000000000000001', reference: '' };

async function createCashIn(who: Who, sellerId: string, walletId: string): Promise<string> {
  if (!LOCATION.reference) {
    const { cashLocations } = await ok(who, '{ cashLocations(latitude: 38.495133, longitude: -121.505336) { id reference } }');
    LOCATION.reference = cashLocations.find((l: { id: string }) => l.id === LOCATION.id).reference;
  }
  const { createCashIn } = await ok(who, M.createCashIn, {
    input: {
      sellerId,
      destinationWalletId: walletId,
      amount: '100.00',
      cashLocationId: LOCATION.id,
      cashLocationReference: LOCATION.reference,
      idempotencyKey: unique('cash-in'),
    },
  });
  expect(createCashIn.cashIn.status).toBe('PENDING');
  return createCashIn.cashIn.id;
}

/** A new session of the seller, made by its tenant: its id and token. */
async function newSession(tenant: 'acme' | 'globex', sellerId: string): Promise<{ id: string; token: string }> {
  const { createSellerSession } = await ok(
    tenant,
    `mutation($input: CreateSellerSessionInput!) { createSellerSession(input: $input) { session { id token } ${USER_ERRORS} } }`,
    { input: { sellerId } },
  );
  return createSellerSession.session;
}

/** Gives the fixture a new session token (its first, or after a case ended its sessions). */
async function renewSession(s: SellerFixture): Promise<void> {
  const { id, token } = await newSession(s.tenant, s.id);
  s.sessionId = id;
  s.token = token;
}

async function fixture(tenant: 'acme' | 'globex', name: SellerName): Promise<SellerFixture> {
  const s = await createSeller(tenant, name);
  await t.sandbox.idle(); // endorsements
  s.walletId = await createWallet(tenant, s.id);
  // A 1% fee naming no wallet: it goes to the tenant's treasury, so the deposit is fee income too.
  s.vaId = await createVirtualAccount(tenant, s.id, s.walletId, [{ rate: '0.010' }]);
  const { simulateDeposit } = await ok(tenant, `mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { accepted ${USER_ERRORS} } }`, {
    input: { virtualAccountId: s.vaId, amount: '500.00', idempotencyKey: unique('deposit') },
  });
  expect(simulateDeposit.accepted).toBe(true);
  await t.sandbox.idle();
  const { virtualAccount } = await ok(tenant, 'query($id: ID!) { virtualAccount(id: $id) { transactions { nodes { id status } } } }', { id: s.vaId });
  expect(virtualAccount.transactions.nodes).toEqual([{ id: expect.stringMatching(/^txn_/), status: 'COMPLETED' }]);
  s.depositId = virtualAccount.transactions.nodes[0].id;
  s.quoteId = await createQuote(tenant, s.id, s.walletId); // after the deposit: the wallet holds something
  s.cashInId = await createCashIn(tenant, s.id, s.walletId);
  s.daId = await createDepositAddress(tenant, s.id, s.walletId);
  const { simulateCryptoDeposit } = await ok(tenant, M.simulateCryptoDeposit, {
    input: { depositAddressId: s.daId, amount: '100.00', idempotencyKey: unique('crypto') },
  });
  s.daDepositId = simulateCryptoDeposit.transaction.id;
  await t.sandbox.idle();
  await renewSession(s);
  const oms = t.oms;
  s.externalAccountId = (await oms.externalAccounts.create(s.id, { type: 'blockchainAddress', address: `0x${'cd'.repeat(20)}` })).id;
  return s;
}

/**
 * Both tenants open every mutation a tenant may open to its seller tokens, and let them send anywhere,
 * so every id argument is probed through seller tokens too (by default the door refuses most
 * mutations to a seller token before any id is looked at: see permissions.test.ts).
 */
const OPEN_TO_SELLERS = { sellerTokens: { allow: [...SELLER_WIDENABLE_MUTATIONS], sendAnywhere: true } };

/** Every OMS request the gateway makes. */
const omsRequests = omsRequestRecorder();

beforeAll(async () => {
  // The read cache's safety-net max age at its longest: the warm comparisons measure two calls against
  // one cached state, which a 30 s max age could end between them on a slow machine.
  t = await startTestGateway({
    tenants: { acme: OPEN_TO_SELLERS, globex: OPEN_TO_SELLERS },
    omsFetch: omsRequests.wrap,
    env: { CACHE_MAX_AGE_MS: '3600000' },
  });
  for (const tenant of ['acme', 'globex'] as const) {
    await ok(tenant, `mutation { createTreasuryWallet(input: {}) { wallet { id } ${USER_ERRORS} } }`);
  }
  A1 = await fixture('acme', 'A1');
  A2 = await fixture('acme', 'A2');
  G1 = await fixture('globex', 'G1');
  for await (const customer of t.oms.customers.listAll({ limit: 100 })) everyCustomer.push(customer);
}, 60_000);
afterAll(() => t?.close());

// ---- What each seller has, read by its own tenant: must not move while strangers call ----

const SNAPSHOT_FIELDS = `
  id status
  wallets { id status balance { available pending } }
  virtualAccounts { id status label destination { wallet { id } } developerFees { rate wallet { id } } }
  deleted: virtualAccounts(status: DELETED) { id }
  depositAddresses { id status destination { wallet { id } } developerFees { rate wallet { id } } }
  deletedDepositAddresses: depositAddresses(status: DELETED) { id }
  transactions(first: 100) { nodes { id status } pageInfo { hasNextPage } }
  cashIns(first: 100) { nodes { id status depositInstructions { code } } pageInfo { hasNextPage } }
  externalAccounts { id status }
`;

async function snapshot(): Promise<unknown> {
  await t.sandbox.idle();
  const of = async (tenant: 'acme' | 'globex', s: SellerFixture) =>
    ok(tenant, `query($id: ID!, $quote: ID!) { seller(id: $id) { ${SNAPSHOT_FIELDS} } quote(id: $quote) { id status } }`, { id: s.id, quote: s.quoteId });
  return { A1: await of('acme', A1), A2: await of('acme', A2), G1: await of('globex', G1) };
}

async function readAsOwner(s: SellerFixture, query: string, variables: Record<string, unknown>) {
  return ok(s.tenant, query, variables);
}

// ---- What a call costs OMS ----

/** What one call answered, and the OMS requests the gateway made for it; `cold`: the ownership cache emptied first. */
async function costed<R>(cache: 'warm' | 'cold', run: () => Promise<R>): Promise<{ res: R; oms: string[] }> {
  await t.sandbox.idle(); // webhook deliveries make OMS requests of their own: none may fall inside the call
  if (cache === 'cold') t.ownership.clear();
  omsRequests.take();
  const res = await run();
  return { res, oms: omsRequests.take() };
}

/**
 * `foreign` and `missing`, each costed warm, after `missing` once more first: the read cache then holds
 * what the call reads of the caller's own (the same for both), so the two are measured against one
 * state, and neither may leave anything the other could use.
 */
async function warmPair<R>(foreign: () => Promise<R>, missing: () => Promise<R>) {
  await costed('warm', missing);
  return { foreign: await costed('warm', foreign), missing: await costed('warm', missing) };
}

/** Every customer of the suite (sellers and treasuries of both tenants), as OMS has them. */
const everyCustomer: Customer[] = [];

/**
 * The victim's `id` and a missing id like it, each in `run`: the same answer and the same OMS requests,
 * with the ownership cache and the read cache warm (every customer's stamp known, as once the gateway
 * has read them) and cold (stamps emptied before each call: no cached object is then anyone's to read). Answers the stranger's warm answer.
 */
async function strangerAndMissing(victim: SellerFixture, run: (id: string) => Promise<GraphQLResponse>, id: string, where: string): Promise<GraphQLResponse> {
  const known = t.ownership.of('shared');
  for (const customer of everyCustomer) known.remember(customer);
  expect(known.get(victim.id), `${where}: the victim is known`).toBeDefined();
  const { foreign, missing } = await warmPair(
    () => run(id),
    () => run(missingIdLike(id)),
  );
  expect.soft(comparable(foreign.res), where).toEqual(comparable(missing.res));
  expect.soft(foreign.oms, `${where}: OMS requests, warm`).toEqual(missing.oms);
  const coldForeign = await costed('cold', () => run(id));
  const coldMissing = await costed('cold', () => run(missingIdLike(id)));
  expect.soft(comparable(coldForeign.res), `${where} (cold)`).toEqual(comparable(coldMissing.res));
  expect.soft(coldForeign.oms, `${where}: OMS requests, cold`).toEqual(coldMissing.oms);
  return foreign.res;
}

// ---- Shapes of answers ----

function expectRefusal(res: GraphQLResponse, refusal: Refusal, where = ''): void {
  switch (refusal.kind) {
    case 'null':
      expect.soft(res, where).toEqual({ data: { [refusal.field]: null } });
      return;
    case 'userError': {
      expect.soft(res.errors, where).toBeUndefined();
      const payload = res.data?.[refusal.payload] as
        | ({ userErrors?: { field: string[] | null; code: string; message: string }[] } & Record<string, unknown>)
        | undefined;
      const [first, ...more] = payload?.userErrors ?? [];
      expect
        .soft({ code: first?.code, field: first?.field?.join('.'), more: more.length }, where)
        .toEqual({ code: refusal.code, field: refusal.field, more: 0 });
      for (const [key, value] of Object.entries(payload ?? {})) if (key !== 'userErrors') expect.soft([null, false], `${where}: ${key}`).toContain(value);
      return;
    }
    case 'error':
      expect
        .soft(
          res.errors?.map((e) => e.extensions?.code),
          where,
        )
        .toEqual([refusal.code]);
      return;
    case 'silent':
      expect.soft(res, where).toEqual({ data: [] });
  }
}

function expectPayloadOk(res: GraphQLResponse, payload: string): Record<string, any> {
  expect(res.errors).toBeUndefined();
  const value = res.data?.[payload] as Record<string, any>;
  expect(value.userErrors).toEqual([]);
  return value;
}

const notFound = (payload: string, field: string): Refusal => ({ kind: 'userError', payload, code: 'NOT_FOUND', field: `input.${field}` });

// ---- The cases, keyed by the generated names ----

const TYPENAME_OF_FIELD = {
  seller: 'Seller',
  wallet: 'Wallet',
  virtualAccount: 'VirtualAccount',
  transaction: 'Transaction',
  quote: 'Quote',
  cashIn: 'CashIn',
  depositAddress: 'DepositAddress',
  externalAccount: 'ExternalAccount',
} as const;

function byIdQuery(field: keyof typeof TYPENAME_OF_FIELD, pick: (s: SellerFixture) => string): IdCase {
  return {
    targets: (s) => [{ label: TYPENAME_OF_FIELD[field], id: pick(s) }],
    op: (id) => ({ query: `query($id: ID!) { ${field}(id: $id) { __typename id } }`, variables: { id } }),
    owner: (res, _who, target) => expect(res).toEqual({ data: { [field]: { __typename: target.label, id: target.id } } }),
    refusal: () => ({ kind: 'null', field }),
  };
}

const M = {
  createWallet: `mutation($input: CreateWalletInput!) { createWallet(input: $input) { wallet { id seller { id } } ${USER_ERRORS} } }`,
  createVirtualAccount: `mutation($input: CreateVirtualAccountInput!) { createVirtualAccount(input: $input) { virtualAccount { id status seller { id } destination { wallet { id } } developerFees { rate wallet { id } } } ${USER_ERRORS} } }`,
  updateVirtualAccount: `mutation($input: UpdateVirtualAccountInput!) { updateVirtualAccount(input: $input) { virtualAccount { id status destination { wallet { id } } } ${USER_ERRORS} } }`,
  deleteVirtualAccount: `mutation($input: DeleteVirtualAccountInput!) { deleteVirtualAccount(input: $input) { deletedId ${USER_ERRORS} } }`,
  createQuote: `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id status seller { id } source { wallet { id } } destination { wallet { id } blockchainAddress externalAccountId } developerFees { rate wallet { id } } } ${USER_ERRORS} } }`,
  registerExternalAccount: `mutation($input: RegisterExternalAccountInput!) { registerExternalAccount(input: $input) { externalAccount { id seller { id } } ${USER_ERRORS} } }`,
  executeQuote: `mutation($input: ExecuteQuoteInput!) { executeQuote(input: $input) { transaction { id quote { id } } ${USER_ERRORS} } }`,
  simulateDeposit: `mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { accepted transaction { id virtualAccount { id } } ${USER_ERRORS} } }`,
  createSellerSession: `mutation($input: CreateSellerSessionInput!) { createSellerSession(input: $input) { session { token seller { id } } ${USER_ERRORS} } }`,
  createCashIn: `mutation($input: CreateCashInInput!) { createCashIn(input: $input) { cashIn { id status seller { id } destination { wallet { id } } } ${USER_ERRORS} } }`,
  refreshCashIn: `mutation($input: RefreshCashInInput!) { refreshCashIn(input: $input) { cashIn { id status depositInstructions { code } } ${USER_ERRORS} } }`,
  simulateCashDeposit: `mutation($input: SimulateCashDepositInput!) { simulateCashDeposit(input: $input) { cashIn { id status transaction { id } } ${USER_ERRORS} } }`,
  createDepositAddress: `mutation($input: CreateDepositAddressInput!) { createDepositAddress(input: $input) { depositAddress { id status seller { id } destination { wallet { id } } developerFees { rate wallet { id } } } ${USER_ERRORS} } }`,
  updateDepositAddress: `mutation($input: UpdateDepositAddressInput!) { updateDepositAddress(input: $input) { depositAddress { id status destination { wallet { id } } } ${USER_ERRORS} } }`,
  deleteDepositAddress: `mutation($input: DeleteDepositAddressInput!) { deleteDepositAddress(input: $input) { deletedId ${USER_ERRORS} } }`,
  simulateCryptoDeposit: `mutation($input: SimulateCryptoDepositInput!) { simulateCryptoDeposit(input: $input) { accepted transaction { id depositAddress { id } } ${USER_ERRORS} } }`,
  updateSeller: `mutation($input: UpdateSellerInput!) { updateSeller(input: $input) { seller { id phone } ${USER_ERRORS} } }`,
  simulateKycDecision: `mutation($input: SimulateKycDecisionInput!) { simulateKycDecision(input: $input) { seller { id endorsements { status } } ${USER_ERRORS} } }`,
  revokeSellerSession: `mutation($input: RevokeSellerSessionInput!) { revokeSellerSession(input: $input) { revokedSessionId ${USER_ERRORS} } }`,
  revokeSellerSessions: `mutation($input: RevokeSellerSessionsInput!) { revokeSellerSessions(input: $input) { seller { id } revokedSessionIds ${USER_ERRORS} } }`,
};

const cashInInput = (sellerId: string, destinationWalletId: string) => ({
  sellerId,
  destinationWalletId,
  amount: '20.00',
  cashLocationId: LOCATION.id,
  cashLocationReference: LOCATION.reference,
  idempotencyKey: unique('cash-in'),
});

const daStatus = async (s: SellerFixture) =>
  (await readAsOwner(s, 'query($id: ID!) { depositAddress(id: $id) { status } }', { id: s.daId })).depositAddress.status as string;

const rawSeller = (s: SellerFixture) => t.oms.customers.get(s.id);

/** The session the victim's own token is of: the same as before when nobody ended it. */
const ownSession = async (s: SellerFixture) => (await ok(s.name, '{ viewer { sessionId } }')).viewer.sessionId as string;

const vaStatus = async (s: SellerFixture) =>
  (await readAsOwner(s, 'query($id: ID!) { virtualAccount(id: $id) { status } }', { id: s.vaId })).virtualAccount.status as string;

const ID_CASES: Record<string, IdCase> = {
  'Query.seller(id)': byIdQuery('seller', (s) => s.id),
  'Query.wallet(id)': byIdQuery('wallet', (s) => s.walletId),
  'Query.virtualAccount(id)': byIdQuery('virtualAccount', (s) => s.vaId),
  'Query.transaction(id)': byIdQuery('transaction', (s) => s.depositId),
  'Query.quote(id)': byIdQuery('quote', (s) => s.quoteId),
  'Query.cashIn(id)': byIdQuery('cashIn', (s) => s.cashInId),
  'Query.depositAddress(id)': byIdQuery('depositAddress', (s) => s.daId),
  'Query.externalAccount(id)': byIdQuery('externalAccount', (s) => s.externalAccountId),
  'Query.node(id)': {
    targets: (s) => [
      { label: 'Seller', id: s.id },
      { label: 'Wallet', id: s.walletId },
      { label: 'VirtualAccount', id: s.vaId },
      { label: 'Transaction', id: s.depositId },
      { label: 'Quote', id: s.quoteId },
      { label: 'CashIn', id: s.cashInId },
      { label: 'DepositAddress', id: s.daId },
      { label: 'ExternalAccount', id: s.externalAccountId },
    ],
    op: (id) => ({ query: 'query($id: ID!) { node(id: $id) { __typename id } }', variables: { id } }),
    owner: (res, _who, target) => expect(res).toEqual({ data: { node: { __typename: target.label, id: target.id } } }),
    refusal: () => ({ kind: 'null', field: 'node' }),
  },

  'Mutation.createWallet.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id) => ({ query: M.createWallet, variables: { input: { sellerId: id, idempotencyKey: unique('wallet') } } }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createWallet').wallet.seller.id).toBe(target.id),
    refusal: () => notFound('createWallet', 'sellerId'),
  },

  'Mutation.createVirtualAccount.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id, who) => ({
      query: M.createVirtualAccount,
      variables: { input: { sellerId: id, destinationWalletId: home(who).walletId, idempotencyKey: unique('va') } },
    }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createVirtualAccount').virtualAccount.seller.id).toBe(target.id),
    refusal: () => notFound('createVirtualAccount', 'sellerId'),
  },
  // Own seller, the victim's wallet.
  'Mutation.createVirtualAccount.input.destinationWalletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({
      query: M.createVirtualAccount,
      variables: { input: { sellerId: home(who).id, destinationWalletId: id, idempotencyKey: unique('va') } },
    }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createVirtualAccount').virtualAccount.destination.wallet.id).toBe(target.id),
    refusal: () => notFound('createVirtualAccount', 'destinationWalletId'),
  },
  // Own seller and wallet, the victim's wallet as where the developer fee goes.
  'Mutation.createVirtualAccount.input.developerFees[].walletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({
      query: M.createVirtualAccount,
      variables: {
        input: {
          sellerId: home(who).id,
          destinationWalletId: home(who).walletId,
          developerFees: [{ rate: '0.010', walletId: id }],
          idempotencyKey: unique('va'),
        },
      },
    }),
    owner: (res, who, target) => {
      if (who === 'A1') return expectRefusal(res, { kind: 'error', code: 'FORBIDDEN' }); // fees are the tenant's
      expect(expectPayloadOk(res, 'createVirtualAccount').virtualAccount.developerFees).toEqual([{ rate: '0.010', wallet: { id: target.id } }]);
    },
    // A seller token may not set developer fees at all, even with createVirtualAccount open to it: refused before any id is looked at.
    refusal: (who) => (isTenant(who) ? notFound('createVirtualAccount', 'developerFees.0.walletId') : { kind: 'error', code: 'FORBIDDEN' }),
  },

  'Mutation.updateVirtualAccount.input.id': {
    targets: (s) => [{ label: 'VirtualAccount', id: s.vaId }],
    op: (id) => ({ query: M.updateVirtualAccount, variables: { input: { id, status: 'PAUSED' } } }),
    fresh: async () => createVirtualAccount('acme', A1.id, A1.walletId),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'updateVirtualAccount').virtualAccount).toMatchObject({ id: target.id, status: 'PAUSED' }),
    refusal: () => notFound('updateVirtualAccount', 'id'),
    untouched: async (victim) => expect(await vaStatus(victim)).toBe('ACTIVE'),
  },
  // Own virtual account, redirected to the victim's wallet.
  'Mutation.updateVirtualAccount.input.destinationWalletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({ query: M.updateVirtualAccount, variables: { input: { id: home(who).vaId, destinationWalletId: id } } }),
    owner: (res, _who, target) =>
      expect(expectPayloadOk(res, 'updateVirtualAccount').virtualAccount).toMatchObject({
        id: A1.vaId,
        status: 'ACTIVE',
        destination: { wallet: { id: target.id } },
      }),
    refusal: () => notFound('updateVirtualAccount', 'destinationWalletId'),
  },

  'Mutation.deleteVirtualAccount.input.id': {
    targets: (s) => [{ label: 'VirtualAccount', id: s.vaId }],
    op: (id) => ({ query: M.deleteVirtualAccount, variables: { input: { id } } }),
    fresh: async () => createVirtualAccount('acme', A1.id, A1.walletId),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'deleteVirtualAccount').deletedId).toBe(target.id),
    refusal: () => notFound('deleteVirtualAccount', 'id'),
    untouched: async (victim) => expect(await vaStatus(victim)).toBe('ACTIVE'),
  },

  'Mutation.createQuote.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id, who) => ({
      query: M.createQuote,
      variables: {
        input: {
          sellerId: id,
          sourceWalletId: home(who).walletId,
          sourceAmount: '10.00',
          destinationBlockchainAddress: ADDRESS,
          idempotencyKey: unique('quote'),
        },
      },
    }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createQuote').quote).toMatchObject({ status: 'OPEN', seller: { id: target.id } }),
    refusal: () => notFound('createQuote', 'sellerId'),
  },
  // Own seller, the victim's wallet as the source.
  'Mutation.createQuote.input.sourceWalletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({
      query: M.createQuote,
      variables: {
        input: { sellerId: home(who).id, sourceWalletId: id, sourceAmount: '10.00', destinationBlockchainAddress: ADDRESS, idempotencyKey: unique('quote') },
      },
    }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createQuote').quote).toMatchObject({ status: 'OPEN', source: { wallet: { id: target.id } } }),
    refusal: () => notFound('createQuote', 'sourceWalletId'),
  },
  // Own seller and source wallet, the victim's wallet as the destination.
  'Mutation.createQuote.input.destinationWalletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({
      query: M.createQuote,
      variables: {
        input: { sellerId: home(who).id, sourceWalletId: home(who).walletId, sourceAmount: '10.00', destinationWalletId: id, idempotencyKey: unique('quote') },
      },
    }),
    owner: (res, _who, target) =>
      expect(expectPayloadOk(res, 'createQuote').quote).toMatchObject({ status: 'OPEN', destination: { wallet: { id: target.id } } }),
    refusal: () => notFound('createQuote', 'destinationWalletId'),
  },
  // Own seller and source wallet, the victim's external account as the payout target.
  'Mutation.createQuote.input.destinationExternalAccountId': {
    targets: (s) => [{ label: 'ExternalAccount', id: s.externalAccountId }],
    op: (id, who) => ({
      query: M.createQuote,
      variables: {
        input: {
          sellerId: home(who).id,
          sourceWalletId: home(who).walletId,
          sourceAmount: '10.00',
          destinationExternalAccountId: id,
          idempotencyKey: unique('quote'),
        },
      },
    }),
    owner: (res, _who, target) =>
      expect(expectPayloadOk(res, 'createQuote').quote).toMatchObject({ status: 'OPEN', destination: { externalAccountId: target.id } }),
    refusal: () => notFound('createQuote', 'destinationExternalAccountId'),
  },

  // Own seller and source wallet, the victim's wallet as where the developer fee goes.
  'Mutation.createQuote.input.developerFees[].walletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({
      query: M.createQuote,
      variables: {
        input: {
          sellerId: home(who).id,
          sourceWalletId: home(who).walletId,
          sourceAmount: '10.00',
          destinationBlockchainAddress: ADDRESS,
          developerFees: [{ type: 'PERCENTAGE', rate: '0.010', walletId: id }],
          idempotencyKey: unique('quote'),
        },
      },
    }),
    owner: (res, who, target) => {
      if (who === 'A1') return expectRefusal(res, { kind: 'error', code: 'FORBIDDEN' }); // fees are the tenant's
      expect(expectPayloadOk(res, 'createQuote').quote.developerFees).toEqual([{ rate: '0.010', wallet: { id: target.id } }]);
    },
    // A seller token may not set developer fees at all: refused before any id is looked at.
    refusal: (who) => (isTenant(who) ? notFound('createQuote', 'developerFees.0.walletId') : { kind: 'error', code: 'FORBIDDEN' }),
  },

  'Mutation.executeQuote.input.quoteId': {
    targets: (s) => [{ label: 'Quote', id: s.quoteId }],
    op: (id) => ({ query: M.executeQuote, variables: { input: { quoteId: id, idempotencyKey: unique('execute') } } }),
    fresh: async () => createQuote('acme', A1.id, A1.walletId),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'executeQuote').transaction.quote.id).toBe(target.id),
    refusal: () => notFound('executeQuote', 'quoteId'),
    untouched: async (victim) => {
      const { quote } = await readAsOwner(victim, 'query($id: ID!) { quote(id: $id) { status } }', { id: victim.quoteId });
      expect(quote.status).toBe('OPEN');
    },
  },

  'Mutation.simulateDeposit.input.virtualAccountId': {
    targets: (s) => [{ label: 'VirtualAccount', id: s.vaId }],
    op: (id) => ({ query: M.simulateDeposit, variables: { input: { virtualAccountId: id, amount: '5.00', idempotencyKey: unique('deposit') } } }),
    owner: (res, _who, target) =>
      expect(expectPayloadOk(res, 'simulateDeposit')).toMatchObject({ accepted: true, transaction: { virtualAccount: { id: target.id } } }),
    refusal: () => notFound('simulateDeposit', 'virtualAccountId'),
    untouched: async (victim) => {
      await t.sandbox.idle();
      const { virtualAccount } = await readAsOwner(victim, 'query($id: ID!) { virtualAccount(id: $id) { transactions { nodes { id } } } }', {
        id: victim.vaId,
      });
      expect(virtualAccount.transactions.nodes).toEqual([{ id: victim.depositId }]);
    },
  },

  'Mutation.createCashIn.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id, who) => ({ query: M.createCashIn, variables: { input: cashInInput(id, home(who).walletId) } }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createCashIn').cashIn).toMatchObject({ status: 'PENDING', seller: { id: target.id } }),
    refusal: () => notFound('createCashIn', 'sellerId'),
  },
  // Own seller, the victim's wallet as where the cash arrives.
  'Mutation.createCashIn.input.destinationWalletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({ query: M.createCashIn, variables: { input: cashInInput(home(who).id, id) } }),
    owner: (res, _who, target) =>
      expect(expectPayloadOk(res, 'createCashIn').cashIn).toMatchObject({ status: 'PENDING', destination: { wallet: { id: target.id } } }),
    refusal: () => notFound('createCashIn', 'destinationWalletId'),
  },
  // A retail counter is nobody's: every caller may name it, for its own seller and wallet.
  'Mutation.createCashIn.input.cashLocationId': {
    targets: () => [],
    op: (id, who) => ({ query: M.createCashIn, variables: { input: { ...cashInInput(home(who).id, home(who).walletId), cashLocationId: id } } }),
    owner: () => {},
    shared: {
      id: LOCATION.id,
      works: (res, who) => expect(expectPayloadOk(res, 'createCashIn').cashIn).toMatchObject({ status: 'PENDING', seller: { id: home(who).id } }),
    },
    refusal: () => notFound('createCashIn', 'cashLocationId'),
  },

  'Mutation.refreshCashIn.input.id': {
    targets: (s) => [{ label: 'CashIn', id: s.cashInId }],
    op: (id) => ({ query: M.refreshCashIn, variables: { input: { id, idempotencyKey: unique('refresh') } } }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'refreshCashIn').cashIn).toMatchObject({ id: target.id, status: 'PENDING' }),
    refusal: () => notFound('refreshCashIn', 'id'),
  },

  'Mutation.simulateCashDeposit.input.cashInId': {
    targets: (s) => [{ label: 'CashIn', id: s.cashInId }],
    op: (id) => ({ query: M.simulateCashDeposit, variables: { input: { cashInId: id, amount: '5.00', idempotencyKey: unique('cash') } } }),
    fresh: async () => createCashIn('acme', A1.id, A1.walletId),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'simulateCashDeposit').cashIn).toMatchObject({ id: target.id, status: 'PROCESSING' }),
    refusal: () => notFound('simulateCashDeposit', 'cashInId'),
  },

  'Mutation.createDepositAddress.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id, who) => ({
      query: M.createDepositAddress,
      variables: { input: { sellerId: id, destinationWalletId: home(who).walletId, idempotencyKey: unique('da') } },
    }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createDepositAddress').depositAddress.seller.id).toBe(target.id),
    refusal: () => notFound('createDepositAddress', 'sellerId'),
  },
  // Own seller, the victim's wallet.
  'Mutation.createDepositAddress.input.destinationWalletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({
      query: M.createDepositAddress,
      variables: { input: { sellerId: home(who).id, destinationWalletId: id, idempotencyKey: unique('da') } },
    }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createDepositAddress').depositAddress.destination.wallet.id).toBe(target.id),
    refusal: () => notFound('createDepositAddress', 'destinationWalletId'),
  },
  // Own seller and wallet, the victim's wallet as where the developer fee goes.
  'Mutation.createDepositAddress.input.developerFees[].walletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({
      query: M.createDepositAddress,
      variables: {
        input: {
          sellerId: home(who).id,
          destinationWalletId: home(who).walletId,
          developerFees: [{ rate: '0.010', walletId: id }],
          idempotencyKey: unique('da'),
        },
      },
    }),
    owner: (res, who, target) => {
      if (who === 'A1') return expectRefusal(res, { kind: 'error', code: 'FORBIDDEN' }); // fees are the tenant's
      expect(expectPayloadOk(res, 'createDepositAddress').depositAddress.developerFees).toEqual([{ rate: '0.010', wallet: { id: target.id } }]);
    },
    refusal: (who) => (isTenant(who) ? notFound('createDepositAddress', 'developerFees.0.walletId') : { kind: 'error', code: 'FORBIDDEN' }),
  },

  'Mutation.updateDepositAddress.input.id': {
    targets: (s) => [{ label: 'DepositAddress', id: s.daId }],
    op: (id) => ({ query: M.updateDepositAddress, variables: { input: { id, status: 'PAUSED' } } }),
    fresh: async () => createDepositAddress('acme', A1.id, A1.walletId),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'updateDepositAddress').depositAddress).toMatchObject({ id: target.id, status: 'PAUSED' }),
    refusal: () => notFound('updateDepositAddress', 'id'),
    untouched: async (victim) => expect(await daStatus(victim)).toBe('ACTIVE'),
  },
  // Own deposit address, redirected to the victim's wallet.
  'Mutation.updateDepositAddress.input.destinationWalletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id, who) => ({ query: M.updateDepositAddress, variables: { input: { id: home(who).daId, destinationWalletId: id } } }),
    owner: (res, _who, target) =>
      expect(expectPayloadOk(res, 'updateDepositAddress').depositAddress).toMatchObject({
        id: A1.daId,
        status: 'ACTIVE',
        destination: { wallet: { id: target.id } },
      }),
    refusal: () => notFound('updateDepositAddress', 'destinationWalletId'),
  },

  'Mutation.deleteDepositAddress.input.id': {
    targets: (s) => [{ label: 'DepositAddress', id: s.daId }],
    op: (id) => ({ query: M.deleteDepositAddress, variables: { input: { id } } }),
    fresh: async () => createDepositAddress('acme', A1.id, A1.walletId),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'deleteDepositAddress').deletedId).toBe(target.id),
    refusal: () => notFound('deleteDepositAddress', 'id'),
    untouched: async (victim) => expect(await daStatus(victim)).toBe('ACTIVE'),
  },

  'Mutation.simulateCryptoDeposit.input.depositAddressId': {
    targets: (s) => [{ label: 'DepositAddress', id: s.daId }],
    op: (id) => ({ query: M.simulateCryptoDeposit, variables: { input: { depositAddressId: id, amount: '5.00', idempotencyKey: unique('crypto') } } }),
    owner: (res, _who, target) =>
      expect(expectPayloadOk(res, 'simulateCryptoDeposit')).toMatchObject({ accepted: true, transaction: { depositAddress: { id: target.id } } }),
    refusal: () => notFound('simulateCryptoDeposit', 'depositAddressId'),
    untouched: async (victim) => {
      await t.sandbox.idle();
      const { depositAddress } = await readAsOwner(victim, 'query($id: ID!) { depositAddress(id: $id) { transactions { nodes { id } } } }', {
        id: victim.daId,
      });
      expect(depositAddress.transactions.nodes).toEqual([{ id: victim.daDepositId }]);
    },
  },
  // A transfer to the victim's wallet's raw address: its balance (in the snapshot) must not move.
  'Mutation.simulateCryptoDeposit.input.walletId': {
    targets: (s) => [{ label: 'Wallet', id: s.walletId }],
    op: (id) => ({ query: M.simulateCryptoDeposit, variables: { input: { walletId: id, amount: '5.00', idempotencyKey: unique('crypto') } } }),
    owner: (res) => expect(expectPayloadOk(res, 'simulateCryptoDeposit')).toMatchObject({ accepted: true, transaction: null }),
    refusal: () => notFound('simulateCryptoDeposit', 'walletId'),
  },

  // Opened to seller tokens here: a seller token registers accounts of itself alone.
  'Mutation.registerExternalAccount.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id) => ({
      query: M.registerExternalAccount,
      variables: { input: { sellerId: id, type: 'US_BANK', bankName: 'Chase', routingNumber: '021000021', accountNumber: '000123454242' } },
    }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'registerExternalAccount').externalAccount.seller.id).toBe(target.id),
    refusal: () => notFound('registerExternalAccount', 'sellerId'),
  },

  // Opened to seller tokens here: a seller token makes sessions of itself alone.
  'Mutation.createSellerSession.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id) => ({ query: M.createSellerSession, variables: { input: { sellerId: id } } }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'createSellerSession').session.seller.id).toBe(target.id),
    refusal: () => notFound('createSellerSession', 'sellerId'),
  },

  // Opened to seller tokens here: a seller token updates itself alone.
  'Mutation.updateSeller.input.id': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id) => ({ query: M.updateSeller, variables: { input: { id, phone: '+15550001111' } } }),
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'updateSeller').seller).toEqual({ id: target.id, phone: '+15550001111' }),
    refusal: () => notFound('updateSeller', 'id'),
    untouched: async (victim) => expect((await rawSeller(victim)).phone ?? null).toBeNull(),
  },

  // Every seller token may end sessions of its own seller (signing out): anyone else's session is NOT_FOUND.
  'Mutation.revokeSellerSession.input.sessionId': {
    targets: (s) => [{ label: 'SellerSession', id: s.sessionId }],
    op: (id) => ({ query: M.revokeSellerSession, variables: { input: { sessionId: id } } }),
    // Never the session the suite calls A1 with: a fresh one of A1 per owner call.
    fresh: async () => (await newSession('acme', A1.id)).id,
    owner: (res, _who, target) => expect(expectPayloadOk(res, 'revokeSellerSession').revokedSessionId).toBe(target.id),
    refusal: () => notFound('revokeSellerSession', 'sessionId'),
    untouched: async (victim) => expect(await ownSession(victim)).toBe(victim.sessionId),
  },

  // Opened to seller tokens here: a seller token ends its own seller's sessions alone.
  'Mutation.revokeSellerSessions.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id) => ({ query: M.revokeSellerSessions, variables: { input: { sellerId: id } } }),
    owner: async (res, _who, target) => {
      expect(expectPayloadOk(res, 'revokeSellerSessions')).toMatchObject({
        seller: { id: target.id },
        revokedSessionIds: expect.arrayContaining([A1.sessionId]),
      });
      // A1's token ended with the rest of its sessions: a new one for the cases after this one.
      await renewSession(A1);
    },
    refusal: () => notFound('revokeSellerSessions', 'sellerId'),
    untouched: async (victim) => expect(await ownSession(victim)).toBe(victim.sessionId),
  },

  // Tenant keys only: a seller token is refused before any id is looked at. Strangers try to reject; the owner approves (as it was).
  'Mutation.simulateKycDecision.input.sellerId': {
    targets: (s) => [{ label: 'Seller', id: s.id }],
    op: (id, who) => ({ query: M.simulateKycDecision, variables: { input: { sellerId: id, outcome: id === home(who).id ? 'APPROVED' : 'REJECTED' } } }),
    owner: (res, who, target) => {
      if (who === 'A1') return expectRefusal(res, { kind: 'error', code: 'FORBIDDEN' });
      expect(expectPayloadOk(res, 'simulateKycDecision').seller).toEqual({ id: target.id, endorsements: Array(3).fill({ status: 'ACTIVE' }) });
    },
    refusal: (who) => (isTenant(who) ? notFound('simulateKycDecision', 'sellerId') : { kind: 'error', code: 'FORBIDDEN' }),
    untouched: async (victim) => expect((await rawSeller(victim)).endorsements.map((e) => e.status)).toEqual(['active', 'active', 'active']),
  },
};

// ---- Subscriptions: the same ids, over graphql-ws, events appended to the gateway's log ----

interface SubscriptionAnswer {
  data: unknown[];
  errors?: unknown;
}

/** The subscriptions, each selecting the same: the event's name and its transaction's id (markers are transaction events). */
const SUBSCRIPTIONS = {
  transactionUpdated:
    'subscription($sellerId: ID, $virtualAccountId: ID, $depositAddressId: ID, $after: String) { transactionUpdated(sellerId: $sellerId, virtualAccountId: $virtualAccountId, depositAddressId: $depositAddressId, after: $after) { event transaction { id } } }',
  activity: 'subscription($sellerId: ID, $after: String) { activity(sellerId: $sellerId, after: $after) { event transaction { id } } }',
} as const;
type SubscriptionField = keyof typeof SUBSCRIPTIONS;

/** An event of `s`'s deposit (to its virtual account, or to its deposit address), as the webhook router would log it for s's tenant; returns its cursor. */
async function appendDepositEvent(s: SellerFixture, to: 'virtualAccount' | 'depositAddress' = 'virtualAccount'): Promise<string> {
  const transaction = await t.oms.transactions.get(to === 'virtualAccount' ? s.depositId : s.daDepositId);
  const result = await t.events.accept(
    {
      kind: 'transaction',
      event: `transaction.${transaction.type}.completed`,
      occurredAt: new Date().toISOString(),
      tenantId: s.tenant,
      sellerIds: [s.id],
      virtualAccountId: transaction.virtualAccountId,
      depositAddressId: transaction.depositAddressId,
      compliance: false,
      transaction,
    },
    { eventId: `whk_evt_test_${++appended}`, objectId: transaction.id, position: 3 },
  );
  if (result.outcome !== 'appended') throw new Error(`the event was not appended: ${result.outcome}`);
  return result.cursor;
}
let appended = 0;

/** A marker for `who`'s subscription with `variables`: of its tenant, its own seller and the filter's, so it is delivered. */
async function markFor(who: Who, variables: Record<string, unknown>, id: string): Promise<string> {
  const own = home(who);
  const filterSeller = typeof variables.sellerId === 'string' ? [variables.sellerId] : [];
  const transaction = { ...(await t.oms.transactions.get(own.depositId)), id };
  return appendMarker(t.events, {
    tenantId: own.tenant,
    sellerIds: [own.id, ...filterSeller],
    virtualAccountId: typeof variables.virtualAccountId === 'string' ? variables.virtualAccountId : null,
    depositAddressId: typeof variables.depositAddressId === 'string' ? variables.depositAddressId : null,
    transaction,
  });
}

const appendEveryDeposit = async () => {
  for (const s of [A1, A2, G1]) await appendDepositEvent(s);
};

/**
 * Subscribes as `who`, lets every seller's deposit event be logged once (or does `during`), and answers everything the
 * subscription delivered (payloads and any error), in order.
 */
async function subscribe(
  who: Who,
  variables: Record<string, unknown>,
  during: () => Promise<unknown> = appendEveryDeposit,
  field: SubscriptionField = 'transactionUpdated',
): Promise<SubscriptionAnswer> {
  const client = createClient({
    url: t.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token(who)}` },
    retryAttempts: 0,
    lazy: false,
  });
  const answer: SubscriptionAnswer = { data: [] };
  try {
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('closed', (event) => reject(new Error(`closed: ${JSON.stringify(event)}`)));
    });
    // Markers are events this subscription must receive: the first proves it runs, the second that
    // everything logged before it has been delivered (the log is ordered), so silence is proven.
    const arrivals = new Map<string, () => void>();
    let failed: () => void = () => {};
    const ended = new Promise<void>((resolve) => (failed = resolve));
    // Started from a cursor taken now, so a marker logged before the server has the subscription
    // running is replayed to it, not missed (unless the case brings its own cursor).
    const from = 'after' in variables ? {} : { after: await markFor(who, variables, `txn_marker_${++appended}`) };
    const stop = client.subscribe(
      { query: SUBSCRIPTIONS[field], variables: { ...variables, ...from } },
      {
        next: (value) => {
          const pushed = (value.data as Record<string, { event: string; transaction: { id: string } }> | null)?.[field];
          if (pushed?.event === MARKER) return arrivals.get(pushed.transaction.id)?.();
          answer.data.push(value);
        },
        error: (error) => {
          answer.errors = JSON.parse(JSON.stringify(error, (k, v) => (k === 'requestId' ? undefined : v)));
          failed();
        },
        complete: () => {},
      },
    );
    const marker = async () => {
      const id = `txn_marker_${++appended}`;
      const arrived = new Promise<void>((resolve) => arrivals.set(id, resolve));
      await markFor(who, variables, id);
      await Promise.race([arrived, ended]);
    };
    await marker();
    await during();
    await marker();
    stop();
  } finally {
    await client.dispose();
  }
  return answer;
}

interface SubscriptionCase {
  field: SubscriptionField;
  /** Which deposits are logged while subscribed: those to virtual accounts unless said. */
  deposits?: 'virtualAccount' | 'depositAddress';
  targets(s: SellerFixture): Target[];
  variables(id: string): Record<string, unknown>;
}

const SUBSCRIPTION_ID_CASES: Record<string, SubscriptionCase> = {
  'Subscription.transactionUpdated(sellerId)': {
    field: 'transactionUpdated',
    targets: (s) => [{ label: 'Seller', id: s.id }],
    variables: (id) => ({ sellerId: id }),
  },
  'Subscription.transactionUpdated(virtualAccountId)': {
    field: 'transactionUpdated',
    targets: (s) => [{ label: 'VirtualAccount', id: s.vaId }],
    variables: (id) => ({ virtualAccountId: id }),
  },
  'Subscription.transactionUpdated(depositAddressId)': {
    field: 'transactionUpdated',
    deposits: 'depositAddress',
    targets: (s) => [{ label: 'DepositAddress', id: s.daId }],
    variables: (id) => ({ depositAddressId: id }),
  },
  'Subscription.activity(sellerId)': { field: 'activity', targets: (s) => [{ label: 'Seller', id: s.id }], variables: (id) => ({ sellerId: id }) },
};

// ---- Cursors: ids in disguise ----

interface CursorCase {
  /** The victim's object the cursor names. */
  target(s: SellerFixture): string;
  op(cursor: string, who: Who): Op;
  /** The connection's edges as the owner sees them, to take a real cursor from. */
  edges(who: Who): { op: Op; pick(data: any): { cursor: string; node: { id: string } }[] };
  /** A connection of the tenant alone (a seller token's is null: see its own suite): probed by tenant keys only. */
  tenantsOnly?: true;
}

const CURSOR_CASES: Record<string, CursorCase> = {
  'Query.sellers(after)': {
    target: (s) => s.id,
    op: (after) => ({ query: 'query($after: String) { sellers(first: 5, after: $after) { nodes { id } pageInfo { hasNextPage } } }', variables: { after } }),
    edges: () => ({ op: { query: '{ sellers(first: 100) { edges { cursor node { id } } } }', variables: {} }, pick: (d) => d.sellers.edges }),
  },
  // Own seller's transactions, paged after the victim's deposit.
  'Seller.transactions(after)': {
    target: (s) => s.depositId,
    op: (after, who) => ({
      query: 'query($id: ID!, $after: String) { seller(id: $id) { transactions(first: 5, after: $after) { nodes { id } } } }',
      variables: { id: home(who).id, after },
    }),
    edges: (who) => ({
      op: { query: 'query($id: ID!) { seller(id: $id) { transactions(first: 100) { edges { cursor node { id } } } } }', variables: { id: home(who).id } },
      pick: (d) => d.seller.transactions.edges,
    }),
  },
  // Own seller's cash-ins, paged after the victim's cash-in.
  'Seller.cashIns(after)': {
    target: (s) => s.cashInId,
    op: (after, who) => ({
      query: 'query($id: ID!, $after: String) { seller(id: $id) { cashIns(first: 5, after: $after) { nodes { id } } } }',
      variables: { id: home(who).id, after },
    }),
    edges: (who) => ({
      op: { query: 'query($id: ID!) { seller(id: $id) { cashIns(first: 100) { edges { cursor node { id } } } } }', variables: { id: home(who).id } },
      pick: (d) => d.seller.cashIns.edges,
    }),
  },
  // The same connections paged backward: `before` is an id in disguise too.
  'Query.sellers(before)': {
    target: (s) => s.id,
    op: (before) => ({
      query: 'query($before: String) { sellers(last: 5, before: $before) { nodes { id } pageInfo { hasPreviousPage } } }',
      variables: { before },
    }),
    edges: () => ({ op: { query: '{ sellers(first: 100) { edges { cursor node { id } } } }', variables: {} }, pick: (d) => d.sellers.edges }),
  },
  'Seller.transactions(before)': {
    target: (s) => s.depositId,
    op: (before, who) => ({
      query: 'query($id: ID!, $before: String) { seller(id: $id) { transactions(last: 5, before: $before) { nodes { id } } } }',
      variables: { id: home(who).id, before },
    }),
    edges: (who) => ({
      op: { query: 'query($id: ID!) { seller(id: $id) { transactions(first: 100) { edges { cursor node { id } } } } }', variables: { id: home(who).id } },
      pick: (d) => d.seller.transactions.edges,
    }),
  },
  // Own virtual account's deposits, paged after the victim's deposit.
  'VirtualAccount.transactions(after)': {
    target: (s) => s.depositId,
    op: (after, who) => ({
      query: 'query($id: ID!, $after: String) { virtualAccount(id: $id) { transactions(first: 5, after: $after) { nodes { id } } } }',
      variables: { id: home(who).vaId, after },
    }),
    edges: (who) => ({
      op: {
        query: 'query($id: ID!) { virtualAccount(id: $id) { transactions(first: 100) { edges { cursor node { id } } } } }',
        variables: { id: home(who).vaId },
      },
      pick: (d) => d.virtualAccount.transactions.edges,
    }),
  },
  // Own deposit address's deposits, paged after the victim's deposit.
  'DepositAddress.transactions(after)': {
    target: (s) => s.daDepositId,
    op: (after, who) => ({
      query: 'query($id: ID!, $after: String) { depositAddress(id: $id) { transactions(first: 5, after: $after) { nodes { id } } } }',
      variables: { id: home(who).daId, after },
    }),
    edges: (who) => ({
      op: {
        query: 'query($id: ID!) { depositAddress(id: $id) { transactions(first: 100) { edges { cursor node { id } } } } }',
        variables: { id: home(who).daId },
      },
      pick: (d) => d.depositAddress.transactions.edges,
    }),
  },
  // The victim's deposit, whose developer fee its tenant's treasury earned.
  'Treasury.feeIncome(after)': {
    tenantsOnly: true,
    target: (s) => s.depositId,
    op: (after) => ({ query: 'query($after: String) { treasury { feeIncome(first: 5, after: $after) { nodes { amount } } } }', variables: { after } }),
    edges: () => ({
      op: { query: '{ treasury { feeIncome(first: 100) { edges { cursor node { transaction { id } } } } } }', variables: {} },
      pick: (d) =>
        d.treasury.feeIncome.edges.map((e: { cursor: string; node: { transaction: { id: string } } }) => ({ cursor: e.cursor, node: e.node.transaction })),
    }),
  },
};

/** Cursor arguments with a test of their own below: event-log positions, not object ids. */
const CURSORS_TESTED_ON_THEIR_OWN = ['Subscription.activity(after)', 'Subscription.transactionUpdated(after)'];

// ---- The tests ----

describe('every id argument of the schema is covered', () => {
  it('the generated id arguments are exactly the cases here (add a case for a new one)', () => {
    expect(GENERATED_ID_PATHS).toEqual([...Object.keys(ID_CASES), ...Object.keys(SUBSCRIPTION_ID_CASES)].sort());
    // Sanity of the generator itself: the ones the contract names are found.
    expect(GENERATED_ID_PATHS).toEqual(
      expect.arrayContaining(['Query.wallet(id)', 'Mutation.createQuote.input.sourceWalletId', 'Mutation.createVirtualAccount.input.developerFees[].walletId']),
    );
  });

  it('the generated cursor arguments are exactly the cases here', () => {
    expect(GENERATED_CURSOR_PATHS).toEqual([...Object.keys(CURSOR_CASES), ...CURSORS_TESTED_ON_THEIR_OWN].sort());
  });
});

describe('a stranger’s id answers exactly like a missing one', () => {
  for (const path of GENERATED_ID_PATHS.filter((p) => !p.startsWith('Subscription.'))) {
    it(path, async () => {
      const spec = ID_CASES[path];
      if (!spec) throw new Error(`no isolation case for ${path}: add one to ID_CASES`);

      const before = await snapshot();
      for (const { who, victim } of PROBES) {
        for (const target of spec.targets(seller(victim))) {
          const where = `${who} → ${victim}'s ${target.label} ${target.id}`;
          const foreign = await strangerAndMissing(seller(victim), (id) => call(who, spec.op(id, who)), target.id, where);
          expectRefusal(foreign, spec.refusal(who), where);
        }
      }
      expect(await snapshot(), 'nothing of any seller changed').toEqual(before);
      for (const victim of new Set(PROBES.map((p) => p.victim))) await spec.untouched?.(seller(victim));

      // Something nobody owns: works alike for every caller, and a made-up one is refused alike.
      if (spec.shared) {
        for (const who of ['acme', 'globex', 'A1', 'A2', 'G1'] as const) {
          spec.shared.works(await call(who, spec.op(spec.shared.id, who)), who);
          expectRefusal(await call(who, spec.op(missingIdLike(spec.shared.id), who)), spec.refusal(who), `${who}: a made-up id`);
        }
      }

      // The owner, last: its calls may change things.
      for (const who of OWNERS) {
        for (const target of spec.targets(A1)) {
          const id = spec.fresh ? await spec.fresh(who) : target.id;
          await spec.owner(await call(who, spec.op(id, who)), who, { ...target, id });
        }
      }
    });
  }

  for (const path of GENERATED_ID_PATHS.filter((p) => p.startsWith('Subscription.'))) {
    it(path, async () => {
      const spec = SUBSCRIPTION_ID_CASES[path];
      if (!spec) throw new Error(`no isolation case for ${path}: add one to SUBSCRIPTION_ID_CASES`);
      const to = spec.deposits ?? 'virtualAccount';
      const during = async () => {
        for (const s of [A1, A2, G1]) await appendDepositEvent(s, to);
      };
      for (const { who, victim } of PROBES) {
        for (const target of spec.targets(seller(victim))) {
          const {
            foreign: { res: foreign, oms: foreignCost },
            missing: { res: missing, oms: missingCost },
          } = await warmPair(
            () => subscribe(who, spec.variables(target.id), during, spec.field),
            () => subscribe(who, spec.variables(missingIdLike(target.id)), during, spec.field),
          );
          expect.soft(foreign, `${who} → ${victim}'s ${target.label}`).toEqual(missing);
          expect.soft(foreignCost, `${who} → ${victim}'s ${target.label}: OMS requests`).toEqual(missingCost);
          expectRefusal(foreign as GraphQLResponse, { kind: 'silent' });
        }
      }
      for (const who of OWNERS) {
        for (const target of spec.targets(A1)) {
          expect(await subscribe(who, spec.variables(target.id), during, spec.field)).toEqual({
            data: [
              {
                data: {
                  [spec.field]:
                    to === 'virtualAccount'
                      ? { event: 'transaction.fiatToCrypto.completed', transaction: { id: A1.depositId } }
                      : { event: 'transaction.cryptoToCrypto.completed', transaction: { id: A1.daDepositId } },
                },
              },
            ],
          });
        }
      }
    });
  }
});

describe('a cursor naming a stranger’s object answers exactly like one naming nothing', () => {
  /** The cursor `who` was really given for the object `id` by this connection. */
  async function realCursor(spec: CursorCase, who: Who, id: string): Promise<string> {
    const { op, pick } = spec.edges(who);
    const res = await call(who, op);
    const edge = pick(res.data).find((e) => e.node.id === id);
    if (!edge) throw new Error(`${who} was given no cursor for ${id}`);
    return edge.cursor;
  }

  for (const path of GENERATED_CURSOR_PATHS.filter((p) => !CURSORS_TESTED_ON_THEIR_OWN.includes(p))) {
    it(path, async () => {
      const spec = CURSOR_CASES[path];
      if (!spec) throw new Error(`no isolation case for ${path}: add one to CURSOR_CASES`);
      // Cursors are signed for the caller they were given to: a forged one, or one given to
      // somebody else, is refused before OMS is asked, whether its id exists or not.
      const leaked = await realCursor(spec, 'acme', spec.target(A1));
      for (const { who, victim } of PROBES.filter((p) => !spec.tenantsOnly || isTenant(p.who))) {
        const id = spec.target(seller(victim));
        const {
          foreign: { res: forged, oms: forgedCost },
          missing: { res: missing, oms: missingCost },
        } = await warmPair(
          () => call(who, spec.op(cursorOf(id), who)),
          () => call(who, spec.op(cursorOf(missingIdLike(id)), who)),
        );
        expect.soft(comparable(forged), `${who} → ${victim}'s ${id}`).toEqual(comparable(missing));
        expect.soft(forgedCost, `${who} → ${victim}'s ${id}: OMS requests`).toEqual(missingCost);
        expect.soft(forged.errors?.[0]?.extensions?.code, `${who} forged cursor`).toBe('BAD_USER_INPUT');
        if (victim === 'A1' && who !== 'acme') {
          const replayed = await costed('warm', () => call(who, spec.op(leaked, who)));
          expect.soft(comparable(replayed.res), `${who} replays acme's cursor`).toEqual(comparable(missing));
          expect.soft(replayed.oms, `${who} replays acme's cursor: OMS requests`).toEqual(missingCost);
        }
      }
      for (const who of OWNERS.filter((w) => !spec.tenantsOnly || isTenant(w))) {
        const res = await call(who, spec.op(await realCursor(spec, who, spec.target(A1)), who));
        expect(res.errors, `${who} pages after its own ${spec.target(A1)}`).toBeUndefined();
      }
    });
  }

  it.each(['transactionUpdated', 'activity'] as const)(
    'Subscription.%s(after): another tenant’s log cursor replays like a cursor never issued',
    async (field) => {
      // Cursors are "<ms>-<seq>" positions; one acme got is, to globex, the same position as any other.
      const acmeCursor = await appendDepositEvent(A1);
      // Once the clock has left that millisecond, the log's next positions are in a later one, so
      // "<ms>-<seq+1>" is never issued. (The clock itself is the signal: this spins a millisecond at most.)
      const [ms, seq] = acmeCursor.split('-');
      while (Date.now() <= Number(ms)) {
        // spin
      }
      const neverIssued = `${ms}-${Number(seq) + 1}`;
      await appendDepositEvent(G1); // globex has something to replay after either
      await appendDepositEvent(A2);
      const nothing = async () => {};
      for (const { who, victim } of PROBES.filter((p) => p.victim === 'A1')) {
        const foreign = await subscribe(who, { after: acmeCursor }, nothing, field);
        const missing = await subscribe(who, { after: neverIssued }, nothing, field);
        expect.soft(foreign, `${who} after ${victim}'s tenant's cursor`).toEqual(missing);
        if (who !== 'A2') expect(JSON.stringify(foreign)).not.toContain(A1.depositId);
        // Not vacuous: globex does replay its own event logged after that position.
        if (who === 'globex') expect(JSON.stringify(foreign)).toContain(G1.depositId);
      }
    },
  );
});

describe('lists and nested fields', () => {
  async function allSellers(who: Who): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Record<string, any> = await ok(
        who,
        `query($after: String) { sellers(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      ids.push(...data.sellers.nodes.map((n: { id: string }) => n.id));
      if (!data.sellers.pageInfo.hasNextPage) return ids;
      after = data.sellers.pageInfo.endCursor;
    }
  }

  it('sellers as globex lists G1 and never an acme seller; as acme, the other way round', async () => {
    const globex = await allSellers('globex');
    expect(globex).toContain(G1.id);
    expect(globex).not.toContain(A1.id);
    expect(globex).not.toContain(A2.id);
    const acme = await allSellers('acme');
    expect(acme).toEqual(expect.arrayContaining([A1.id, A2.id]));
    expect(acme).not.toContain(G1.id);
  });

  it('a seller token’s sellers is itself alone, and so is its viewer.seller', async () => {
    for (const name of ['A1', 'A2', 'G1'] as const) {
      expect(await allSellers(name)).toEqual([seller(name).id]);
      expect((await ok(name, '{ viewer { role seller { id } } }')).viewer).toEqual({ role: 'SELLER', seller: { id: seller(name).id } });
    }
  });

  it('filtering sellers by another tenant’s email or externalId finds what a made-up one finds', async () => {
    for (const [filter, value, madeUp] of [
      ['email', A1.email, 'nobody-at-all@example.com'],
      ['externalId', A1.externalId, 'ext-nobody-at-all'],
    ] as const) {
      for (const who of ['globex', 'G1', 'A2'] as const) {
        const query = `query($v: String) { sellers(${filter}: $v) { nodes { id } pageInfo { hasNextPage endCursor } } }`;
        const foreign = await call(who, { query, variables: { v: value } });
        const missing = await call(who, { query, variables: { v: madeUp } });
        expect(comparable(foreign), `${who} sellers(${filter}: A1's)`).toEqual(comparable(missing));
      }
    }
  });

  it('A1’s deposit is null to globex, to G1 and to A2, and its own tenant sees it', async () => {
    const query = 'query($id: ID!) { transaction(id: $id) { id seller { id } virtualAccount { id } } }';
    for (const who of ['globex', 'G1', 'A2'] as const)
      expect(await call(who, { query, variables: { id: A1.depositId } })).toEqual({ data: { transaction: null } });
    expect((await ok('acme', query, { id: A1.depositId })).transaction).toEqual({ id: A1.depositId, seller: { id: A1.id }, virtualAccount: { id: A1.vaId } });
  });

  it('what globex reaches through its own objects never names an acme object', async () => {
    const { seller: g1 } = await ok('globex', `query($id: ID!) { seller(id: $id) { ${SNAPSHOT_FIELDS} } }`, { id: G1.id });
    const text = JSON.stringify(g1);
    for (const id of [
      A1.id,
      A1.walletId,
      A1.vaId,
      A1.depositId,
      A1.quoteId,
      A1.cashInId,
      A1.daId,
      A1.daDepositId,
      A2.id,
      A2.walletId,
      A2.vaId,
      A2.depositId,
      A2.cashInId,
      A2.daId,
    ]) {
      expect(text).not.toContain(id);
    }
  });
});
