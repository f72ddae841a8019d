import { createWebhookRequest, listParams, updateWebhookRequest } from '../../oms/schemas/index.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { assertSandbox, readBody, readQuery } from '../http.js';
import { paginate } from '../pagination.js';
import type { WebhookView } from '../store.js';
import { newWebhookSecret } from '../webhooks/sign.js';

/**
 * Webhook subscriptions (contract section 15): full CRUD through the API. The signing secret is shown
 * only in the answer to the create call (an idempotent replay of that call shows it again), and
 * deliveries start at once. Plus a sandbox-only delivery log per subscription.
 */
export function webhookRoutes(app: SandboxApp, deps: SandboxDeps): void {
  const { clock, newId, options, events } = deps;

  app.post('/webhooks', (c) => {
    const body = readBody(c, createWebhookRequest);
    const now = clock.iso();
    const view: WebhookView = {
      id: newId('whk'),
      object: 'webhook',
      url: body.url,
      events: [...body.events],
      enabled: true,
      status: 'active',
      complianceOnly: body.complianceOnly,
      createdAt: now,
      updatedAt: now,
    };
    const secret = newWebhookSecret();
    c.get('ledger').webhooks.set(view.id, { view, secret });
    return c.json({ ...view, secret }, 201);
  });

  app.get('/webhooks', (c) => {
    const query = readQuery(c, listParams);
    const views = [...c.get('ledger').webhooks.values()].map((record) => record.view);
    return c.json(paginate(views, query));
  });

  app.get('/webhooks/:id', (c) => c.json(c.get('ledger').webhook(c.req.param('id')).view));

  app.patch('/webhooks/:id', (c) => {
    const { view } = c.get('ledger').webhook(c.req.param('id'));
    const changes = readBody(c, updateWebhookRequest);
    if (changes.url !== undefined) view.url = changes.url;
    if (changes.events !== undefined) view.events = [...changes.events];
    // Pausing and a 410 both leave a subscription disabled; enabling it again is how it recovers.
    if (changes.enabled !== undefined) {
      view.enabled = changes.enabled;
      view.status = changes.enabled ? 'active' : 'disabled';
    }
    view.updatedAt = clock.iso();
    return c.json(view);
  });

  app.delete('/webhooks/:id', (c) => {
    const ledger = c.get('ledger');
    const { view } = ledger.webhook(c.req.param('id'));
    ledger.webhooks.delete(view.id);
    return c.body(null, 204);
  });

  /** Sandbox only: every delivery to this subscription, its attempts and their outcomes. */
  app.get('/webhooks/:id/deliveries', (c) => {
    assertSandbox(c, options.production);
    const { view } = c.get('ledger').webhook(c.req.param('id'));
    return c.json({ data: events.deliveries(view.id) });
  });
}
