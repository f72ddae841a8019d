import { createGraphiQLFetcher, type Fetcher, type FetcherOpts, type FetcherParams } from '@graphiql/toolkit';
import { type OperationDefinitionNode, parse } from 'graphql';
import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';

/**
 * What the response pane shows while a subscription runs: every event received so far, newest last,
 * with their count; then how it ended. GraphiQL shows one value at a time (the last one a fetcher
 * yields), so each event yields the whole list again.
 */
export interface SubscriptionView {
  received: number;
  /** 'listening' until the server completes it ('completed') or it fails ('failed', with `error`). */
  state: 'listening' | 'completed' | 'failed';
  error?: string;
  events: FormattedExecutionResult<Record<string, unknown>, unknown>[];
}

export interface PlaygroundFetcherOptions {
  /** The GraphQL endpoint: HTTP at this URL, graphql-ws at the same URL with ws(s):. */
  url: string;
  /** The Authorization used when the headers editor has none; null for none. */
  authorization: string | null;
}

/**
 * GraphiQL's fetcher: queries and mutations over HTTP (GraphiQL's own fetcher, incremental delivery
 * included), subscriptions over graphql-ws, both with the headers editor's Authorization or, without
 * one, the page's (the demo key), so both transports act the same.
 */
export function createPlaygroundFetcher(options: PlaygroundFetcherOptions): Fetcher {
  const http = createGraphiQLFetcher({ url: options.url });
  const wsUrl = new URL(options.url);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';

  // A graphql-ws socket authenticates once, in connectionParams, and serves every operation sent over
  // it. So each distinct Authorization gets its own lazy client (and socket): a subscription always
  // runs as the headers it was started with, even while another tab runs under other ones.
  const clients = new Map<string | null, Client>();
  const clientFor = (authorization: string | null): Client => {
    let client = clients.get(authorization);
    if (!client) {
      client = createClient({ url: wsUrl.href, connectionParams: () => (authorization === null ? {} : { authorization }) });
      clients.set(authorization, client);
    }
    return client;
  };

  return (params: FetcherParams, opts?: FetcherOpts) => {
    const headers: Record<string, unknown> = { ...opts?.headers };
    let authorization = authorizationIn(headers);
    if (authorization === null && options.authorization !== null) authorization = headers.Authorization = options.authorization;
    const operation = operationIn(params);
    const sent = operation ? { ...params, operationName: operation.name?.value ?? null } : params;
    if (operation?.operation === 'subscription') return subscriptionList(clientFor(authorization), sent) as ReturnType<Fetcher>;
    return http(sent, { ...opts, headers });
  };
}

/**
 * The operation a run sends, read from its own query text. GraphiQL re-reads the editor (its AST and
 * operation name, which it hands the fetcher) 100 ms after it changes, so a run just after switching
 * tabs comes with the previous tab's: a subscription would go over HTTP, named after an operation the
 * query does not hold. A name the query holds picks that operation; otherwise a query of one operation
 * is that one. Null when it does not parse or names none of several: the gateway's error tells why.
 */
function operationIn(params: FetcherParams): OperationDefinitionNode | null {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(params.query).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  } catch {
    return null;
  }
  const named = params.operationName ? operations.find((o) => o.name?.value === params.operationName) : undefined;
  return named ?? (operations.length === 1 ? (operations[0] ?? null) : null);
}

function authorizationIn(headers: Record<string, unknown>): string | null {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'authorization');
  return name === undefined ? null : String(headers[name]);
}

interface Observer<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * The subscription as an Observable of SubscriptionViews: the empty list at once (so the pane shows it
 * is listening), then the list again after each event. An error ends the list rather than replacing
 * it, so what came before stays on screen. GraphiQL's stop button unsubscribes.
 */
export function subscriptionList(client: Pick<Client, 'subscribe'>, params: FetcherParams) {
  return {
    subscribe(observer: Observer<SubscriptionView>) {
      const events: FormattedExecutionResult<Record<string, unknown>, unknown>[] = [];
      const show = (state: SubscriptionView['state'], error?: string) =>
        observer.next({ received: events.length, state, ...(error === undefined ? {} : { error }), events: [...events] });
      show('listening');
      const unsubscribe = client.subscribe(
        { query: params.query, variables: params.variables ?? undefined, operationName: params.operationName ?? undefined },
        {
          next(result) {
            events.push(result);
            show('listening');
          },
          error(error) {
            show('failed', describe(error));
            observer.complete();
          },
          complete() {
            show('completed');
            observer.complete();
          },
        },
      );
      return { unsubscribe };
    },
  };
}

/** graphql-ws errors: a CloseEvent (the server closed the socket), GraphQL errors, or an Error. */
function describe(error: unknown): string {
  if (typeof CloseEvent !== 'undefined' && error instanceof CloseEvent) return `the socket closed: ${error.code} ${error.reason}`.trim();
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e.message ?? String(e)).join('; ');
  return error instanceof Error ? error.message : String(error);
}
