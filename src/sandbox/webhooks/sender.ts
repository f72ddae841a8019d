import type { SandboxClock } from '../clock.js';
import type { EventPublisher } from '../context.js';
import type { Faults } from '../faults.js';
import type { NewId } from '../ids.js';
import type { SandboxOptions } from '../options.js';
import type { Scheduler } from '../scheduler.js';
import type { Ledger, WebhookRecord, WebhookView } from '../store.js';
import { signatureHeader } from './sign.js';

/** One try at handing an event to a receiver. */
export interface DeliveryAttempt {
  /** 1-based. */
  attempt: number;
  /** Sandbox time the request went out (the signature's `t`). */
  at: string;
  /** The receiver's HTTP status; null when no answer came (network error, timeout). */
  status: number | null;
  /** Why no answer came. */
  error?: string;
}

/**
 * pending: attempts remain. delivered: a 2xx came. failed: the last attempt failed too. disabled: the
 * receiver answered 410, so the subscription was disabled. cancelled: the subscription was disabled
 * or deleted before the next attempt.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'disabled' | 'cancelled';

/** One event on its way to one subscription: an entry of the sandbox-only delivery log. */
export interface Delivery {
  eventId: string;
  event: string;
  objectId: string;
  sequence: number;
  /** The extra copy sent by the duplicateRate fault. */
  duplicate: boolean;
  /** Sandbox time of publishing. */
  createdAt: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
}

/** The sandbox's outgoing webhooks: publishes events and keeps a delivery log per subscription. */
export interface WebhookSender extends EventPublisher {
  /** A snapshot of the deliveries to one subscription, oldest first (at most the last 1000). */
  deliveries(hookId: string): Delivery[];
}

export interface WebhookSenderDeps {
  options: SandboxOptions;
  clock: SandboxClock;
  scheduler: Scheduler;
  faults: Faults;
  /** Makes the event ids (`whk_evt_` + ULID on the sandbox clock). */
  newId: NewId;
}

const LOG_LIMIT = 1_000;

/**
 * Contract decision 7: at-least-once, unordered delivery with retries. The body is serialized once per
 * event, so every retry and every copy carries the same bytes; only the signature's `t` changes.
 * Faults (decision 12) are read from `faults.webhooks` when an event is published, so a test can turn
 * them on and off on a live sandbox.
 */
