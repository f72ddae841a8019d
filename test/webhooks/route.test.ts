import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../src/events/memory-log.js';
import { TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { SellerTransactionsDocument } from '../generated/graphql.js';
import { data } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import {
  deliver,
  envelope,
  flaky,
  MARKER,
  rawTransaction,
  seller,
  signature,
  simulateDeposit,
  subscribe,
  unique,
  webhookUrl,
  type FlakyLog,
  type Seller,
  type Subscriber,
} from './support.js';

/**
 * POST /webhooks/oms/:omsAccountId on a real gateway whose embedded sandbox delivers real signed
 * webhooks over HTTP (the gateway subscribed itself at start), plus deliveries signed here. What
 * reaches subscribers is observed through graphql-ws, with seller and tenant tokens.
 */

let t: TestGateway;
let log: FlakyLog;
const open: Subscriber[] = [];

beforeAll(async () => {
  log = flaky(createMemoryEventLog());
  t = await startTestGateway({ events: log });
});
afterEach(async () => {
  log.down = false;
  t.sandbox.faults.clear();
  await t.sandbox.idle();
  await Promise.all(open.splice(0).map((s) => s.close()));
});
afterAll(() => t?.close());

async function listen(token: string, who: { tenant: string; sellerId?: string }, variables: { sellerId?: string } = {}) {
  const subscriber = await subscribe(t, token, who, variables);
  open.push(subscriber);
  return subscriber;
}

const shared = () => t.account;
const stats = () => t.webhooks.stats();
/** Events from webhooks (not the tests' markers) the log appended. */
const appendedFromWebhooks = () => log.accepted.filter((a) => a.event.event !== MARKER && a.result.outcome === 'appended').length;
const summary = (pushed: { event: string; transaction: { id: string; status: string; subStatus: string | null } }[]) =>
  pushed.map((p) => `${p.event} ${p.transaction.id} ${p.transaction.status}${p.transaction.subStatus ? ` ${p.transaction.subStatus}` : ''}`);

async function newestTransactionId(s: Seller): Promise<string> {
  const { seller: found } = await data(t, t.keys[s.tenant], SellerTransactionsDocument, { id: s.id, first: 1 });
  return found!.transactions.nodes[0]!.id;
}

describe('deliveries of the embedded sandbox, end to end', () => {
  it('subscribed itself at start: a normal and a complianceOnly subscription to its own route, both secrets kept', async () => {
    const { data: hooks } = await shared().client.webhooks.list();
    expect(
      hooks
        .map((h) => ({ url: h.url, events: h.events, complianceOnly: h.complianceOnly, enabled: h.enabled }))
        .sort((a, b) => Number(a.complianceOnly) - Number(b.complianceOnly)),
    ).toEqual([
      { url: webhookUrl(t), events: [], complianceOnly: false, enabled: true },
      { url: webhookUrl(t), events: [], complianceOnly: true, enabled: true },
    ]);
    expect(shared().webhookSecrets).toEqual([expect.stringMatching(/^whsec_/), expect.stringMatching(/^whsec_/)]);
  });

  it('pushes processing then completed of a 500.00 deposit to the tenant and the seller, and nothing to another tenant', async () => {
    const s = await seller(t, 'acme');
    const tenant = await listen(t.keys.acme, { tenant: 'acme' });
    const own = await listen(s.token, { tenant: 'acme', sellerId: s.id });
    const other = await listen(t.keys.globex, { tenant: 'globex' });
    const before = stats();

    await simulateDeposit(t, s, '500.00');
    const pushed = await tenant.atLeast(2);
    const txn = await newestTransactionId(s);
    const expected = [`transaction.fiatToCrypto.processing ${txn} PROCESSING processing.fundsDetected`, `transaction.fiatToCrypto.completed ${txn} COMPLETED`];
    expect(summary(pushed)).toEqual(expected);
    expect(summary(await own.atLeast(2))).toEqual(expected);

    await t.sandbox.idle();
    expect(summary(await tenant.quiet())).toEqual(expected);
    expect(summary(await own.quiet())).toEqual(expected);
    expect(await other.quiet()).toEqual([]);
    expect(stats().appended - before.appended).toBe(2);
    // and the wallet's balance, read once after the completion.
    expect(stats().balances.appended - before.balances.appended).toBe(1);

    // Really over HTTP, signed, and answered 200 at the first attempt.
    const { data: hooks } = await shared().client.webhooks.list();
    const normal = hooks.find((h) => !h.complianceOnly)!;
    const deliveries = t.sandbox.webhooks.deliveries(normal.id).filter((d) => d.objectId === txn);
    expect(deliveries.map((d) => ({ event: d.event, state: d.state, statuses: d.attempts.map((a) => a.status) }))).toEqual([
      { event: 'transaction.fiatToCrypto.processing', state: 'delivered', statuses: [200] },
      { event: 'transaction.fiatToCrypto.completed', state: 'delivered', statuses: [200] },
    ]);
  });

  it('sends underReview (77.77) to tenant tokens, never to the seller token', async () => {
    const s = await seller(t, 'acme');
    const tenant = await listen(t.keys.acme, { tenant: 'acme', sellerId: s.id }, { sellerId: s.id });
    const own = await listen(s.token, { tenant: 'acme', sellerId: s.id });

    await simulateDeposit(t, s, '77.77');
    const txn = await newestTransactionId(s);
    await tenant.atLeast(3);
    await t.sandbox.idle();
    expect(summary(await tenant.quiet())).toEqual([
      `transaction.fiatToCrypto.processing ${txn} PROCESSING processing.fundsDetected`,
      `transaction.fiatToCrypto.underReview ${txn} PROCESSING processing.underReview`,
      `transaction.fiatToCrypto.completed ${txn} COMPLETED`,
    ]);
    expect(summary(await own.quiet())).toEqual([
      `transaction.fiatToCrypto.processing ${txn} PROCESSING processing.fundsDetected`,
      `transaction.fiatToCrypto.completed ${txn} COMPLETED`,
    ]);
  });

  it('answers 503 while the event log is down, so the sandbox delivers again; after it recovers each event is pushed once', async () => {
    const s = await seller(t, 'acme');
    const own = await listen(s.token, { tenant: 'acme', sellerId: s.id });
    log.down = true;
    await simulateDeposit(t, s, '500.00');
    await log.failures(2); // processing and completed, both refused once
    log.down = false;
    await t.sandbox.idle(); // the sandbox's retries
    const txn = await newestTransactionId(s);
    expect(summary(await own.quiet())).toEqual([
      `transaction.fiatToCrypto.processing ${txn} PROCESSING processing.fundsDetected`,
      `transaction.fiatToCrypto.completed ${txn} COMPLETED`,
    ]);
    const { data: hooks } = await shared().client.webhooks.list();
    const deliveries = t.sandbox.webhooks.deliveries(hooks.find((h) => !h.complianceOnly)!.id).filter((d) => d.objectId === txn);
    expect(deliveries.map((d) => ({ state: d.state, statuses: d.attempts.map((a) => a.status) }))).toEqual([
      { state: 'delivered', statuses: [503, 200] },
      { state: 'delivered', statuses: [503, 200] },
    ]);
  });

  it('keeps aside and counts the events of a customer no tenant owns, acknowledged and delivered to nobody', async () => {
    const client = shared().client;
    const customer = await client.customers.create({
      firstName: 'Nobody',
      lastName: 'Owned',
      email: `${unique('nobody')}@example.com`,
      endorsements: ['basic', 'cryptoCustody', 'usd'],
    });
    await t.sandbox.idle();
    const wallet = await client.wallets.create(customer.id, { asset: 'usdc', chain: 'polygon' });
    const va = await client.virtualAccounts.create(customer.id, {
      source: { asset: 'usd', network: 'usBank' },
      destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
    });
    const acme = await listen(t.keys.acme, { tenant: 'acme' });
    const globex = await listen(t.keys.globex, { tenant: 'globex' });
    const before = stats();

    const deposit = await client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '50000' } });
    await t.sandbox.idle();
    expect(await acme.quiet()).toEqual([]);
    expect(await globex.quiet()).toEqual([]);
    expect(stats().orphaned - before.orphaned).toBe(2);
    expect(stats().appended).toBe(before.appended);
    expect(t.webhooks.orphans().filter((o) => o.objectId === deposit.transactionId)).toEqual([
      expect.objectContaining({ accountId: 'shared', event: 'transaction.fiatToCrypto.processing', customerIds: [customer.id] }),
      expect.objectContaining({ accountId: 'shared', event: 'transaction.fiatToCrypto.completed', customerIds: [customer.id] }),
    ]);
    const { data: hooks } = await client.webhooks.list();
    const deliveries = t.sandbox.webhooks.deliveries(hooks.find((h) => !h.complianceOnly)!.id).filter((d) => d.objectId === deposit.transactionId);
    expect(deliveries.map((d) => d.state)).toEqual(['delivered', 'delivered']);
  });
});

