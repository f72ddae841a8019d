import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ok } from '../support/seller-fixtures.js';
import { deliver, envelope, rawTransaction, unique } from '../webhooks/support.js';
import { describeSpan, recordTraces, type TraceRecorder } from './support.js';

/**
 * Tracing on a real gateway whose provider exports to memory: the span of a GraphQL operation with
 * the spans of its OMS calls beneath it in one trace (and the traceparent OMS receives), the span of a
 * webhook delivery, and the trace ids on the log lines written meanwhile.
 */

let t: TestGateway;
let r: TraceRecorder;
/** The traceparent header of each request the gateway's OMS client sent, by method and path. */
const sent: { call: string; traceparent: string | null }[] = [];

beforeAll(async () => {
  r = recordTraces();
  t = await startTestGateway({
    tracerProvider: r.provider,
    logger: r.logger,
    omsFetch: (sandbox) => async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      sent.push({ call: `${init?.method ?? 'GET'} ${url.pathname}`, traceparent: new Headers(init?.headers).get('traceparent') });
      return sandbox(input, init);
    },
  });
});
afterAll(async () => {
  await t?.close();
  await r?.provider.shutdown();
});

/** A seller of acme made through the API, its endorsement webhooks handled, so that nothing else calls OMS meanwhile. */
async function newSeller(): Promise<string> {
  const { createSeller } = await ok(t, t.keys.acme, 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } } }', {
    input: { firstName: 'Traced', lastName: 'Seller', email: `${unique('traced')}@example.com` },
  });
  await t.sandbox.idle();
  return createSeller.seller.id as string;
}

const SELLER = (name: string) => `query ${name}($id: ID!) { seller(id: $id) { id firstName wallets { id } } }`;

