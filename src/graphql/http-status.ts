import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, HTTP_STATUS } from '../errors.js';

/**
 * The HTTP status of an answer that carries only errors, by the media type the client asked for, as
 * the GraphQL-over-HTTP spec sets it. A client that prefers `application/graphql-response+json`, or
 * names no type (no Accept: the spec's default since its 2025 watershed; or only wildcards), learns from
 * the status that nothing ran: 400 for a document that does not parse or validate, or variables that
 * do not coerce. A client that asks for `application/json` by name and prefers it is a legacy client,
 * for which the spec says a well-formed request is answered 200 whatever GraphQL errors it raised:
 * such clients read `errors`, and some treat any 4xx as a transport failure. Refusals that are not
 * GraphQL request errors (authentication, origin, limits, a malformed body) keep their status for all.
 */

/** GraphQL request errors: the request was well formed but its document or variables were not. */
const REQUEST_ERRORS: ReadonlySet<string> = new Set([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.BAD_USER_INPUT,
  // No document: the request named one by a hash nobody registered for its tenant, or sent text its tenant does not accept from it.
  ErrorCode.PERSISTED_QUERY_NOT_FOUND,
]);

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

/**
 * Whether an Accept header names application/json and ranks it above application/graphql-response+json
 * (by quality, then by order). Wildcards name neither. Written out rather than taken from `negotiator`,
 * which only Apollo and Express depend on.
 */
export function prefersPlainJson(accept: string | null | undefined): boolean {
  if (!accept) return false;
  const ranked = new Map<string, { q: number; at: number }>();
  accept.split(',').forEach((range, at) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (!ranked.has(type)) ranked.set(type, { q: q === undefined ? 1 : Number(q.slice(2)) || 0, at });
  });
  const json = ranked.get(JSON_TYPE);
  if (!json || json.q <= 0) return false;
  const graphql = ranked.get(GRAPHQL_RESPONSE_TYPE);
  return !graphql || json.q > graphql.q || (json.q === graphql.q && json.at < graphql.at);
}

/** The status of a refusal with this code, for a client sending this Accept header. */
export function refusalStatus(code: ErrorCode, accept: string | null | undefined): number {
  return REQUEST_ERRORS.has(code) && prefersPlainJson(accept) ? 200 : HTTP_STATUS[code];
}

/**
 * The same rule for what Apollo answers itself: variables that do not coerce are a 400 in Apollo
 * Server 5 (`status400ForVariableCoercionErrors`, deprecated as a way back, applies to every client
 * alike), so a legacy JSON client's 400 of request errors alone becomes 200 here.
 */
export function plainJsonStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data !== undefined || !errors?.length || !prefersPlainJson(request.http?.headers.get('accept'))) return;
          if (errors.every((e) => REQUEST_ERRORS.has(String(e.extensions?.code)))) response.http.status = 200;
        },
      };
    },
  };
}
