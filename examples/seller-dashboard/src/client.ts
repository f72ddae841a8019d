import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import * as z from 'zod/mini';
import persistedDocuments from './generated/persisted-documents.json' with { type: 'json' };

/**
 * The page's GraphQL client: fetch for queries and mutations, graphql-ws for the one subscription
 * (live.ts). A lean client rather than Apollo Client or urql, because what those add is what this page
 * must not delegate: the activity stream's resume (after a reconnect both re-subscribe with the
 * variables they started with, so the cursor logic would be ours anyway), and a state built from a
 * snapshot plus events merged in order (state.ts), which a normalized cache would second-guess. What is
 * left is one POST and one decision per document, below; the bundle stays small.
 */

/** A document as codegen writes it for this page: its type, and its sha256 hash alone (see codegen.ts). */
export type Document<Result, Variables> = TypedDocumentNode<Result, Variables>;

/** What goes over the wire for one operation (HTTP body, or graphql-ws subscribe payload). */
export interface OperationPayload {
  query?: string;
  variables: Record<string, unknown>;
  extensions?: { persistedQuery: { version: 1; sha256Hash: string } };
}

const texts: Record<string, string> = persistedDocuments;

/**
 * The one place that decides how a document is sent. With `trustedDocuments`, its hash alone
 * (`extensions.persistedQuery`, the hex digest): the gateway runs the text it registered under that hash,
 * so the page cannot send anything else. Without, the registered text itself, exactly as
 * persisted-documents.json holds it (so a gateway that checks texts against its registry finds it).
 */
export function operationPayload<V>(document: Document<unknown, V>, variables: V, trustedDocuments: boolean): OperationPayload {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  const text = hash === undefined ? undefined : texts[hash];
  if (hash === undefined || text === undefined) throw new Error('A document missing from persisted-documents.json: run `npm run codegen`');
  const vars = (variables ?? {}) as Record<string, unknown>;
  if (!trustedDocuments) return { query: text, variables: vars };
  return { variables: vars, extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } } };
}

/** A GraphQL error from the gateway: its code (README: Errors) is what the page acts on. */
export class GatewayRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'GatewayRequestError';
  }
}

const ErrorSchema = z.object({
  message: z.string(),
  extensions: z.optional(z.object({ code: z.optional(z.string()), requestId: z.optional(z.string()) })),
});
const ResponseSchema = z.object({
  data: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  errors: z.optional(z.array(ErrorSchema)),
});

/** The first GraphQL error of an answer, as a GatewayRequestError. */
export function gatewayError(errors: readonly unknown[]): GatewayRequestError {
  const first = ErrorSchema.safeParse(errors[0]);
  if (!first.success) return new GatewayRequestError('The gateway answered an error without a message', 'UNKNOWN', undefined);
  const { message, extensions } = first.data;
  return new GatewayRequestError(message, extensions?.code ?? 'UNKNOWN', extensions?.requestId);
}

export interface HttpClient {
  request<R, V>(document: Document<R, V>, variables: V): Promise<R>;
}

/** Queries and mutations over HTTP POST, with the seller's token as bearer. */
export function createHttpClient(options: { endpoint: string; token: string; trustedDocuments: boolean }): HttpClient {
  return {
    async request<R, V>(document: Document<R, V>, variables: V): Promise<R> {
      let response: Response;
      try {
        response = await fetch(options.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            authorization: `Bearer ${options.token}`,
          },
          body: JSON.stringify(operationPayload(document, variables, options.trustedDocuments)),
        });
      } catch {
        throw new GatewayRequestError('The gateway could not be reached', 'NETWORK', undefined);
      }
      const parsed = ResponseSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new GatewayRequestError(`The gateway answered HTTP ${response.status} without a GraphQL response`, 'NETWORK', undefined);
      const { data, errors } = parsed.data;
      if (errors && errors.length > 0) throw gatewayError(errors);
      if (!data) throw new GatewayRequestError(`The gateway answered HTTP ${response.status} without data`, 'UNKNOWN', undefined);
      return data as R;
    },
  };
}
