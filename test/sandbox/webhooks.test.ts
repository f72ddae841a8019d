import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { webhookEvent, type WebhookEvent } from '../../src/oms/schemas/webhooks.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/app.js';
import { createClock } from '../../src/sandbox/clock.js';
import { Faults, seededRandom } from '../../src/sandbox/faults.js';
import { createIdFactory } from '../../src/sandbox/ids.js';
import { DEFAULT_OPTIONS, type SandboxOptionsInput } from '../../src/sandbox/options.js';
import { Scheduler } from '../../src/sandbox/scheduler.js';
import { Ledger } from '../../src/sandbox/store.js';
import { createWebhookSender, type Delivery } from '../../src/sandbox/webhooks/sender.js';

/** What the fake receiver saw of one POST. */
interface Received {
  url: string;
  eventId: string | null;
  signature: string;
  contentType: string | null;
  body: string;
  envelope: WebhookEvent;
}
type Respond = (call: Received, nthToUrl: number, init: RequestInit | undefined) => number | Promise<number>;

/** A recording receiver: answers what `respond` says (200 by default); a throw is a network error. */
function receiver() {
  const calls: Received[] = [];
  let respond: Respond = () => 200;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const body = String(init?.body);
    const call: Received = {
      url: String(input),
      eventId: headers.get('webhook-id'),
      signature: headers.get('webhook-signature') ?? '',
      contentType: headers.get('content-type'),
      body,
      envelope: webhookEvent.parse(JSON.parse(body)),
    };
    calls.push(call);
    const status = await respond(call, calls.filter((c) => c.url === call.url).length, init);
    return new Response(null, { status });
  };
  return {
    calls,
    fetch,
    to: (url: string) => calls.filter((c) => c.url === url),
    respond(fn: Respond) {
      respond = fn;
    },
  };
}

// JSON answers, checked field by field in the tests.
type Json = any;

async function connect(sandbox: Sandbox, account = 0) {
  const { apiKey, apiSecret } = sandbox.accounts[account]!;
  const tokenRes = await sandbox.fetch(`${sandbox.baseUrl}/auth/token`, { method: 'POST', body: JSON.stringify({ apiKey, apiSecret }) });
  const { accessToken } = (await tokenRes.json()) as { accessToken: string };
  let keys = 0;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST') headers['idempotency-key'] = `key-${account}-${++keys}`;
    const res = await sandbox.fetch(`${sandbox.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const api = {
    post: (path: string, body: unknown) => call('POST', path, body),
    get: (path: string) => call('GET', path),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    del: (path: string) => call('DELETE', path),
    /** A subscription at https://hooks.test/<name>; answers the create response (with the secret). */
    async hook(name: string, fields: { events?: string[]; complianceOnly?: boolean } = {}): Promise<Json> {
      const res = await api.post('/webhooks', { url: `https://hooks.test/${name}`, ...fields });
      expect(res.status).toBe(201);
      return res.body;
    },
    /** A customer; each requested endorsement is granted at once, one event each. */
    customer: (endorsements: string[] = ['basic']) => api.post('/customers', { firstName: 'Ada', endorsements }),
    deliveries: async (hookId: string): Promise<Delivery[]> => (await api.get(`/webhooks/${hookId}/deliveries`)).body.data,
  };
  return api;
}

async function start(webhooks: SandboxOptionsInput['webhooks'] = {}, more: SandboxOptionsInput = {}) {
  const rx = receiver();
  const sandbox = createSandbox({ ...more, webhooks: { fetch: rx.fetch, retryDelaysMs: [0, 10, 20], ...webhooks } });
  return { sandbox, rx, api: await connect(sandbox) };
}

// An independent check of the signature, from the contract, not from the sandbox's signer.
function expectSigned(call: Received, secret: string): number {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(call.signature);
  expect(match, call.signature).not.toBeNull();
  const t = Number(match![1]);
  expect(match![2]).toBe(createHmac('sha256', secret).update(`${t}.${call.body}`).digest('hex'));
  return t;
}

