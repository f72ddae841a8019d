import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { freePort } from '../support/redis-server.js';
import { deliver, envelope, rawTransaction, type Seller, seller, strangerCustomer } from '../webhooks/support.js';
import { beside, changes, key, parseMetrics, scrape } from './support.js';

const ME = 'query Me { viewer { role } }';
const SELLER = 'query Seller($id: ID!) { seller(id: $id) { id } }';

/** Families whose every change the known sequence below accounts for. */
const COUNTED = [
  'gateway_graphql_operations_total',
  'gateway_graphql_operation_duration_seconds_count',
  'gateway_oms_calls_total',
  'gateway_oms_call_duration_seconds_count',
  'gateway_oms_requests_total',
  'gateway_oms_retries_total',
  'gateway_oms_reauthentications_total',
  'gateway_door_refusals_total',
  'gateway_rate_limit_refusals_total',
  'gateway_webhook_deliveries_total',
  'gateway_webhook_refusals_total',
  'gateway_webhook_events_total',
  'gateway_webhook_balances_total',
  'gateway_webhook_orphaned_total',
  'gateway_webhook_ignored_total',
  'gateway_webhook_unavailable_total',
];

describe('/metrics', () => {
  let t: TestGateway;
  let acmeSeller: Seller;
  let stranger: string;

  beforeAll(async () => {
    // The read cache off: every read is an OMS call, so the sequence's OMS calls are known.
    t = await startTestGateway({ env: { CACHE_MAX_AGE_MS: '0' }, tenants: { globex: { limits: { requestsPerMinute: 2 } } } });
    acmeSeller = await seller(t);
    stranger = await strangerCustomer(t);
    // The sandbox's own webhooks about them have all arrived: none lands in the middle of the sequence.
    await t.sandbox.idle();
  });
  afterAll(() => t?.close());

  it('counts a known sequence of operations, OMS calls and webhooks exactly', async () => {
    const metrics = beside(t.gateway.url, '/metrics');
    const before = await scrape(metrics);

    // GraphQL: named, anonymous, refused by a budget, by the door, and by Apollo (variables).
    await t.request(t.keys.acme, ME);
    await t.request(t.keys.acme, ME);
    await t.request(t.keys.acme, '{ viewer { role } }');
    for (let i = 0; i < 3; i += 1) await t.request(t.keys.globex, ME);
    await t.request(undefined, ME);
    expect((await t.request(t.keys.acme, SELLER)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // OMS: someone else's customer, read once after a 503 and its retry; a missing one (404).
    t.sandbox.faults.add({ method: 'GET', path: '/customers/*', status: 503, times: 1 });
    expect(await t.request(t.keys.acme, SELLER, { id: stranger })).toEqual({ data: { seller: null } });
    expect(await t.request(t.keys.acme, SELLER, { id: 'cst_01J0000000000000000000MISS' })).toEqual({ data: { seller: null } });

    // Webhooks: accepted, the same again, one behind it, one nobody owns, a bad signature, an unknown account, a test event.
    const processing = (id: string, customerId: string, extra: { id: string; sequence?: number }) =>
      envelope('transaction.fiatToCrypto.processing', rawTransaction({ id, customerId, status: 'processing' }), extra);
    const first = processing('txn_metrics_1', acmeSeller.id, { id: 'whk_evt_metrics_1', sequence: 2 });
    expect((await deliver(t, first)).status).toBe(200);
    expect((await deliver(t, first)).status).toBe(200);
    expect((await deliver(t, processing('txn_metrics_1', acmeSeller.id, { id: 'whk_evt_metrics_2', sequence: 1 }))).status).toBe(200);
    expect((await deliver(t, processing('txn_metrics_2', stranger, { id: 'whk_evt_metrics_3' }))).status).toBe(200);
    expect((await deliver(t, first, { header: 't=1,v1=00' })).status).toBe(401);
    expect((await deliver(t, first, { accountId: 'nobody' })).status).toBe(404);
    expect((await deliver(t, envelope('webhook.test', {}, { id: 'whk_evt_metrics_4' }))).status).toBe(200);

    const after = await scrape(metrics);
    const ops = (operation: string, tenant: string, outcome: string) => key('gateway_graphql_operations_total', { operation, type: 'query', tenant, outcome });
    const took = (operation: string, tenant: string) => key('gateway_graphql_operation_duration_seconds_count', { operation, type: 'query', tenant });
    const customer = 'GET /customers/{id}';
    expect(changes(before, after, COUNTED)).toEqual({
      [ops('Me', 'acme', 'OK')]: 2,
      [ops('anonymous', 'acme', 'OK')]: 1,
      [ops('Me', 'globex', 'OK')]: 2,
      [ops('Seller', 'acme', 'BAD_USER_INPUT')]: 1,
      [ops('Seller', 'acme', 'OK')]: 2,
      [took('Me', 'acme')]: 2,
      [took('anonymous', 'acme')]: 1,
      [took('Me', 'globex')]: 2,
      [took('Seller', 'acme')]: 3,
      [key('gateway_door_refusals_total', { transport: 'http', code: 'RATE_LIMITED' })]: 1,
      [key('gateway_door_refusals_total', { transport: 'http', code: 'UNAUTHENTICATED' })]: 1,
      [key('gateway_rate_limit_refusals_total', { tenant: 'globex', scope: 'tenant' })]: 1,
      // The stranger read by the query, and again by the webhook router (a customer without a tenant is asked of OMS).
      [key('gateway_oms_calls_total', { endpoint: customer, status: 'ok' })]: 2,
      [key('gateway_oms_calls_total', { endpoint: customer, status: '404' })]: 1,
      [key('gateway_oms_call_duration_seconds_count', { endpoint: customer })]: 3,
      // The 503 and its retry, the second stranger read, the 404.
      [key('gateway_oms_requests_total', { endpoint: customer })]: 4,
      [key('gateway_oms_retries_total', { endpoint: customer })]: 1,
      gateway_webhook_deliveries_total: 7,
      [key('gateway_webhook_refusals_total', { reason: 'invalid_signature' })]: 1,
      [key('gateway_webhook_refusals_total', { reason: 'unknown_account' })]: 1,
      [key('gateway_webhook_events_total', { outcome: 'accepted' })]: 1,
      [key('gateway_webhook_events_total', { outcome: 'duplicate' })]: 1,
      [key('gateway_webhook_events_total', { outcome: 'stale' })]: 1,
      gateway_webhook_orphaned_total: 1,
      gateway_webhook_ignored_total: 1,
    });
    // Node's default metrics ride along.
    expect(after.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('keeps each gateway its own registry', async () => {
    const other = await startTestGateway();
    try {
      await other.request(other.keys.globex, 'query Elsewhere { viewer { role } }');
      const mine = await scrape(beside(t.gateway.url, '/metrics'));
      const theirs = await scrape(beside(other.gateway.url, '/metrics'));
      const elsewhere = key('gateway_graphql_operations_total', { operation: 'Elsewhere', type: 'query', tenant: 'globex', outcome: 'OK' });
      expect(theirs.get(elsewhere)).toBe(1);
      expect(mine.has(elsewhere)).toBe(false);
      expect([...theirs.keys()].some((name) => name.includes('operation="Me"'))).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('bounds operation names: cut to 64 characters', async () => {
    const long = `Op${'x'.repeat(100)}`;
    await t.request(t.keys.acme, `query ${long} { viewer { role } }`);
    const samples = await scrape(beside(t.gateway.url, '/metrics'));
    expect(samples.get(key('gateway_graphql_operations_total', { operation: long.slice(0, 64), type: 'query', tenant: 'acme', outcome: 'OK' }))).toBe(1);
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port alone, and off the public one', async () => {
    const port = await freePort();
    const t = await startTestGateway({ env: { METRICS_PORT: String(port) } });
    try {
      await t.request(t.keys.acme, ME);
      expect((await fetch(beside(t.gateway.url, '/metrics'))).status).toBe(404);
      const own = await scrape(`http://127.0.0.1:${port}/metrics`);
      expect(own.get(key('gateway_graphql_operations_total', { operation: 'Me', type: 'query', tenant: 'acme', outcome: 'OK' }))).toBe(1);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(404);
    } finally {
      await t.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('is validated: a port, or start-up stops naming it', () => {
    expect(() => loadConfig({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ SHUTDOWN_DELAY_MS: '-1' })).toThrow(/SHUTDOWN_DELAY_MS/);
    expect(loadConfig({})).toMatchObject({ metricsPort: undefined, shutdownDelayMs: 0 });
    expect(loadConfig({ METRICS_PORT: '9464', SHUTDOWN_DELAY_MS: '15000' })).toMatchObject({ metricsPort: 9464, shutdownDelayMs: 15_000 });
  });
});

describe('parseMetrics', () => {
  it('reads samples with and without labels, escaped quotes included', () => {
    const samples = parseMetrics('# HELP x y\n# TYPE x counter\nx 3\ny{b="2",a="say \\"hi\\""} 4.5\n');
    expect(samples).toEqual(
      new Map([
        ['x', 3],
        ['y{a="say \\"hi\\"",b="2"}', 4.5],
      ]),
    );
  });
});
