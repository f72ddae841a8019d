import type { ResultOf, TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import type { GraphQLResponse, TestGateway } from './gateway.js';

/**
 * Sends the generated typed documents (test/generated) over the test gateway's HTTP, so a story's
 * results and variables are typed by the committed schema: asking for a field the schema lacks, or
 * passing a variable it does not take, fails to type-check.
 */

type AnyDocument = TypedDocumentNode<any, any>;

const printed = new WeakMap<DocumentNode, string>();

function text(document: DocumentNode): string {
  let query = printed.get(document);
  if (query === undefined) {
    query = print(document);
    printed.set(document, query);
  }
  return query;
}

/** The whole response, errors included: for stories about GraphQL errors. */
export function send<D extends AnyDocument>(
  t: TestGateway,
  token: string | undefined,
  document: D,
  variables?: VariablesOf<D>,
): Promise<GraphQLResponse<ResultOf<D>>> {
  return t.request<ResultOf<D>>(token, text(document), variables as Record<string, unknown> | undefined);
}

/** The data of a response that must have no GraphQL errors; otherwise fails with the errors it got. */
export async function data<D extends AnyDocument>(t: TestGateway, token: string | undefined, document: D, variables?: VariablesOf<D>): Promise<ResultOf<D>> {
  const response = await send(t, token, document, variables);
  if (response.errors?.length || !response.data) {
    throw new Error(`expected data without errors from ${operationName(document)}, got ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}

function operationName(document: DocumentNode): string {
  for (const definition of document.definitions) if (definition.kind === 'OperationDefinition' && definition.name) return definition.name.value;
  return 'an anonymous operation';
}
