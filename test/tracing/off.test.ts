import { context, trace } from '@opentelemetry/api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTracing } from '../../src/tracing/tracing.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ok } from '../support/seller-fixtures.js';
import { unique } from '../webhooks/support.js';

/**
 * Without an OTLP endpoint (nor a provider), tracing costs nothing because nothing of it exists: no
 * provider, no context manager (a span made current is not), no traceparent to OMS.
 */

let t: TestGateway;
const traceparents: (string | null)[] = [];

beforeAll(async () => {
  t = await startTestGateway({
    omsFetch: (sandbox) => async (input, init) => {
      traceparents.push(new Headers(init?.headers).get('traceparent'));
      return sandbox(input, init);
    },
  });
});
afterAll(() => t?.close());

describe('without an OTLP endpoint', () => {
  it('sets nothing up: no provider, no context manager, no traceparent on OMS calls', async () => {
    const config = loadConfig({});
    expect(config.tracing).toBeUndefined();
    expect(startTracing({ config: config.tracing, logger: pino({ level: 'silent' }) })).toBeUndefined();

    await ok(t, t.keys.acme, 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } } }', {
      input: { firstName: 'Untraced', lastName: 'Seller', email: `${unique('untraced')}@example.com` },
    });
    expect(traceparents.length).toBeGreaterThan(0);
    expect(traceparents.filter((header) => header !== null)).toEqual([]);
    // OpenTelemetry's API is left with its no-op context manager: a span made current is not current.
    const span = trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 });
    expect(context.with(trace.setSpan(context.active(), span), () => trace.getActiveSpan())).toBeUndefined();
  });
});
