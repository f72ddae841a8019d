import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ActivityDocument, type ActivitySubscription, type ActivitySubscriptionVariables } from '../generated/graphql.js';
import { mark, unique } from '../webhooks/support.js';
import type { TestGateway } from './gateway.js';
import { MARKER } from './markers.js';

export type Activity = ActivitySubscription['activity'];

export interface ActivityWatcher {
  /** What was pushed, the tests' markers left out. */
  readonly received: Activity[];
  /** Resolves with everything received once `done` holds for it; fails after `ms`, naming what came. */
  until(done: (received: Activity[]) => boolean, what: string, ms?: number): Promise<Activity[]>;
  /** Appends a marker deliverable to this watcher and resolves with what came before it: nothing else was pushed up to now. */
  quiet(ms?: number): Promise<Activity[]>;
  close(): Promise<void>;
}

/**
 * A dashboard's `activity` subscription with `token`, for `who` (its tenant, and the seller a marker
 * must name to reach it). Unless `after` is given it starts after a fresh marker of the log, so it
 * gets everything appended later whenever the server starts reading.
 */
export async function watchActivity(
  t: TestGateway,
  token: string,
  who: { tenant: string; sellerId?: string },
  variables: ActivitySubscriptionVariables = {},
): Promise<ActivityWatcher> {
  const after = variables.after ?? (await mark(t, who.tenant, who.sellerId ? [who.sellerId] : []));
  const received: Activity[] = [];
  const markers = new Set<string>();
  const waiters = new Set<() => void>();
  let failure: Error | undefined;
  const client = createClient({
    url: t.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const wake = () => {
    for (const w of waiters) w();
  };
  client.subscribe<ActivitySubscription>(
    { query: print(ActivityDocument), variables: { ...variables, after } },
    {
      next: (value) => {
        const pushed = value.data?.activity;
        if (value.errors) failure = new Error(`the subscription answered errors: ${JSON.stringify(value.errors)}`);
        else if (pushed?.event === MARKER) markers.add(pushed.transaction!.id);
        else if (pushed) received.push(pushed);
        wake();
      },
      error: (error) => {
        failure = new Error(`the subscription failed: ${JSON.stringify(error)}`);
        wake();
      },
      complete: () => {},
    },
  );

  function until(done: (got: Activity[]) => boolean, what: string, ms = 5_000): Promise<Activity[]> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve([...received]);
      };
      const check = () => {
        if (failure) finish(failure);
        else if (done(received)) finish();
      };
      const timer = setTimeout(() => finish(new Error(`timed out after ${ms} ms waiting for ${what}; received ${JSON.stringify(received)}`)), ms);
      waiters.add(check);
      check();
    });
  }

  return {
    received,
    until,
    async quiet(ms = 5_000) {
      const id = `txn_marker_${unique('m')}`;
      await mark(t, who.tenant, who.sellerId ? [who.sellerId] : [], id);
      return until(() => markers.has(id), `the marker ${id}`, ms);
    },
    close: () => client.dispose() as Promise<void>,
  };
}
