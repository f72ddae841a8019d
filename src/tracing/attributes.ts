export { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * Span attribute names. Stable OpenTelemetry names come from @opentelemetry/semantic-conventions;
 * incubating ones are copied here, as that package asks (its `incubating` entry point may change in a
 * minor release); the gateway's own are under `gateway.` and `oms.`. Every value is bounded and none is
 * a secret: no token, no body, no variables.
 */

/** `query`, `mutation` or `subscription` (incubating: graphql.operation.type). */
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
/** The operation's name; absent for an anonymous one (incubating: graphql.operation.name). */
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
/** An OMS endpoint's path template, e.g. `/customers/{id}` (incubating: url.template). */
export const ATTR_URL_TEMPLATE = 'url.template';

/** The caller's tenant. */
export const ATTR_TENANT = 'gateway.tenant';
/** The request id the caller sees in X-Request-Id and in errors. */
export const ATTR_REQUEST_ID = 'gateway.request_id';
/** An operation's outcome: `OK` or the code of its first error; a webhook's: what became of it (webhook.ts). */
export const ATTR_OUTCOME = 'gateway.outcome';
/** Tenants a webhook event was logged for. */
export const ATTR_TENANTS = 'gateway.tenants';

/** `GET /customers/{id}`: method and template, as the OMS client names an endpoint in its stats and errors. */
export const ATTR_OMS_ENDPOINT = 'oms.endpoint';
/** HTTP attempts an OMS call took, retries and a re-authentication included. */
export const ATTR_OMS_ATTEMPTS = 'oms.attempts';
export const ATTR_OMS_ACCOUNT = 'oms.account';
/** The OMS event type of a webhook (`transaction.completed`), and its id. */
export const ATTR_OMS_EVENT = 'oms.event';
export const ATTR_OMS_EVENT_ID = 'oms.event_id';