describe('a GraphQL operation', () => {
  it('is one span with a child span per OMS call, all in one trace; OMS gets a traceparent naming its call', async () => {
    const id = await newSeller();
    // The first read of the customer is answered 503 once: its call takes two attempts.
    const remove = t.sandbox.faults.add({ method: 'GET', path: '/customers/*', status: 503, times: 1 });
    const from = sent.length;
    const response = await t.request(t.keys.acme, SELLER('TracedSeller'), { id });
    remove();
    expect(response.errors).toBeUndefined();
    expect(response.data?.seller.id).toBe(id);

    const operation = await r.ended((span) => span.name === 'graphql.query TracedSeller');
    const { traceId, spanId } = operation.spanContext();
    expect(describeSpan(operation)).toMatchObject({
      kind: 'SERVER',
      parent: undefined,
      status: SpanStatusCode.UNSET,
      attributes: {
        'graphql.operation.type': 'query',
        'graphql.operation.name': 'TracedSeller',
        'gateway.tenant': 'acme',
        'gateway.outcome': 'OK',
        'gateway.request_id': expect.any(String),
        'http.request.method': 'POST',
        'http.response.status_code': 200,
      },
    });
    const calls = r.trace(traceId).filter((span) => span !== operation);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) expect(describeSpan(call)).toMatchObject({ kind: 'CLIENT', parent: spanId, name: expect.stringMatching(/^oms (GET|POST) \//) });
    const customer = calls.find((span) => span.name === 'oms GET /customers/{id}');
    expect(customer?.attributes).toEqual({
      'oms.endpoint': 'GET /customers/{id}',
      'http.request.method': 'GET',
      'url.template': '/customers/{id}',
      'http.response.status_code': 200,
      'oms.attempts': 2,
    });
    // Each attempt of the call carried its span's traceparent (sampled).
    const parent = `00-${traceId}-${customer!.spanContext().spanId}-01`;
    expect(
      sent
        .slice(from)
        .filter((s) => s.call === `GET /v0.9/customers/${id}`)
        .map((s) => s.traceparent),
    ).toEqual([parent, parent]);
  });

  it('failing at OMS: the span is in error with the outcome code, its OMS call says why, and the log line carries the trace id', async () => {
    const id = await newSeller();
    const remove = t.sandbox.faults.add({ method: 'GET', path: '/customers/*', status: 503 });
    const response = await t.request(t.keys.acme, SELLER('FailingSeller'), { id });
    remove();
    expect(response.errors?.[0]?.extensions?.code).toBe('OMS_UNAVAILABLE');

    const operation = await r.ended((span) => span.name === 'graphql.query FailingSeller');
    const { traceId, spanId } = operation.spanContext();
    expect(operation.attributes['gateway.outcome']).toBe('OMS_UNAVAILABLE');
    expect(operation.status).toEqual({ code: SpanStatusCode.ERROR, message: 'OMS_UNAVAILABLE' });
    expect(operation.events.map((e) => e.name)).toContain('exception');
    const customer = r.trace(traceId).find((span) => span.name === 'oms GET /customers/{id}');
    expect(describeSpan(customer!)).toMatchObject({
      parent: spanId,
      status: SpanStatusCode.ERROR,
      attributes: { 'http.response.status_code': 503, 'oms.attempts': 4, 'error.type': 'unavailable' },
    });

    const requestId = response.errors![0]!.extensions!.requestId;
    const line = r.lines.find((l) => l.msg === 'OMS call failed' && l.requestId === requestId);
    expect(line).toMatchObject({ trace_id: traceId, span_id: spanId, endpoint: 'GET /customers/{id}', status: 503 });
  });

  it("refused by the door: a span named `graphql` with the refusal's status, and the door's log line in it", async () => {
    const response = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `refused-${unique('r')}` },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(response.status).toBe(401);
    const requestId = response.headers.get('x-request-id');
    const line = r.lines.find((l) => l.msg === 'refused' && l.requestId === requestId);
    expect(line?.trace_id).toEqual(expect.stringMatching(/^[0-9a-f]{32}$/));
    const span = await r.ended((s) => s.spanContext().traceId === line!.trace_id);
    expect(describeSpan(span)).toMatchObject({ name: 'graphql', parent: undefined, attributes: { 'http.response.status_code': 401 } });
    expect(span.spanContext().spanId).toBe(line!.span_id);
  });
});

describe('a webhook delivery', () => {
  it("is one span (account, event, outcome) with its OMS calls beneath, and the route's log line in it", async () => {
    // A customer OMS does not know: no stamp is ever remembered for it, so the router always asks OMS.
    const customerId = `cus_${unique('nobody')}`;
    const eventId = `whk_evt_${unique('traced')}`;
    const body = envelope('transaction.completed', rawTransaction({ id: `txn_${unique('traced')}`, customerId, status: 'completed' }), { id: eventId });
    expect((await deliver(t, body)).status).toBe(200);

    const span = await r.ended((s) => s.attributes['oms.event_id'] === eventId);
    const { traceId, spanId } = span.spanContext();
    expect(describeSpan(span)).toMatchObject({
      name: 'webhook transaction.completed',
      kind: 'SERVER',
      parent: undefined,
      attributes: { 'oms.account': 'shared', 'oms.event': 'transaction.completed', 'gateway.outcome': 'orphaned', 'http.response.status_code': 200 },
    });
    // Nobody's customer: the router asked OMS whose it is, under the delivery's span.
    const lookup = r.trace(traceId).find((s) => s.name === 'oms GET /customers/{id}');
    expect(describeSpan(lookup!)).toMatchObject({ parent: spanId, attributes: { 'http.response.status_code': 404, 'oms.attempts': 1 } });
    expect(r.lines.find((l) => l.msg === 'webhook taken' && l.eventId === eventId)).toMatchObject({ trace_id: traceId, span_id: spanId, outcome: 'orphaned' });
  });

  it('refused (bad signature): the outcome `refused`, with its 401', async () => {
    const eventId = `whk_evt_${unique('refused')}`;
    const body = envelope('transaction.completed', rawTransaction({ id: 'txn_x', customerId: 'cus_x', status: 'completed' }), { id: eventId });
    expect((await deliver(t, body, { secret: 'whsec_not_the_secret' })).status).toBe(401);
    const line = r.lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('webhook refused') && l.reason === 'invalid_signature');
    const span = await r.ended((s) => s.spanContext().traceId === line?.trace_id);
    expect(describeSpan(span)).toMatchObject({ name: 'webhook', attributes: { 'gateway.outcome': 'refused', 'http.response.status_code': 401 } });
  });
});

describe('configuration', () => {
  it('derives the traces URL as OpenTelemetry specifies, and names a bad endpoint', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'oms-graphql-gateway',
    });
    const both = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/in',
      OTEL_SERVICE_NAME: 'gw-eu',
    };
    expect(loadConfig(both).tracing).toEqual({ tracesUrl: 'https://traces.example.com/in', serviceName: 'gw-eu' });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
