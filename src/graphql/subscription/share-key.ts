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
/** Where a subscription starts: after a cursor, from now on (no `after`), or not known here (a literal, a default). */
export type Start = { after: string } | 'now' | undefined;

/** What a document's root field takes as `after`: nothing, a variable used for nothing else, or anything else. */
type AfterOf = { kind: 'absent' } | { kind: 'variable'; name: string; defaulted: boolean } | { kind: 'other' };

export function createShareKeys() {
  // Per document (the door caches documents by text, so each is parsed once).
  const afterOf = new WeakMap<DocumentNode, AfterOf>();

  function analyse(document: DocumentNode, operationName: string | null): AfterOf {
    const operation = getOperationAST(document, operationName);
    const root = operation?.selectionSet.selections.length === 1 ? operation.selectionSet.selections[0] : undefined;
    if (root?.kind !== Kind.FIELD) return { kind: 'other' };
    const after = root.arguments?.find((argument) => argument.name.value === 'after')?.value;
    if (!after) return { kind: 'absent' };
    if (after.kind !== Kind.VARIABLE) return { kind: 'other' };
    const name = after.name.value;
    let uses = 0;
    visit(document, {
      enter(node) {
        if (node.kind === Kind.VARIABLE_DEFINITION) return false; // the declaration is no use
        if (node.kind === Kind.VARIABLE && node.name.value === name) uses += 1;
        return undefined;
      },
    });
    const defaulted = operation!.variableDefinitions?.some((definition) => definition.variable.name.value === name && definition.defaultValue) ?? false;
    return uses === 1 ? { kind: 'variable', name, defaulted } : { kind: 'other' };
  }

  /** The key, and where the subscription starts, as far as its document and variables tell. */
  return (request: ShareRequest): { key: string; start: Start } => {
    const known = afterOf.get(request.document) ?? analyse(request.document, request.operationName);
    afterOf.set(request.document, known);
    const skip = known.kind === 'variable' ? known.name : undefined;
    const variables = Object.entries(request.variables ?? {})
      .filter(([name]) => name !== skip)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify([
      visibilityOf(request.caller),
      request.operationName,
      request.query,
      variables.map(([name, value]) => [name, canonical(value)]),
    ]);
    return { key, start: startOf(known, request.variables) };
  };
}

function startOf(known: AfterOf, variables: ShareRequest['variables']): Start {
  if (known.kind === 'absent') return 'now';
  if (known.kind === 'other') return undefined;
  const value = variables?.[known.name];
  if (typeof value === 'string') return { after: value };
  // An explicit null is no cursor; an absent value takes the variable's default, if it has one.
  if (value === null || (value === undefined && !known.defaulted)) return 'now';
  return undefined;
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
