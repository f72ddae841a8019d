import { getOperationAST, Kind, visit, type DocumentNode } from 'graphql';
import type { Caller } from '../../tenancy/caller.js';

/**
 * What decides how a caller sees an event, and nothing more: the tenant and role, and for a seller
 * token its seller (ownership.ts: `deliverable`, `canSee`, `subStatusFor`, `metadataFor`,
 * `developerFeesFor`; the tenant's seller policy comes with the tenant). A seller's sessions differ
 * only in what no type under Subscription reads (`Viewer.sessionId`; the schema test holds that).
 */
export function visibilityOf(caller: Caller): string {
  return caller.role === 'seller' ? `seller:${caller.tenant.id}:${caller.sellerId}` : `tenant:${caller.tenant.id}`;
}

/** What identifies a subscription's answers to every event: the same key, the same payload. */
export interface ShareRequest {
  caller: Caller;
  /** The document as sent, and as parsed by the door. */
  query: string;
  document: DocumentNode;
  operationName: string | null;
  variables: Readonly<Record<string, unknown>> | null | undefined;
}

/**
 * Keys of subscriptions whose events execute to the same payload: same visibility, same document
 * text and operation, same variables, except a variable that is only the root field's `after` (where
 * a subscriber starts changes which events it gets, never how one looks). Two subscribers with
 * equal keys may share one execution per event; any difference in what they sent keeps them apart.
 */
export function createShareKeys() {
  // Per document (the door caches documents by text, so each is parsed once): its after-only variable.
  const afterOnly = new WeakMap<DocumentNode, string | null>();

  function afterVariable(document: DocumentNode, operationName: string | null): string | null {
    const known = afterOnly.get(document);
    if (known !== undefined) return known;
    const operation = getOperationAST(document, operationName);
    const root = operation?.selectionSet.selections.length === 1 ? operation.selectionSet.selections[0] : undefined;
    const after = root?.kind === Kind.FIELD ? root.arguments?.find((argument) => argument.name.value === 'after')?.value : undefined;
    let name: string | null = after?.kind === Kind.VARIABLE ? after.name.value : null;
    if (name !== null) {
      let uses = 0;
      visit(document, {
        enter(node) {
          if (node.kind === Kind.VARIABLE_DEFINITION) return false; // the declaration is no use
          if (node.kind === Kind.VARIABLE && node.name.value === name) uses += 1;
          return undefined;
        },
      });
      if (uses !== 1) name = null;
    }
    afterOnly.set(document, name);
    return name;
  }

  /** The key, and where the subscription starts when its `after` is that variable (undefined: not given, or not so). */
  return (request: ShareRequest): { key: string; after: string | undefined } => {
    const skip = afterVariable(request.document, request.operationName);
    const variables = Object.entries(request.variables ?? {})
      .filter(([name]) => name !== skip)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify([
      visibilityOf(request.caller),
      request.operationName,
      request.query,
      variables.map(([name, value]) => [name, canonical(value)]),
    ]);
    const after = skip === null ? undefined : request.variables?.[skip];
    return { key, after: typeof after === 'string' ? after : undefined };
  };
}

/** A JSON value with its objects' keys sorted, so equal variables give equal text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonical(v)]),
  );
}
