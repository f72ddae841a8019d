import type { Context, Hono } from 'hono';
import type { SandboxClock } from './clock.js';
import type { Faults } from './faults.js';
import type { NewId } from './ids.js';
import type { SandboxOptions } from './options.js';
import type { Scheduler } from './scheduler.js';
import type { Ledger } from './store.js';
import type { WebhookSender } from './webhooks/sender.js';

/** What every route module receives: the sandbox's long-lived parts. */
export interface SandboxDeps {
  options: SandboxOptions;
  clock: SandboxClock;
  newId: NewId;
  scheduler: Scheduler;
  faults: Faults;
  /** Publishes webhook events and keeps the sandbox's delivery log. */
  events: WebhookSender;
  /** Ledgers by API key. */
  ledgers: Map<string, Ledger>;
}

/** Queues a webhook event about `data` for every subscription of the ledger's account that wants it. */
export interface EventPublisher {
  publish(ledger: Ledger, event: string, data: { id: string }): void;
}

export interface SandboxEnv {
  Variables: {
    requestId: string;
    /** The calling account's state (set by auth). */
    ledger: Ledger;
    /** The request body as sent (set for POST and PATCH). */
    rawBody: string;
  };
}

export type SandboxApp = Hono<SandboxEnv>;
export type SandboxContext = Context<SandboxEnv>;
