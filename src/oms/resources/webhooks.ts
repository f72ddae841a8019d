import { listEndpoint, type IterateParams, type PageParams } from '../pagination.js';
import { webhook, type CreateWebhookRequest, type UpdateWebhookRequest, type Webhook } from '../schemas/index.js';
import type { CallOptions, Transport, WriteOptions } from '../transport.js';

/** Webhook subscriptions of the OMS account. */
export function webhooksApi(transport: Transport) {
  const lists = listEndpoint<Webhook, PageParams>(transport, '/webhooks', webhook);
  return {
    /** POST /webhooks. The answer carries the signing `secret`; no later call returns it again. */
    create: (body: CreateWebhookRequest, options?: WriteOptions): Promise<Webhook> =>
      transport.request({ method: 'POST', template: '/webhooks', body, options }, webhook),
    /** GET /webhooks/{id} (without the secret). */
    get: (id: string, options?: CallOptions): Promise<Webhook> =>
      transport.request({ method: 'GET', template: '/webhooks/{id}', path: { id }, options }, webhook),
    /** GET /webhooks: one page. */
    list: (params: PageParams = {}, options?: CallOptions) => lists.list({}, params, options),
    /** Every subscription. */
    listAll: (params: IterateParams<PageParams> = {}, options?: CallOptions) => lists.listAll({}, params, options),
    /** PATCH /webhooks/{id}: url, events, or enabled:false to pause deliveries. */
    update: (id: string, body: UpdateWebhookRequest, options?: CallOptions): Promise<Webhook> =>
      transport.request({ method: 'PATCH', template: '/webhooks/{id}', path: { id }, body, options }, webhook),
    /** DELETE /webhooks/{id}: deliveries stop. */
    delete: (id: string, options?: CallOptions): Promise<void> =>
      transport.requestNoContent({ method: 'DELETE', template: '/webhooks/{id}', path: { id }, options }),
  };
}
