import { randomUUID } from 'node:crypto';
import { depositAddressesApi, externalAccountsApi, virtualAccountsApi } from './resources/accounts.js';
import { cashInsApi, cashLocationsApi } from './resources/cash-ins.js';
import { customersApi } from './resources/customers.js';
import { quotesApi, transactionsApi } from './resources/payments.js';
import { walletsApi } from './resources/wallets.js';
import { webhooksApi } from './resources/webhooks.js';
import { DEFAULT_RETRY, defaultSleep, type RetryOptions, type Sleep } from './retry.js';
import { scopedTransport, type OmsScope } from './scope.js';
import type { OmsCallStats } from './stats.js';
import type { Attempt } from './attempt.js';
import { fetchAttempt } from './attempt-fetch.js';
import { type PoolOptions, undiciAttempt } from './attempt-undici.js';
import type { TokenSource } from './token.js';
import { createTransport, type Transport } from './transport.js';

export interface OmsClientOptions {
  /** Including the version prefix, e.g. https://sandbox-api.polygon.technology/v0.9. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /**
   * An HTTP implementation to send every request through instead of the client's own connection pool:
   * the sandbox supplies its in-process app this way, so tests run the real client without sockets.
   */
  fetch?: typeof fetch;
  /**
   * How requests go out when no `fetch` is given. 'undici' (default): undici's dispatcher on a
   * keep-alive pool of this client's own for the base URL's origin. 'fetch': globalThis.fetch, the
   * client's former transport, kept as the named baseline of bench/oms-client.ts.
   */
  transport?: 'undici' | 'fetch';
  /** The 'undici' transport's pool: connection limit and keep-alive. */
  pool?: PoolOptions;
  /** Deadline of each HTTP attempt, body included. Default 10 000. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** How backoff waits; tests pass one that records and returns at once. */
  sleep?: Sleep;
  /** [0, 1) source of backoff jitter. Default Math.random. */
  random?: () => number;
  /** The client's clock in ms, for token expiry and Retry-After dates. Default Date.now. */
  now?: () => number;
  /** Generates Idempotency-Keys for POSTs that were not given one. Default crypto.randomUUID. */
  newIdempotencyKey?: () => string;
  /** Renew the token this long before it expires (at most half its lifetime). Default 60 000. */
  tokenRefreshMarginMs?: number;
}

export interface OmsClient {
  readonly customers: ReturnType<typeof customersApi>;
  readonly wallets: ReturnType<typeof walletsApi>;
  readonly virtualAccounts: ReturnType<typeof virtualAccountsApi>;
  readonly depositAddresses: ReturnType<typeof depositAddressesApi>;
  readonly externalAccounts: ReturnType<typeof externalAccountsApi>;
  readonly quotes: ReturnType<typeof quotesApi>;
  readonly transactions: ReturnType<typeof transactionsApi>;
  readonly cashIns: ReturnType<typeof cashInsApi>;
  readonly cashLocations: ReturnType<typeof cashLocationsApi>;
  readonly webhooks: ReturnType<typeof webhooksApi>;
  /** HTTP requests sent since creation or the last resetStats, per endpoint template; shared with every scoped client. */
  stats(): OmsCallStats;
  resetStats(): void;
  /**
   * This client with `scope`'s signal and deadline on every call that gives none of its own (nested
   * scopes: the inner value wins). Same token, stats and transport; cheap enough to make one per
   * GraphQL operation. The parent client is unaffected.
   */
  within(scope: OmsScope): OmsClient;
  /** This client over `wrap(transport)`: a decorator such as the read cache (src/cache). Same token, stats and HTTP stack. */
  decorate(wrap: (transport: Transport) => Transport): OmsClient;
  /** The account's bearer token, shared by every scoped and decorated client: readiness asks whether one is in hand or can be had (src/ops). */
  readonly tokens: Pick<TokenSource, 'peek' | 'get'>;
}

/**
 * A client for one OMS account (one API key). Every method resolves with the parsed, normalised
 * object or rejects with an OmsError. Safe to share across requests: it holds only the token and
 * the call counts.
 */
export function createOmsClient(options: OmsClientOptions): OmsClient {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  checkOptions(options, retry);
  const transport = createTransport({
    attempt: attemptFor(options),
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    timeoutMs: options.timeoutMs ?? 10_000,
    retry,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    newIdempotencyKey: options.newIdempotencyKey ?? randomUUID,
    tokenRefreshMarginMs: options.tokenRefreshMarginMs ?? 60_000,
  });
  return new Client(transport, transport.tokens);
}

