import {
  getNamedType,
  GraphQLID,
  GraphQLString,
  isInputObjectType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { GraphQLResponse } from './gateway.js';

/**
 * Every place in the schema where a caller hands the gateway an id: an argument of type ID (or a
 * list of them) on any field of any object type (Query, Mutation, Subscription and nested fields
 * alike), and every ID field reachable inside an input-object argument, through lists.
 *
 * Names: `Query.wallet(id)` for an ID argument itself, `Mutation.createQuote.input.sourceWalletId`
 * for a field inside an input argument, `[]` marking a list step
 * (`Mutation.createVirtualAccount.input.developerFees[].walletId`).
 */
export function idArgumentPaths(schema: GraphQLSchema): string[] {
  const paths: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        if (getNamedType(arg.type) === GraphQLID) paths.push(`${type.name}.${field.name}(${arg.name})`);
        else walkInput(arg.type, `${type.name}.${field.name}.${arg.name}`, paths, new Set());
      }
    }
  }
  return paths.sort();
}

function walkInput(type: GraphQLInputType, path: string, out: string[], seen: Set<string>): void {
  if (isNonNullType(type)) return walkInput(type.ofType, path, out, seen);
  if (isListType(type)) return walkInput(type.ofType, `${path}[]`, out, seen);
  if (!isInputObjectType(type)) return;
  // A recursive input type is walked once per path, not forever.
  if (seen.has(type.name)) return;
  const inner = new Set(seen).add(type.name);
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (named === GraphQLID) out.push(`${path}.${field.name}${isListType(unwrapNonNull(field.type)) ? '[]' : ''}`);
    else walkInput(field.type, `${path}.${field.name}`, out, inner);
  }
}

const unwrapNonNull = (type: GraphQLInputType): GraphQLInputType => (isNonNullType(type) ? type.ofType : type);

/**
 * Arguments that carry an id in disguise: a connection's `after` or `before` cursor (an OMS id, signed
 * for the caller it was given to), as `Query.sellers(after)` and `Query.sellers(before)`.
 */
export function cursorArgumentPaths(schema: GraphQLSchema): string[] {
  const paths: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        if ((arg.name === 'after' || arg.name === 'before') && getNamedType(arg.type) === GraphQLString) paths.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
  }
  return paths.sort();
}

/** A forged cursor naming an arbitrary id (unsigned: the gateway must refuse it). */
export const cursorOf = (id: string) => Buffer.from(`oms:${id}`).toString('base64url');

/**
 * A well-formed id of the same kind that names nothing: same prefix, a ULID no clock will reach.
 * Works for every OMS id (`cst_…`, `wlt_…`, `va_…`, `txn_…`, `qt_…`, `cpBcAddr_…`).
 */
export function missingIdLike(id: string): string {
  const underscore = id.indexOf('_');
  if (underscore < 0) throw new Error(`not a prefixed OMS id: ${id}`);
  return `${id.slice(0, underscore + 1)}01ZZZZZZZZZZZZZZZZZZZZZZZZ`;
}

/**
 * The whole response as a client sees it, minus what differs on every request: each error's
 * extensions.requestId. Two answers that are equal after this are indistinguishable to a caller.
 */
export function comparable(response: GraphQLResponse): unknown {
  const copy = structuredClone(response) as GraphQLResponse;
  for (const error of copy.errors ?? []) {
    if (error.extensions) delete error.extensions.requestId;
  }
  return copy;
}

/**
 * Records the OMS requests a gateway makes (pass `wrap` as startTestGateway's `omsFetch`), each as its
 * endpoint with every id blanked: "GET /wallets/{id}", "GET /customers?email&limit"; with `statuses`,
 * followed by the status OMS answered ("GET /wallets/{id} 404"). Two calls that took the same list cost
 * OMS the same work, whatever ids they named. Token exchanges are left out: when one falls is the
 * client's business, not the call's.
 */
export function omsRequestRecorder({ statuses = false } = {}): { wrap: (inner: typeof fetch) => typeof fetch; take(): string[] } {
  const requests: string[] = [];
  const endpointOf = (input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1]) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = url.pathname
      .replace(/^\/v[0-9.]+/, '')
      .split('/')
      .map((segment) => (/^[A-Za-z]+_[A-Za-z0-9]+$/.test(segment) ? '{id}' : segment))
      .join('/');
    const keys = [...new Set(url.searchParams.keys())].sort();
    return `${init?.method ?? 'GET'} ${path}${keys.length > 0 ? `?${keys.join('&')}` : ''}`;
  };
  return {
    wrap: (inner) => async (input, init) => {
      const endpoint = endpointOf(input, init);
      if (endpoint.endsWith(' /auth/token')) return inner(input, init);
      if (!statuses) requests.push(endpoint);
      const response = await inner(input, init);
      if (statuses) requests.push(`${endpoint} ${response.status}`);
      return response;
    },
    /** The requests since the last take, sorted: calls made side by side arrive in either order. */
    take: () => requests.splice(0).sort(),
  };
}
