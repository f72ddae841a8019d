import { z } from 'zod';
import { timestamp } from './common.js';

/** Webhook subscriptions and the envelope of every delivered event. */

export const webhook = z.object({
  id: z.string().startsWith('whk_'),
  object: z.literal('webhook'),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  status: z.enum(['active', 'disabled']),
  complianceOnly: z.boolean(),
  /** Only in the answer to the create call. */
  secret: z.string().startsWith('whsec_').optional(),
  createdAt: timestamp,
  updatedAt: timestamp.nullish(),
});
export type Webhook = z.output<typeof webhook>;

/** Event names: exact, `*` for all, or a prefix wildcard such as `transaction.*`. */
const eventPattern = z.string().regex(/^(\*|[a-zA-Z]+(\.[a-zA-Z]+)*(\.\*)?)$/, 'expected an event name or a pattern like "transaction.*"');

/** Plain http is refused except for loopback hosts, so a local gateway can receive sandbox deliveries. */
const hookUrl = z.url().refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}, 'expected an https URL (http only for localhost)');

export const createWebhookRequest = z.strictObject({
  url: hookUrl,
  /** Empty: every event. */
  events: z.array(eventPattern).default([]),
  complianceOnly: z.boolean().default(false),
});
export type CreateWebhookRequest = z.input<typeof createWebhookRequest>;

export const updateWebhookRequest = z
  .strictObject({ url: hookUrl.optional(), events: z.array(eventPattern).optional(), enabled: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'expected at least one of url, events, enabled');
export type UpdateWebhookRequest = z.input<typeof updateWebhookRequest>;

export const webhookEvent = z.object({
  id: z.string().min(1),
  event: z.string().min(1),
  createdAt: timestamp,
  /** Increases with every event about the same object: lets receivers order out-of-order deliveries. */
  sequence: z.number().int().nonnegative().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.output<typeof webhookEvent>;