/**
 * The client over one transport or scoped view of it. Resources are built on first use, so a scope
 * that touches two resources builds two, and within() itself costs one wrapper and one object.
 */
class Client implements OmsClient {
  readonly #transport: Transport;
  readonly tokens: Pick<TokenSource, 'peek' | 'get'>;
  #customers: OmsClient['customers'] | undefined;
  #wallets: OmsClient['wallets'] | undefined;
  #virtualAccounts: OmsClient['virtualAccounts'] | undefined;
  #depositAddresses: OmsClient['depositAddresses'] | undefined;
  #externalAccounts: OmsClient['externalAccounts'] | undefined;
  #quotes: OmsClient['quotes'] | undefined;
  #transactions: OmsClient['transactions'] | undefined;
  #cashIns: OmsClient['cashIns'] | undefined;
  #cashLocations: OmsClient['cashLocations'] | undefined;
  #webhooks: OmsClient['webhooks'] | undefined;

  constructor(transport: Transport, tokens: Pick<TokenSource, 'peek' | 'get'>) {
    this.#transport = transport;
    this.tokens = tokens;
  }

  get customers() {
    return (this.#customers ??= customersApi(this.#transport));
  }
  get wallets() {
    return (this.#wallets ??= walletsApi(this.#transport));
  }
  get virtualAccounts() {
    return (this.#virtualAccounts ??= virtualAccountsApi(this.#transport));
  }
  get depositAddresses() {
    return (this.#depositAddresses ??= depositAddressesApi(this.#transport));
  }
  get externalAccounts() {
    return (this.#externalAccounts ??= externalAccountsApi(this.#transport));
  }
  get quotes() {
    return (this.#quotes ??= quotesApi(this.#transport));
  }
  get transactions() {
    return (this.#transactions ??= transactionsApi(this.#transport));
  }
  get cashIns() {
    return (this.#cashIns ??= cashInsApi(this.#transport));
  }
  get cashLocations() {
    return (this.#cashLocations ??= cashLocationsApi(this.#transport));
  }
  get webhooks() {
    return (this.#webhooks ??= webhooksApi(this.#transport));
  }

  // Arrow properties, not methods: callers pass these around unbound, as they could before.
  readonly stats = (): OmsCallStats => this.#transport.stats();
  readonly resetStats = (): void => this.#transport.resetStats();
  readonly within = (scope: OmsScope): OmsClient => new Client(scopedTransport(this.#transport, scope), this.tokens);
  readonly decorate = (wrap: (transport: Transport) => Transport): OmsClient => new Client(wrap(this.#transport), this.tokens);
}

/**
 * An injected fetch wins; otherwise the chosen transport, undici's by default. The sandbox keeps
 * handing the client a fetch rather than an undici Dispatcher: it is a web-standard app in process,
 * so a Dispatcher for it would be an adapter of our own that no real deployment runs, testing neither
 * path better. The undici path is proven instead against the sandbox served over real sockets
 * (test/oms/http-transport.test.ts), and every client without an injected fetch (production, the
 * cluster tests, the benchmarks) runs it.
 */
function attemptFor(options: OmsClientOptions): Attempt {
  const base = options.baseUrl.replace(/\/+$/, '');
  if (options.fetch) return fetchAttempt(options.fetch, base);
  // Looked up at each call, not captured: a fetch installed later (test doubles) is still the one used.
  if (options.transport === 'fetch') return fetchAttempt((input, init) => globalThis.fetch(input, init), base);
  return undiciAttempt(base, options.pool);
}

/** Misconfiguration fails at construction with a message naming the option, not at the first call. */
function checkOptions(options: OmsClientOptions, retry: RetryOptions): void {
  const problems: string[] = [];
  if (!URL.canParse(options.baseUrl) || !/^https?:$/.test(new URL(options.baseUrl).protocol)) problems.push('baseUrl must be an http(s) URL');
  if (!options.apiKey) problems.push('apiKey is required');
  if (!options.apiSecret) problems.push('apiSecret is required');
  if (options.transport !== undefined && options.transport !== 'undici' && options.transport !== 'fetch')
    problems.push("transport must be 'undici' or 'fetch'");
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) problems.push('timeoutMs must be positive');
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) problems.push('retry.maxAttempts must be an integer >= 1');
  for (const name of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!(retry[name] >= 0)) problems.push(`retry.${name} must be >= 0`);
  }
  if (problems.length > 0) throw new TypeError(`createOmsClient: ${problems.join('; ')}`);
}