describe('deliveries signed here', () => {
  let s: Seller;
  let own: Subscriber;
  beforeEach(async () => {
    s ??= await seller(t, 'acme');
    own = await listen(s.token, { tenant: 'acme', sellerId: s.id });
  });

  const completed = (id = `txn_${unique('c')}`, extra: { sequence?: number; id?: string } = {}) =>
    envelope('transaction.fiatToCrypto.completed', rawTransaction({ id, customerId: s.id, status: 'completed' }), extra);

  it('refuses, publishing nothing, what it cannot verify or read', async () => {
    const secret = shared().webhookSecrets[0]!;
    const body = completed();
    const now = Math.floor(Date.now() / 1000);
    const tampered = body.replace('"10.00"', '"10.01"');
    expect(tampered).not.toBe(body);
    const huge = envelope('transaction.fiatToCrypto.completed', {
      ...rawTransaction({ id: `txn_${unique('h')}`, customerId: s.id, status: 'completed' }),
      metadata: { pad: 'x'.repeat(300_000) },
    });
    const appendedBefore = appendedFromWebhooks();
    const before = stats();

    const answers = {
      'no signature': await deliver(t, body, { header: null }),
      'another secret': await deliver(t, body, { secret: `whsec_${'ab'.repeat(32)}` }),
      'a malformed header': await deliver(t, body, { header: 'v1=abc' }),
      'one changed byte': await deliver(t, tampered, { header: signature(secret, body) }),
      'signed 6 minutes ago': await deliver(t, body, { t: now - 360 }),
      'signed 6 minutes ahead': await deliver(t, body, { t: now + 360 }),
      'a body over 256 KiB': await deliver(t, huge),
      'invalid JSON': await deliver(t, '{"id": "whk_evt_1", '),
      'JSON that is no OMS event': await deliver(t, JSON.stringify({ hello: 'world' })),
      'a transaction event without a transaction': await deliver(t, envelope('transaction.fiatToCrypto.completed', { id: 'cst_not_a_transaction' })),
      'an unknown account': await deliver(t, body, { accountId: 'nope' }),
    };
    const shown = Object.fromEntries(Object.entries(answers).map(([what, answer]) => [what, `${answer.status} ${answer.body.error?.code}`]));
    expect(shown).toEqual({
      'no signature': '401 missing_signature',
      'another secret': '401 invalid_signature',
      'a malformed header': '401 invalid_signature',
      'one changed byte': '401 invalid_signature',
      'signed 6 minutes ago': '400 timestamp_out_of_range',
      'signed 6 minutes ahead': '400 timestamp_out_of_range',
      'a body over 256 KiB': '413 payload_too_large',
      'invalid JSON': '400 invalid_json',
      'JSON that is no OMS event': '400 invalid_event',
      'a transaction event without a transaction': '400 invalid_event',
      'an unknown account': '404 unknown_account',
    });
    expect(await own.quiet()).toEqual([]);
    expect(appendedFromWebhooks(), 'the log did not move').toBe(appendedBefore);
    const after = stats();
    expect(after.received - before.received).toBe(11);
    expect(after.appended + after.duplicate + after.stale + after.orphaned + after.ignored).toBe(
      before.appended + before.duplicate + before.stale + before.orphaned + before.ignored,
    );

    // The same body, correctly signed, is taken: the refusals were about the delivery, not the event.
    expect((await deliver(t, body)).status).toBe(200);
    expect((await own.atLeast(1)).map((p) => p.event)).toEqual(['transaction.fiatToCrypto.completed']);
  });

  it('acknowledges verified events no dashboard shows, without publishing them', async () => {
    const before = stats();
    const events = [
      envelope('virtualAccount.created', { id: s.vaId, object: 'virtualAccount' }),
      envelope('depositAddress.updated', { id: 'da_test', object: 'depositAddress' }),
      envelope('wallet.provisioned', { id: 'wlt_test', object: 'wallet' }),
      envelope('webhook.test', { id: 'whk_test' }),
    ];
    for (const body of events) expect((await deliver(t, body)).status).toBe(200);
    expect((await deliver(t, events[0]!, { secret: `whsec_${'cd'.repeat(32)}` })).status).toBe(401);
    expect(await own.quiet()).toEqual([]);
    expect(stats().ignored - before.ignored).toBe(4);
  });

  it('takes a delivery signed with any secret of the account (the normal and the complianceOnly subscription)', async () => {
    const [normal, compliance] = shared().webhookSecrets;
    expect((await deliver(t, completed(), { secret: normal! })).status).toBe(200);
    expect((await deliver(t, completed(), { secret: compliance! })).status).toBe(200);
    expect(await own.atLeast(2)).toHaveLength(2);
  });

  it('pushes an event delivered twice once', async () => {
    const body = completed();
    expect((await deliver(t, body)).status).toBe(200);
    expect((await deliver(t, body)).status).toBe(200);
    expect((await own.quiet()).map((p) => p.event)).toEqual(['transaction.fiatToCrypto.completed']);
  });

  it('answers 10 concurrent copies of one event all with 2xx, and pushes it once', async () => {
    const body = completed();
    const before = stats();
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(t, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(await own.quiet()).toHaveLength(1);
    expect(stats().appended - before.appended).toBe(1);
    expect(stats().duplicate - before.duplicate).toBe(9);
  });

  it('does not move a transaction backwards: processing after completed is counted stale, not pushed', async () => {
    for (const sequenced of [true, false]) {
      const id = `txn_${unique('o')}`;
      const staleBefore = await t.events.staleCount('acme');
      const processing = envelope(
        'transaction.fiatToCrypto.processing',
        rawTransaction({ id, customerId: s.id, status: 'processing' }),
        sequenced ? { sequence: 1 } : {},
      );
      expect((await deliver(t, completed(id, sequenced ? { sequence: 2 } : {}))).status).toBe(200);
      expect((await deliver(t, processing)).status).toBe(200);
      expect(summary(await own.quiet()), sequenced ? 'by sequence' : 'by status rank').toEqual([`transaction.fiatToCrypto.completed ${id} COMPLETED`]);
      expect(await t.events.staleCount('acme')).toBe(staleBefore + 1);
      own.received.length = 0;
    }
  });

  it('pushes a send between sellers of two tenants to each tenant, with its own sellers alone', async () => {
    const g = await seller(t, 'globex');
    const theirs = await listen(g.token, { tenant: 'globex', sellerId: g.id });
    const id = `txn_${unique('send')}`;
    const eventId = `whk_evt_${unique('send')}`;
    const body = envelope(
      'transaction.cryptoToCrypto.completed',
      rawTransaction({ id, type: 'cryptoToCrypto', customerId: s.id, recipientCustomerId: g.id, status: 'completed' }),
      { id: eventId, sequence: 2 },
    );
    expect((await deliver(t, body)).status).toBe(200);
    expect((await deliver(t, body)).status).toBe(200); // a retry: one event per tenant still
    expect(summary(await own.quiet())).toEqual([`transaction.cryptoToCrypto.completed ${id} COMPLETED`]);
    expect(summary(await theirs.quiet())).toEqual([`transaction.cryptoToCrypto.completed ${id} COMPLETED`]);
    const logged = log.accepted.filter((a) => a.guard.eventId === eventId && a.result.outcome === 'appended');
    expect(logged.map((a) => ({ tenantId: a.event.tenantId, sellerIds: a.event.sellerIds })).sort((a, b) => a.tenantId.localeCompare(b.tenantId))).toEqual([
      { tenantId: 'acme', sellerIds: [s.id] },
      { tenantId: 'globex', sellerIds: [g.id] },
    ]);
  });

  it('answers 503 while the event log throws, and a retry after it recovers is pushed once', async () => {
    const body = completed();
    const before = stats();
    log.down = true;
    const refused = await deliver(t, body);
    expect(refused.status).toBe(503);
    log.down = false;
    expect(await own.quiet()).toEqual([]);
    expect((await deliver(t, body)).status).toBe(200);
    expect((await deliver(t, body)).status).toBe(200);
    expect(await own.quiet()).toHaveLength(1);
    expect(stats().unavailable - before.unavailable).toBe(1);
  });

  it('answers 503 while OMS cannot say whose customer it is, and takes the retry once it can', async () => {
    // Made straight in OMS without endorsements, so no event of it has reached the route: its owner is not cached.
    const fresh = await t.oms.customers.create({ firstName: 'Un', lastName: 'Seen', metadata: { [TENANT_METADATA_KEY]: 'acme' } });
    const mine = await listen(t.keys.acme, { tenant: 'acme', sellerId: fresh.id }, { sellerId: fresh.id });
    const body = envelope('transaction.fiatToCrypto.completed', rawTransaction({ id: `txn_${unique('l')}`, customerId: fresh.id, status: 'completed' }));
    const heal = t.sandbox.faults.add({ method: 'GET', path: '/customers/*', status: 503 });
    expect((await deliver(t, body)).status).toBe(503);
    heal();
    expect(await mine.quiet()).toEqual([]);
    expect((await deliver(t, body)).status).toBe(200);
    expect(await mine.quiet()).toHaveLength(1);
  });
});
