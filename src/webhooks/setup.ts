import type { OmsClient, Webhook } from '../oms/index.js';

/**
 * Pointing an OMS account's webhooks at the gateway (contract section 15), for `npm run webhooks`.
 * The gateway needs two subscriptions per account at <public URL>/webhooks/oms/<account id>: one for
 * every event, and a complianceOnly one, the only kind OMS sends *.underReview to (as
 * subscribe.ts does for the embedded sandbox). A subscription is recognised by its URL alone, as OMS
 * keeps nothing else of ours on it.
 *
 * OMS shows a subscription's `whsec_` secret once, in the answer that creates it, and has no call to
 * rotate it; so rotating is creating a new pair beside the old one (deliveries of both are accepted
 * and de-duplicated by event id while the tenants file lists both secrets), then removing the old.
 */

/** The two kinds of subscription the gateway needs, by their complianceOnly flag. */
const KINDS = [false, true] as const;

/** The gateway's webhook route for `accountId` under its public base URL (a path prefix is kept). */
export function webhookUrl(base: string, accountId: string): string {
  const route = `/webhooks/oms/${encodeURIComponent(accountId)}`;
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(route) ? path : `${path}${route}`;
  return url.toString();
}

/** A subscription made now, with the secret OMS will not show again. */
export interface Created {
  hook: Webhook;
  secret: string;
}

export interface Registered {
  created: Created[];
  /** Already there, re-enabled or widened to every event. */
  updated: Webhook[];
  /** Already there as needed. */
  kept: Webhook[];
}

/** Every subscription of the account, oldest first. */
export async function listSubscriptions(client: OmsClient): Promise<Webhook[]> {
  const hooks: Webhook[] = [];
  for await (const hook of client.webhooks.listAll()) hooks.push(hook);
  return hooks.reverse();
}

async function subscriptionsAt(client: OmsClient, url: string): Promise<Webhook[]> {
  return (await listSubscriptions(client)).filter((hook) => hook.url === url);
}

async function createSubscription(client: OmsClient, url: string, complianceOnly: boolean): Promise<Created> {
  const hook = await client.webhooks.create({ url, events: [], complianceOnly });
  if (!hook.secret) throw new Error(`OMS created webhook ${hook.id} without returning its secret`);
  return { hook, secret: hook.secret };
}

/**
 * Makes sure both kinds of subscription exist at `url`, enabled and for every event: creates what is
 * missing, re-enables (after a 410 or a pause) and widens what is there. Running it again creates
 * nothing. Subscriptions elsewhere are left alone.
 */
export async function registerSubscriptions(client: OmsClient, url: string): Promise<Registered> {
  const existing = await subscriptionsAt(client, url);
  const result: Registered = { created: [], updated: [], kept: [] };
  for (const complianceOnly of KINDS) {
    const ofKind = existing.filter((hook) => hook.complianceOnly === complianceOnly);
    if (ofKind.length === 0) result.created.push(await createSubscription(client, url, complianceOnly));
    for (const hook of ofKind) {
      if (hook.enabled && hook.status === 'active' && hook.events.length === 0) result.kept.push(hook);
      else result.updated.push(await client.webhooks.update(hook.id, { enabled: true, events: [] }));
    }
  }
  return result;
}

/** Asked of a state the command cannot act on; the message says what to do instead. */
export class SetupRefused extends Error {
  override readonly name = 'SetupRefused';
}

/**
 * The first half of a rotation: a new pair of subscriptions at `url` beside the current one, whose
 * secrets the caller hands to the operator. Returns the new pair and the old one (to remove once every
 * gateway instance has the new secrets). Refused when nothing is registered at `url` or a rotation is
 * already under way (more than one subscription of a kind), so it never piles up subscriptions.
 */
export async function rotateSubscriptions(client: OmsClient, url: string): Promise<{ created: Created[]; old: Webhook[] }> {
  const old = await subscriptionsAt(client, url);
  if (old.length === 0) throw new SetupRefused(`no subscription at ${url} to rotate: register first`);
  for (const complianceOnly of KINDS) {
    const ofKind = old.filter((hook) => hook.complianceOnly === complianceOnly);
    if (ofKind.length > 1) {
      throw new SetupRefused(
        `a rotation is already under way at ${url}: ${ofKind.map((hook) => hook.id).join(' and ')} are both ${complianceOnly ? 'complianceOnly' : 'normal'} subscriptions; remove the old one first`,
      );
    }
  }
  const created: Created[] = [];
  for (const complianceOnly of KINDS) created.push(await createSubscription(client, url, complianceOnly));
  return { created, old };
}

/** Deletes the subscriptions named (by id) or every one at `url`; names OMS does not know are returned as missing. */
export async function removeSubscriptions(client: OmsClient, target: { url: string } | { ids: string[] }): Promise<{ removed: Webhook[]; missing: string[] }> {
  const all = await listSubscriptions(client);
  const chosen = 'url' in target ? all.filter((hook) => hook.url === target.url) : all.filter((hook) => target.ids.includes(hook.id));
  const missing = 'ids' in target ? target.ids.filter((id) => !chosen.some((hook) => hook.id === id)) : [];
  for (const hook of chosen) await client.webhooks.delete(hook.id);
  return { removed: chosen, missing };
}
