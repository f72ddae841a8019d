import { Field, ID, InterfaceType } from 'type-graphql';

/** Which object type implements Node is told by the id prefix; the schema sets that from the registered resources. */
@InterfaceType('Node', { description: 'An object with a globally unique id: the OMS id itself, whose prefix tells its type (cst_…, wlt_…, txn_…).' })
export abstract class Node {
  @Field(() => ID, { description: 'The OMS id; its prefix tells the type.' })
  id!: string;
}
