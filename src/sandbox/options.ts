import { DOCS_EXAMPLE_FEES, type FeeProfile } from './fees.js';
import type { RouteFault, WebhookFaults } from './faults.js';

/** Everything about the sandbox a test or the CLI may set; every field has a default. */
export interface SandboxOptions {
  /** API credentials, one OMS account each. Default: one generated account. */
  accounts: { apiKey: string; apiSecret: string }[];
  /** Answer simulate endpoints with 404, as production OMS does. */
  production: boolean;
  tokenTtlSeconds: number;
  /** processing -> completed (or -> failed) after this long. */
  completionDelayMs: number;
  /** failed -> refund outcome, and underReview -> resolution, after this long. */
  followUpDelayMs: number;
  quoteTtlMs: number;
  idempotencyTtlMs: number;
  cashInCodeTtlMs: number;
  /** How KYC review ends by itself; `pending`: never, it waits for POST /customers/{id}/simulate-kyc. */
  endorsements: { delayMs: number; outcome: 'approved' | 'rejected' | 'pending' };
  fees: FeeProfile;
  /** Also emit transaction.cryptoToCrypto.processing, which v0.9 does not list. */
  emitUnlistedEvents: boolean;
  webhooks: {
    /** Wait before each attempt; its length is the number of attempts (OMS: 10 over ~3 days; compressed here). */
    retryDelaysMs: number[];
    timeoutMs: number;
    /** How deliveries are sent: the global fetch, or an in-process one in tests. */
    fetch: typeof fetch;
  };
  faults: { latencyMs?: number; routes?: RouteFault[]; webhooks?: WebhookFaults };
  /** Seed of the generator behind fault rates, so a faulty run can be repeated. */
  seed: number;
}

export const DEFAULT_OPTIONS: Omit<SandboxOptions, 'accounts'> = {
  production: false,
  tokenTtlSeconds: 3600,
  completionDelayMs: 2_000,
  followUpDelayMs: 1_000,
  quoteTtlMs: 5 * 60_000,
  idempotencyTtlMs: 24 * 3600_000,
  cashInCodeTtlMs: 3600_000,
  endorsements: { delayMs: 0, outcome: 'approved' },
  fees: DOCS_EXAMPLE_FEES,
  emitUnlistedEvents: false,
  webhooks: {
    retryDelaysMs: [0, 200, 1_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000],
    timeoutMs: 10_000,
    fetch: (input, init) => fetch(input, init),
  },
  faults: {},
  seed: 1,
};

export type SandboxOptionsInput = Partial<Omit<SandboxOptions, 'webhooks' | 'endorsements'>> & {
  webhooks?: Partial<SandboxOptions['webhooks']>;
  endorsements?: Partial<SandboxOptions['endorsements']>;
};
