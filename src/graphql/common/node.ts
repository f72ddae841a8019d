import { Field, ID, InterfaceType } from 'type-graphql';

/** Object types by OMS id prefix: ids are the OMS's own, so the prefix says what an id names. */
export const NODE_PREFIXES = { cst_: 'Seller', wlt_: 'Wallet', va_: 'VirtualAccount', txn_: 'Transaction', qt_: 'Quote' } as const;
export type NodeTypeName = (typeof NODE_PREFIXES)[keyof typeof NODE_PREFIXES];

export function nodeTypeOf(id: string): NodeTypeName | undefined {
  for (const [prefix, type] of Object.entries(NODE_PREFIXES)) if (id.startsWith(prefix)) return type;
  return undefined;
}

@InterfaceType('Node', {
  description: 'An object with a globally unique id: the OMS id itself (cst_…, wlt_…, va_…, txn_…, qt_…).',
  resolveType: (value: { id: string }) => nodeTypeOf(value.id),
})
export abstract class Node {
  @Field(() => ID, { description: 'The OMS id; its prefix tells the type.' })
  id!: string;
}