const ms = (iso: string) => Date.parse(iso);
// Timers may fire up to a millisecond before Date.now() says they should.
const SLACK = 2;

describe('webhook subscriptions', () => {
  it('shows the secret only in the create answer, and signs deliveries with it', async () => {
    const { sandbox, rx, api } = await start();
    const created = await api.hook('a', { events: ['customer.*'] });
    expect(created).toMatchObject({
      object: 'webhook',
      url: 'https://hooks.test/a',
      events: ['customer.*'],
      enabled: true,
      status: 'active',
      complianceOnly: false,
    });
    expect(created.id).toMatch(/^whk_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(created.updatedAt).toBe(created.createdAt);

    const fetched = await api.get(`/webhooks/${created.id}`);
    expect(fetched.status).toBe(200);
    const { secret, ...view } = created;
    expect(fetched.body).toEqual(view);
    expect((await api.get('/webhooks')).body.data[0]).not.toHaveProperty('secret');
    expect((await api.patch(`/webhooks/${created.id}`, { events: [] })).body).not.toHaveProperty('secret');
    expect((await api.hook('b')).secret).not.toBe(secret);

    await api.customer();
    await sandbox.idle();
    expect(rx.to('https://hooks.test/a')).toHaveLength(1);
    expectSigned(rx.to('https://hooks.test/a')[0]!, secret);
  });

  it('reads, updates and deletes subscriptions, with OMS errors for bad input', async () => {
    const { api } = await start();
    expect((await api.post('/webhooks', { url: 'http://localhost:4000/hooks' })).status).toBe(201);
    const insecure = await api.post('/webhooks', { url: 'http://example.com/hooks' });
    expect(insecure.status).toBe(400);
    expect(insecure.body.error).toMatchObject({ code: 'invalid_request', param: 'url' });
    expect((await api.post('/webhooks', { url: 'https://hooks.test/x', events: ['bad event'] })).body.error.code).toBe('invalid_request');
    expect((await api.post('/webhooks', { url: 'https://hooks.test/x', secret: 'mine' })).status).toBe(400);

    const hook = await api.hook('crud');
    const patched = await api.patch(`/webhooks/${hook.id}`, { url: 'https://hooks.test/moved', events: ['transaction.*'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: hook.id, url: 'https://hooks.test/moved', events: ['transaction.*'], enabled: true, status: 'active' });
    expect(ms(patched.body.updatedAt)).toBeGreaterThanOrEqual(ms(hook.createdAt));
    expect((await api.get(`/webhooks/${hook.id}`)).body.url).toBe('https://hooks.test/moved');
    expect((await api.patch(`/webhooks/${hook.id}`, {})).body.error.code).toBe('invalid_request');
    expect((await api.patch(`/webhooks/${hook.id}`, { status: 'active' })).status).toBe(400);

    const paused = await api.patch(`/webhooks/${hook.id}`, { enabled: false });
    expect(paused.body).toMatchObject({ enabled: false, status: 'disabled' });
    expect((await api.patch(`/webhooks/${hook.id}`, { enabled: true })).body).toMatchObject({ enabled: true, status: 'active' });

    const deleted = await api.del(`/webhooks/${hook.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    const gone = await api.get(`/webhooks/${hook.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('resource_not_found');
    expect((await api.del(`/webhooks/${hook.id}`)).status).toBe(404);
    expect((await api.patch(`/webhooks/${hook.id}`, { enabled: true })).status).toBe(404);
  });

  it('needs an Idempotency-Key to create, and replays the create answer for the same key', async () => {
    const { sandbox, api } = await start();
    const { accessToken } = (await (
      await sandbox.fetch(`${sandbox.baseUrl}/auth/token`, { method: 'POST', body: JSON.stringify(sandbox.accounts[0]) })
    ).json()) as { accessToken: string };
    const send = (headers: Record<string, string>) =>
      sandbox.fetch(`${sandbox.baseUrl}/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, ...headers },
        body: JSON.stringify({ url: 'https://hooks.test/i' }),
      });
    const missing = await send({});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Json).error.code).toBe('missing_idempotency_key');
    const first = (await (await send({ 'idempotency-key': 'hook-i' })).json()) as Json;
    const replay = await send({ 'idempotency-key': 'hook-i' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(first);
    expect((await api.get('/webhooks')).body.data).toHaveLength(1);
  });

  it('lists subscriptions newest first, page by page in both directions', async () => {
    const { api } = await start();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await api.hook(`p${i}`)).id);
    const newestFirst = [...ids].reverse();

    const seen: string[] = [];
    const hasMore: boolean[] = [];
    let cursor: string | undefined;
    let secondPage: Json;
    do {
      const page = await api.get(`/webhooks?limit=2${cursor ? `&startingAfter=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(Object.keys(page.body).sort()).toEqual(['data', 'hasMore', 'nextCursor', 'previousCursor']);
      if (seen.length === 2) secondPage = page.body;
      seen.push(...page.body.data.map((hook: Json) => hook.id));
      hasMore.push(page.body.hasMore);
      cursor = page.body.nextCursor;
    } while (hasMore.at(-1));
    expect(seen).toEqual(newestFirst);
    expect(hasMore).toEqual([true, true, false]);

    const back = await api.get(`/webhooks?limit=2&endingBefore=${secondPage.previousCursor}`);
    expect(back.body.data.map((hook: Json) => hook.id)).toEqual(newestFirst.slice(0, 2));
    expect(back.body.hasMore).toBe(false);
    expect((await api.get('/webhooks?limit=0')).status).toBe(400);
    expect((await api.get('/webhooks?startingAfter=nonsense')).body.error.param).toBe('startingAfter');
  });

  it('keeps each account to its own subscriptions and events', async () => {
    const accounts = [1, 2].map((n) => ({ apiKey: `sk_sdbx_account${n}`, apiSecret: `secret${n}` }));
    const { sandbox, rx, api } = await start({}, { accounts });
    const other = await connect(sandbox, 1);
    const mine = await api.hook('mine');
    const theirs = await other.hook('theirs');
    expect((await other.get(`/webhooks/${mine.id}`)).status).toBe(404);
    expect((await api.get('/webhooks')).body.data.map((hook: Json) => hook.id)).toEqual([mine.id]);
    await api.customer();
    await sandbox.idle();
    expect(rx.to('https://hooks.test/mine')).toHaveLength(1);
    expect(rx.to(theirs.url)).toHaveLength(0);
  });

  it('answers the delivery log with 404 in production mode', async () => {
    const { api } = await start({}, { production: true });
    const hook = await api.hook('prod');
    const res = await api.get(`/webhooks/${hook.id}/deliveries`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/production/);
  });
});

describe('webhook events', () => {
  it('posts the envelope {id, event, createdAt, sequence, data} with a snapshot of the object', async () => {
    const { sandbox, rx, api } = await start();
    const hook = await api.hook('all');
    const customer = (await api.customer(['basic', 'cryptoCustody', 'usd'])).body;
    await sandbox.idle();

    expect(rx.calls).toHaveLength(3);
    const bySequence = [...rx.calls].sort((a, b) => a.envelope.sequence! - b.envelope.sequence!);
    expect(bySequence.map((c) => c.envelope.sequence)).toEqual([1, 2, 3]);
    for (const call of rx.calls) {
      expect(call.contentType).toBe('application/json');
      expect(Object.keys(JSON.parse(call.body))).toEqual(['id', 'event', 'createdAt', 'sequence', 'data']);
      expect(call.envelope.id).toMatch(/^whk_evt_[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(call.eventId).toBe(call.envelope.id);
      expect(call.envelope.event).toBe('customer.endorsement.granted');
      expect(call.envelope.data.id).toBe(customer.id);
      expectSigned(call, hook.secret);
    }
    expect(new Set(rx.calls.map((c) => c.envelope.id)).size).toBe(3);
    // Each event shows the customer as it was then, although the same object went on changing.
    const statuses = bySequence.map((c) => (c.envelope.data.endorsements as { status: string }[]).map((e) => e.status));
    expect(statuses).toEqual([
      ['active', 'pending', 'pending'],
      ['active', 'active', 'pending'],
      ['active', 'active', 'active'],
    ]);
    expect(bySequence[2]!.envelope.data).toEqual(customer);
  });

  it('numbers events per object: every customer starts again at 1', async () => {
    const { sandbox, rx, api } = await start();
    await api.hook('seq');
    const first = (await api.customer(['basic', 'usd'])).body;
    const second = (await api.customer(['basic', 'cryptoCustody', 'usd'])).body;
    await sandbox.idle();
    const sequences = (id: string) =>
      rx.calls
        .filter((c) => c.envelope.data.id === id)
        .map((c) => c.envelope.sequence)
        .sort();
    expect(sequences(first.id)).toEqual([1, 2]);
    expect(sequences(second.id)).toEqual([1, 2, 3]);
  });

  it('sends each subscription only the events it lists: exact, prefix wildcard, * or none for all', async () => {
    const { sandbox, rx, api } = await start();
    const subscriptions: [string, string[]][] = [
      ['exact', ['customer.endorsement.granted']],
      ['prefix', ['customer.*']],
      ['deepPrefix', ['customer.endorsement.*']],
      ['star', ['*']],
      ['empty', []],
      ['several', ['cashIn.*', 'customer.endorsement.granted']],
      ['otherExact', ['customer.endorsement.rejected']],
      ['otherPrefix', ['transaction.*']],
      ['notAPrefix', ['customer.endorse.*']],
    ];
    for (const [name, events] of subscriptions) await api.hook(name, { events });
    await api.hook('compliance', { complianceOnly: true });
    await api.customer();
    await sandbox.idle();
    const got = subscriptions
      .map(([name]) => name)
      .concat('compliance')
      .filter((name) => rx.to(`https://hooks.test/${name}`).length > 0);
    expect(got).toEqual(['exact', 'prefix', 'deepPrefix', 'star', 'empty', 'several']);
    expect(rx.calls).toHaveLength(6);
  });
});

describe('webhook delivery', () => {
  it('retries with backoff until a 2xx, with the same bytes and event id and a fresh timestamp', async () => {
    const { sandbox, rx, api } = await start({ retryDelaysMs: [0, 10, 20, 30] });
    const hook = await api.hook('flaky');
    rx.respond((_call, n) => {
      // Time moves on between attempts, so each signature must carry its own t.
      sandbox.clock.advance(1_000);
      if (n === 1) return 500;
      if (n === 2) throw new TypeError('fetch failed');
      return 200;
    });
    await api.customer();
    await sandbox.idle();

    expect(rx.calls).toHaveLength(3);
    expect(new Set(rx.calls.map((c) => c.body)).size).toBe(1);
    expect(new Set(rx.calls.map((c) => c.eventId)).size).toBe(1);
    const stamps = rx.calls.map((c) => expectSigned(c, hook.secret));
    expect(stamps[1]).toBeGreaterThan(stamps[0]!);
    expect(stamps[2]).toBeGreaterThan(stamps[1]!);

    const [delivery] = await api.deliveries(hook.id);
    expect(delivery).toMatchObject({ eventId: rx.calls[0]!.eventId, event: 'customer.endorsement.granted', sequence: 1, duplicate: false, state: 'delivered' });
    expect(delivery!.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, null],
      [3, 200],
    ]);
    expect(delivery!.attempts[1]!.error).toBe('fetch failed');
    const at = delivery!.attempts.map((a) => ms(a.at));
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1_000 + 10 - SLACK);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(1_000 + 20 - SLACK);
  });

  it('gives up after the last attempt and logs the delivery as failed', async () => {
    const { sandbox, rx, api } = await start({ retryDelaysMs: [0, 10, 20] });
    const hook = await api.hook('down');
    rx.respond(() => 503);
    await api.customer();
    await sandbox.idle();
    expect(rx.calls).toHaveLength(3);
    const [delivery] = await api.deliveries(hook.id);
    expect(delivery!.state).toBe('failed');
    expect(delivery!.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
    expect((await api.get(`/webhooks/${hook.id}`)).body).toMatchObject({ enabled: true, status: 'active' });
  });

  it('counts an attempt that outlasts timeoutMs as failed, even when fetch ignores the abort', async () => {
    const { sandbox, rx, api } = await start({ retryDelaysMs: [0, 5], timeoutMs: 30 });
    const hook = await api.hook('slow');
    const aborted: unknown[] = [];
    rx.respond(
      (_call, n, init) =>
        new Promise<number>((_, reject) => {
          // The first attempt honours the abort signal; the second hangs for ever.
          if (n === 1) {
            init?.signal?.addEventListener('abort', () => {
              aborted.push(init.signal?.reason);
              reject(init.signal?.reason);
            });
          }
        }),
    );
    await api.customer();
    await sandbox.idle();
    expect(rx.calls).toHaveLength(2);
    expect(aborted).toHaveLength(1);
    const [delivery] = await api.deliveries(hook.id);
    expect(delivery!.state).toBe('failed');
    expect(delivery!.attempts.map((a) => [a.status, a.error])).toEqual([
      [null, 'no answer within 30 ms'],
      [null, 'no answer within 30 ms'],
    ]);
  });

  it('disables the subscription on 410 Gone and stops; enabling it again resumes deliveries', async () => {
    const { sandbox, rx, api } = await start({ retryDelaysMs: [0, 10, 20] });
    const hook = await api.hook('gone');
    rx.respond(() => 410);
    await api.customer();
    await sandbox.idle();
    expect(rx.calls).toHaveLength(1);
    const after = (await api.get(`/webhooks/${hook.id}`)).body;
    expect(after).toMatchObject({ enabled: false, status: 'disabled' });
    expect(ms(after.updatedAt)).toBeGreaterThanOrEqual(ms(hook.updatedAt));
    expect((await api.deliveries(hook.id)).map((d) => d.state)).toEqual(['disabled']);

    await api.customer();
    await sandbox.idle();
    expect(rx.calls).toHaveLength(1);

    rx.respond(() => 200);
    expect((await api.patch(`/webhooks/${hook.id}`, { enabled: true })).body).toMatchObject({ enabled: true, status: 'active' });
    await api.customer();
    await sandbox.idle();
    expect(rx.calls).toHaveLength(2);
    expect((await api.deliveries(hook.id)).map((d) => d.state)).toEqual(['disabled', 'delivered']);
  });

  it('sends nothing to a disabled subscription', async () => {
    const { sandbox, rx, api } = await start();
    const hook = await api.hook('paused');
    await api.hook('live');
    await api.patch(`/webhooks/${hook.id}`, { enabled: false });
    await api.customer();
    await sandbox.idle();
    expect(rx.to('https://hooks.test/paused')).toHaveLength(0);
    expect(rx.to('https://hooks.test/live')).toHaveLength(1);
    expect(await api.deliveries(hook.id)).toEqual([]);
  });

  it('stops retrying when the subscription is disabled or deleted between attempts', async () => {
    const { sandbox, rx, api } = await start({ retryDelaysMs: [0, 10, 20] });
    const paused = await api.hook('pausedLater');
    const deleted = await api.hook('deletedLater');
    rx.respond(async (call) => {
      if (call.url === paused.url) await api.patch(`/webhooks/${paused.id}`, { enabled: false });
      else await api.del(`/webhooks/${deleted.id}`);
      return 500;
    });
    await api.customer();
    await sandbox.idle();
    expect(rx.to(paused.url)).toHaveLength(1);
    expect(rx.to(deleted.url)).toHaveLength(1);
    for (const id of [paused.id, deleted.id]) {
      const [delivery] = sandbox.webhooks.deliveries(id);
      expect(delivery!.state).toBe('cancelled');
      expect(delivery!.attempts).toHaveLength(1);
    }
  });

  it('delivers to the URL the subscription has at the time of each attempt', async () => {
    const { sandbox, rx, api } = await start();
    const hook = await api.hook('old');
    rx.respond(async () => {
      if (rx.calls.length > 1) return 200;
      await api.patch(`/webhooks/${hook.id}`, { url: 'https://hooks.test/new' });
      return 500;
    });
    await api.customer();
    await sandbox.idle();
    expect(rx.calls.map((c) => c.url)).toEqual(['https://hooks.test/old', 'https://hooks.test/new']);
  });
});

describe('webhook faults', () => {
  it('duplicateRate sends a delivery twice, same id and bytes; clearing it stops that', async () => {
    const { sandbox, rx, api } = await start();
    const hook = await api.hook('dup');
    sandbox.faults.webhooks = { duplicateRate: 1 };
    await api.customer();
    await sandbox.idle();
    expect(rx.calls).toHaveLength(2);
    expect(rx.calls[0]!.eventId).toBe(rx.calls[1]!.eventId);
    expect(rx.calls[0]!.body).toBe(rx.calls[1]!.body);
    expect((await api.deliveries(hook.id)).map((d) => [d.duplicate, d.state])).toEqual([
      [false, 'delivered'],
      [true, 'delivered'],
    ]);

    sandbox.faults.webhooks = {};
    await api.customer();
    await sandbox.idle();
    expect(rx.calls).toHaveLength(3);
  });

  it('delayMs holds every delivery back', async () => {
    const { sandbox, rx, api } = await start();
    const hook = await api.hook('late');
    sandbox.faults.webhooks = { delayMs: 40 };
    await api.customer(['basic', 'usd']);
    await sandbox.idle();
    expect(rx.calls).toHaveLength(2);
    for (const delivery of await api.deliveries(hook.id)) {
      expect(ms(delivery.attempts[0]!.at) - ms(delivery.createdAt)).toBeGreaterThanOrEqual(40 - SLACK);
    }
  });

  it('reorderWindowMs sends the batch held in the window in reverse order', async () => {
    const { sandbox, rx, api } = await start();
    await api.hook('shuffled');
    sandbox.faults.webhooks = { reorderWindowMs: 25 };
    await api.customer(['basic', 'cryptoCustody', 'usd']);
    await sandbox.idle();
    expect(rx.calls.map((c) => c.envelope.sequence)).toEqual([3, 2, 1]);

    sandbox.faults.webhooks = {};
    await api.customer(['basic', 'cryptoCustody', 'usd']);
    await sandbox.idle();
    expect(rx.calls.slice(3).map((c) => c.envelope.sequence)).toEqual([1, 2, 3]);
  });

  it('faults given at creation apply from the start', async () => {
    const { sandbox, rx, api } = await start({}, { faults: { webhooks: { duplicateRate: 1 } } });
    await api.hook('fromStart');
    await api.customer();
    await sandbox.idle();
    expect(rx.calls).toHaveLength(2);
  });
});

/** The sender on its own, for events no route emits yet (compliance holds, transactions). */
function bareSender() {
  const rx = receiver();
  const clock = createClock();
  const scheduler = new Scheduler();
  const options = { ...DEFAULT_OPTIONS, accounts: [], webhooks: { ...DEFAULT_OPTIONS.webhooks, retryDelaysMs: [0], fetch: rx.fetch } };
  const sender = createWebhookSender({ options, clock, scheduler, faults: new Faults(seededRandom(1)), newId: createIdFactory(clock.now) });
  const ledger = new Ledger({ id: 'acct_1', apiKey: 'sk_sdbx_x', apiSecret: 'x' });
  const addHook = (name: string, events: string[], complianceOnly = false) => {
    const at = clock.iso();
    const view = {
      id: `whk_${name}`,
      object: 'webhook' as const,
      url: `https://hooks.test/${name}`,
      events,
      enabled: true,
      status: 'active' as const,
      complianceOnly,
      createdAt: at,
      updatedAt: at,
    };
    ledger.webhooks.set(view.id, { view, secret: `whsec_${name}` });
  };
  return { rx, sender, ledger, scheduler, addHook };
}

describe('webhook sender', () => {
  it('sends compliance events only to complianceOnly subscriptions, and those nothing else', async () => {
    const { rx, sender, ledger, scheduler, addHook } = bareSender();
    addHook('all', []);
    addHook('transactions', ['transaction.*']);
    addHook('star', ['*']);
    addHook('complianceAll', [], true);
    addHook('complianceOnRamp', ['transaction.fiatToCrypto.*'], true);
    addHook('complianceCustomers', ['customer.*'], true);
    sender.publish(ledger, 'transaction.fiatToCrypto.underReview', { id: 'txn_1' });
    await scheduler.idle();
    expect(rx.calls.map((c) => c.url).sort()).toEqual(['https://hooks.test/complianceAll', 'https://hooks.test/complianceOnRamp']);

    rx.calls.length = 0;
    sender.publish(ledger, 'transaction.fiatToCrypto.completed', { id: 'txn_1' });
    await scheduler.idle();
    expect(rx.calls.map((c) => c.url).sort()).toEqual(['https://hooks.test/all', 'https://hooks.test/star', 'https://hooks.test/transactions']);
    expect(rx.calls.every((c) => c.envelope.sequence === 2)).toBe(true);
  });

  it('numbers events per object, whether or not anyone was subscribed', async () => {
    const { rx, sender, ledger, scheduler, addHook } = bareSender();
    sender.publish(ledger, 'transaction.fiatToCrypto.processing', { id: 'txn_a' });
    addHook('all', []);
    sender.publish(ledger, 'transaction.fiatToCrypto.processing', { id: 'txn_b' });
    sender.publish(ledger, 'transaction.fiatToCrypto.completed', { id: 'txn_a' });
    sender.publish(ledger, 'transaction.fiatToCrypto.completed', { id: 'txn_b' });
    await scheduler.idle();
    const seen = rx.calls.map((c) => `${c.envelope.data.id}#${c.envelope.sequence}`).sort();
    expect(seen).toEqual(['txn_a#2', 'txn_b#1', 'txn_b#2']);
  });

  it('snapshots the object at publish time', async () => {
    const { rx, sender, ledger, scheduler, addHook } = bareSender();
    addHook('all', []);
    const txn = { id: 'txn_1', status: 'processing', amount: { value: '10.00' } };
    sender.publish(ledger, 'transaction.fiatToCrypto.processing', txn);
    txn.status = 'completed';
    txn.amount.value = '0.00';
    await scheduler.idle();
    expect(rx.calls[0]!.envelope.data).toEqual({ id: 'txn_1', status: 'processing', amount: { value: '10.00' } });
  });

  it('never throws out of publish', async () => {
    const { rx, sender, ledger, scheduler, addHook } = bareSender();
    addHook('all', []);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const unclonable = { id: 'txn_1', callback: () => 1 };
      expect(() => sender.publish(ledger, 'transaction.fiatToCrypto.processing', unclonable)).not.toThrow();
      await scheduler.idle();
      expect(rx.calls).toHaveLength(0);
      expect(logged).toHaveBeenCalledOnce();
    } finally {
      logged.mockRestore();
    }
  });
});
