import type { SandboxClock } from '../clock.js';
import type { EventPublisher } from '../context.js';
import type { Faults } from '../faults.js';
import type { SandboxOptions } from '../options.js';
import type { Scheduler } from '../scheduler.js';

export type WebhookSender = EventPublisher;

export function createWebhookSender(_deps: { options: SandboxOptions; clock: SandboxClock; scheduler: Scheduler; faults: Faults }): WebhookSender {
  return { publish() {} };
}
