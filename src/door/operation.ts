import { getOperationAST, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationTypeNode, type SelectionSetNode } from 'graphql';
import { ErrorCode, GatewayError } from '../errors.js';

/** The operation a request runs, and the root fields it selects (the names permissions are checked on). */
export interface ResolvedOperation {
  type: OperationTypeNode;
  name: string | null;
  fields: string[];
}

/**
 * The operation named by `operationName` (or the only one), with its root fields collected through
 * fragments. A field under @skip or @include is counted as selected: permissions err on refusing.
 */
export function operationOf(document: DocumentNode, operationName: string | null): ResolvedOperation | GatewayError {
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return new GatewayError(
      ErrorCode.BAD_REQUEST,
      operationName ? `The document has no operation named ${operationName}` : 'The document has several operations: name one in `operationName`',
    );
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const fields = new Set<string>();
  const seen = new Set<string>();
  const collect = (selections: SelectionSetNode): void => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return { type: operation.operation, name: operation.name?.value ?? null, fields: [...fields] };
}