export function createWebhookSender({ options, clock, scheduler, faults, newId }: WebhookSenderDeps): WebhookSender {
  const sequences = new WeakMap<Ledger, Map<string, number>>();
  const logs = new Map<string, Delivery[]>();
  const held = new Map<string, (() => void)[]>();
  // An empty schedule still sends once: a subscription that never hears anything would look broken.
  const attemptsAllowed = () => Math.max(1, options.webhooks.retryDelaysMs.length);

  function nextSequence(ledger: Ledger, objectId: string): number {
    let perObject = sequences.get(ledger);
    if (!perObject) sequences.set(ledger, (perObject = new Map()));
    const sequence = (perObject.get(objectId) ?? 0) + 1;
    perObject.set(objectId, sequence);
    return sequence;
  }

  function log(hookId: string, delivery: Delivery): void {
    let entries = logs.get(hookId);
    if (!entries) logs.set(hookId, (entries = []));
    entries.push(delivery);
    if (entries.length > LOG_LIMIT) entries.splice(0, entries.length - LOG_LIMIT);
  }

  /** The reorder fault: holds a subscription's deliveries for the window, then starts them newest first. */
  function release(hookId: string, start: () => void): void {
    const windowMs = faults.webhooks.reorderWindowMs ?? 0;
    if (windowMs <= 0) return start();
    let batch = held.get(hookId);
    if (!batch) {
      const fresh: (() => void)[] = [];
      held.set(hookId, fresh);
      scheduler.after(windowMs, () => {
        held.delete(hookId);
        for (const begin of fresh.reverse()) begin();
      });
      batch = fresh;
    }
    batch.push(start);
  }

  function schedule(ledger: Ledger, hookId: string, delivery: Delivery, body: string, index: number, extraMs: number): void {
    const wait = Math.max(0, (options.webhooks.retryDelaysMs[index] ?? 0) + extraMs);
    scheduler.after(
      wait,
      () => attempt(ledger, hookId, delivery, body, index),
      (error) => {
        delivery.state = 'failed';
        console.error(`sandbox: webhook delivery ${delivery.eventId} to ${hookId} broke`, error);
      },
    );
  }

  async function attempt(ledger: Ledger, hookId: string, delivery: Delivery, body: string, index: number): Promise<void> {
    // Looked up afresh: the subscription may have been disabled, deleted or re-pointed meanwhile.
    const hook = ledger.webhooks.get(hookId);
    if (!hook?.view.enabled) {
      delivery.state = 'cancelled';
      return;
    }
    const sentAt = clock.now();
    const entry: DeliveryAttempt = { attempt: index + 1, at: new Date(sentAt).toISOString(), status: null };
    delivery.attempts.push(entry);
    try {
      const response = await post(hook, delivery.eventId, body, Math.floor(sentAt / 1000));
      entry.status = response.status;
      await response.body?.cancel().catch(() => {});
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    if (entry.status !== null && entry.status >= 200 && entry.status < 300) {
      delivery.state = 'delivered';
    } else if (entry.status === 410) {
      Object.assign(hook.view, { enabled: false, status: 'disabled', updatedAt: clock.iso() } satisfies Partial<WebhookView>);
      delivery.state = 'disabled';
    } else if (index + 1 >= attemptsAllowed()) {
      delivery.state = 'failed';
    } else {
      schedule(ledger, hookId, delivery, body, index + 1, 0);
    }
  }

  /** One POST, given up after timeoutMs even if the injected fetch ignores its abort signal. */
  async function post(hook: WebhookRecord, eventId: string, body: string, t: number): Promise<Response> {
    const { fetch, timeoutMs } = options.webhooks;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`no answer within ${timeoutMs} ms`);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const headers = { 'Content-Type': 'application/json', 'Webhook-Id': eventId, 'Webhook-Signature': signatureHeader(hook.secret, t, body) };
    try {
      return await Promise.race([fetch(hook.view.url, { method: 'POST', headers, body, signal: controller.signal }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    publish(ledger, event, data) {
      try {
        const sequence = nextSequence(ledger, data.id);
        const hooks = [...ledger.webhooks.values()].filter((hook) => subscribes(hook.view, event));
        if (hooks.length === 0) return;
        const createdAt = clock.iso();
        // A snapshot: the routes go on mutating the object after publishing it.
        const envelope = { id: newId('whk_evt'), event, createdAt, sequence, data: structuredClone(data) };
        const body = JSON.stringify(envelope);
        const { duplicateRate, delayMs = 0 } = faults.webhooks;
        for (const { view } of hooks) {
          const copies = faults.chance(duplicateRate) ? 2 : 1;
          for (let copy = 0; copy < copies; copy += 1) {
            const delivery: Delivery = {
              eventId: envelope.id,
              event,
              objectId: data.id,
              sequence,
              duplicate: copy > 0,
              createdAt,
              state: 'pending',
              attempts: [],
            };
            log(view.id, delivery);
            release(view.id, () => schedule(ledger, view.id, delivery, body, 0, delayMs));
          }
        }
      } catch (error) {
        // Publishing happens inside API calls; a broken webhook must not fail them.
        console.error(`sandbox: could not publish ${event} about ${data.id}`, error);
      }
    },
    deliveries: (hookId) => structuredClone(logs.get(hookId) ?? []),
  };
}

/**
 * Whether a subscription gets `event`: it must be enabled and list the event (exactly, by `*`, or by a
 * prefix wildcard like `transaction.*`), or list nothing (= everything). Compliance events
 * (`*.underReview`) go only to complianceOnly subscriptions, and those get nothing else.
 */
export function subscribes(view: WebhookView, event: string): boolean {
  if (!view.enabled || view.status !== 'active') return false;
  if (event.endsWith('.underReview') !== view.complianceOnly) return false;
  return view.events.length === 0 || view.events.some((pattern) => matches(pattern, event));
}

function matches(pattern: string, event: string): boolean {
  if (pattern === '*' || pattern === event) return true;
  return pattern.endsWith('.*') && event.startsWith(pattern.slice(0, -1));
}
