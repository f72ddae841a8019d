import { Counter, Histogram, type Registry } from 'prom-client';
import { OmsError, type Transport } from '../oms/index.js';
import type { OmsAccount } from '../tenancy/accounts.js';
import { mirroredCounter } from './registry.js';

/** Failures with no HTTP status to name them: the client's own codes (src/oms/errors.ts). */
const CLIENT_CODES = new Set(['network_error', 'timeout', 'aborted', 'deadline_exceeded', 'invalid_response', 'invalid_argument']);

export interface OmsMetrics {
  /** A Transport decorator (OmsClient.decorate) timing and counting each call by endpoint template and outcome. */
  decorate(transport: Transport): Transport;
  /** Reads the HTTP requests, retries and re-authentications of these accounts' clients (their call counters) at each scrape. */
  watch(accounts: () => Iterable<OmsAccount>): void;
}

/**
 * OMS calls, labelled by endpoint template ("GET /customers/{id}", never a path with ids) and by
 * outcome: `ok`, the HTTP status OMS answered, or the client's code when there was no answer. The
 * decorator sits under the read cache, so a call the cache answered is not an OMS call. What one
 * call cost in HTTP requests (retries, token exchanges, replays after a 401) is the client's own call
 * counter (src/oms/stats.ts), read at each scrape.
 */
export function omsMetrics(registry: Registry): OmsMetrics {
  const calls = new Counter({
    name: 'gateway_oms_calls_total',
    help: 'OMS calls by endpoint template and outcome (ok, the HTTP status of a failure, or the client code: timeout, network_error, ...)',
    labelNames: ['endpoint', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gateway_oms_call_duration_seconds',
    help: 'How long OMS calls took, retries and waits between them included, by endpoint template',
    labelNames: ['endpoint'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  function timed<T>(endpoint: string, run: () => Promise<T>): Promise<T> {
    const end = duration.startTimer({ endpoint });
    return run().then(
      (value) => {
        end();
        calls.inc({ endpoint, status: 'ok' });
        return value;
      },
      (error: unknown) => {
        end();
        calls.inc({ endpoint, status: outcomeOf(error) });
        throw error;
      },
    );
  }

  function decorate(inner: Transport): Transport {
    const scoped = inner.scoped;
    return {
      request: (call, schema) => timed(`${call.method} ${call.template}`, () => inner.request(call, schema)),
      requestNoContent: (call) => timed(`${call.method} ${call.template}`, () => inner.requestNoContent(call)),
      stats: inner.stats,
      resetStats: inner.resetStats,
      ...(scoped ? { scoped: (scope) => decorate(scoped(scope)) } : {}),
    };
  }

  return {
    decorate,
    watch(accounts) {
      mirroredCounter(
        registry,
        {
          name: 'gateway_oms_requests_total',
          help: 'HTTP requests sent to OMS by endpoint template: first tries, retries and token exchanges (POST /auth/token)',
          labelNames: ['endpoint'],
        },
        function* () {
          for (const account of accounts())
            for (const [endpoint, value] of Object.entries(account.client.stats().byEndpoint)) yield { labels: { endpoint }, value, source: account.id };
        },
      );
      mirroredCounter(
        registry,
        {
          name: 'gateway_oms_retries_total',
          help: 'Repeats of an earlier OMS request (backoff retries and replays after re-authentication), by endpoint template',
          labelNames: ['endpoint'],
        },
        function* () {
          for (const account of accounts())
            for (const [endpoint, value] of Object.entries(account.client.stats().retriesByEndpoint)) yield { labels: { endpoint }, value, source: account.id };
        },
      );
      mirroredCounter(registry, { name: 'gateway_oms_reauthentications_total', help: 'OMS calls replayed once with a new token after a 401' }, function* () {
        for (const account of accounts()) yield { value: account.client.stats().reauthentications, source: account.id };
      });
    },
  };
}

function outcomeOf(error: unknown): string {
  if (!(error instanceof OmsError)) return 'error';
  if (CLIENT_CODES.has(error.code)) return error.code;
  return error.status > 0 ? String(error.status) : 'error';
}
