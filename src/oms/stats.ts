/** How many HTTP requests the client sent, per endpoint template; tests and benchmarks assert on it. */
export interface OmsCallStats {
  /** Every HTTP request sent: first tries, retries and token exchanges. */
  total: number;
  /** Requests per endpoint template, e.g. "GET /customers/{id}" or "POST /auth/token". */
  byEndpoint: Record<string, number>;
  /** Of `total`, the repeats of an earlier request (backoff retries and replays after re-authentication). */
  retries: number;
  retriesByEndpoint: Record<string, number>;
  /** POST /auth/token requests (also in byEndpoint). */
  tokenExchanges: number;
  /** Calls replayed once after a 401 with a fresh token. */
  reauthentications: number;
}

export interface CallCounter {
  sent(endpoint: string, isRetry: boolean): void;
  reauthenticated(): void;
  snapshot(): OmsCallStats;
  reset(): void;
}

export const TOKEN_ENDPOINT = 'POST /auth/token';

export function createCallCounter(): CallCounter {
  let stats = empty();
  return {
    sent(endpoint, isRetry) {
      stats.total += 1;
      stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
      if (endpoint === TOKEN_ENDPOINT) stats.tokenExchanges += 1;
      if (isRetry) {
        stats.retries += 1;
        stats.retriesByEndpoint[endpoint] = (stats.retriesByEndpoint[endpoint] ?? 0) + 1;
      }
    },
    reauthenticated() {
      stats.reauthentications += 1;
    },
    // A copy, so a snapshot taken before a call does not change under the test that holds it.
    snapshot: () => ({ ...stats, byEndpoint: { ...stats.byEndpoint }, retriesByEndpoint: { ...stats.retriesByEndpoint } }),
    reset() {
      stats = empty();
    },
  };
}

function empty(): OmsCallStats {
  return { total: 0, byEndpoint: {}, retries: 0, retriesByEndpoint: {}, tokenExchanges: 0, reauthentications: 0 };
}
