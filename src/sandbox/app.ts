import { Hono } from 'hono';
import { createClock, type SandboxClock } from './clock.js';
import type { SandboxDeps, SandboxEnv } from './context.js';
import { SandboxError } from './errors.js';
import { Faults, seededRandom } from './faults.js';
import { errorResponse } from './http.js';
import { createIdFactory, randomHex } from './ids.js';
import { createTokens, faults as faultMiddleware, idempotency, latency, requestId } from './middleware.js';
import { DEFAULT_OPTIONS, type SandboxOptions, type SandboxOptionsInput } from './options.js';
import { accountRoutes } from './routes/accounts.js';
import { authRoutes } from './routes/auth.js';
import { cashInRoutes } from './routes/cash-ins.js';
import { controlRoutes } from './routes/control.js';
import { customerRoutes } from './routes/customers.js';
import { paymentRoutes } from './routes/payments.js';
import { walletRoutes } from './routes/wallets.js';
import { webhookRoutes } from './routes/webhooks.js';
import { Scheduler } from './scheduler.js';
import { Ledger } from './store.js';
import { createWebhookSender, type WebhookSender } from './webhooks/sender.js';

/** The in-process OMS: the REST contract of design/oms-contract.md on an in-memory store. */
export interface Sandbox {
  /** Base URL for the in-process fetch (any host works; nothing leaves the process). */
  readonly baseUrl: string;
  /** A fetch that calls the sandbox directly, for the OMS client. */
  readonly fetch: typeof fetch;
  /** The credentials of each account, in the order given. */
  readonly accounts: readonly { apiKey: string; apiSecret: string }[];
  readonly options: SandboxOptions;
  readonly clock: SandboxClock;
  readonly faults: Faults;
  readonly webhooks: WebhookSender;
  /** Each account's store, by API key: for benchmarks that seed more than the API makes quickly (100,000 customers). */
  readonly ledgers: ReadonlyMap<string, Ledger>;
  /** Resolves when no lifecycle step or webhook delivery is pending. */
  idle(): Promise<void>;
  /** Stops timers and deliveries; pending work is dropped. */
  close(): void;
}

export function createSandbox(input: SandboxOptionsInput = {}): Sandbox {
  const options: SandboxOptions = {
    ...DEFAULT_OPTIONS,
    ...input,
    accounts: input.accounts ?? [{ apiKey: `sk_sdbx_${randomHex(16)}`, apiSecret: randomHex(32) }],
    endorsements: { ...DEFAULT_OPTIONS.endorsements, ...input.endorsements },
    webhooks: { ...DEFAULT_OPTIONS.webhooks, ...input.webhooks },
  };
  const clock = createClock();
  const scheduler = new Scheduler();
  const faults = new Faults(seededRandom(options.seed));
  faults.latencyMs = options.faults.latencyMs ?? 0;
  faults.webhooks = { ...options.faults.webhooks };
  for (const rule of options.faults.routes ?? []) faults.add(rule);

  const ledgers = new Map(options.accounts.map((account, i) => [account.apiKey, new Ledger({ id: `acct_${i + 1}`, ...account })]));
  const newId = createIdFactory(clock.now);
  const webhooks = createWebhookSender({ options, clock, scheduler, faults, newId });
  const deps: SandboxDeps = { options, clock, newId, scheduler, faults, events: webhooks, ledgers };

  const tokens = createTokens(deps);
  const app = new Hono<SandboxEnv>().basePath('/v0.9');
  app.use(requestId());
  app.use(faultMiddleware(deps));
  app.use(tokens.middleware());
  app.use(idempotency(deps));
  app.use(latency(deps));
  authRoutes(app, ledgers, tokens);
  customerRoutes(app, deps);
  walletRoutes(app, deps);
  accountRoutes(app, deps);
  paymentRoutes(app, deps);
  cashInRoutes(app, deps);
  webhookRoutes(app, deps);
  controlRoutes(app, deps);
  app.notFound((c) => errorResponse(c, new SandboxError(404, 'resource_not_found', `No route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    if (error instanceof SandboxError) return errorResponse(c, error);
    console.error('sandbox: unexpected error', error);
    return errorResponse(c, new SandboxError(500, 'internal_error', 'Internal error in the OMS sandbox'));
  });

  return {
    baseUrl: 'http://oms-sandbox.internal/v0.9',
    fetch: async (resource, init) => app.fetch(resource instanceof Request && !init ? resource : new Request(resource, init)),
    accounts: options.accounts,
    options,
    clock,
    faults,
    webhooks,
    ledgers,
    idle: () => scheduler.idle(),
    close: () => scheduler.close(),
  };
}
