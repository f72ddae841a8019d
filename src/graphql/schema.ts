import 'reflect-metadata';
import { assertInterfaceType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { nodeKinds, resources } from './resources.js';
import { DateTimeScalar, DecimalScalar, JSONObjectScalar } from './scalars.js';

/** The gateway's GraphQL schema, built from the resolver classes (code first). */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    // biome-ignore lint/complexity/noBannedTypes: type-graphql takes resolver classes as Function
    resolvers: resources.flatMap((resource) => resource.resolvers()) as unknown as NonEmptyArray<Function>,
    scalarsMap: [
      { type: DecimalScalar.constructor, scalar: DecimalScalar },
      { type: DateTimeScalar.constructor, scalar: DateTimeScalar },
      { type: JSONObjectScalar.constructor, scalar: JSONObjectScalar },
    ],
    validate: false,
    // type-graphql refuses subscriptions without a PubSub, though ours each bring their own
    // `subscribe` (the event log). This one is never used, and says so if it ever is.
    pubSub: {
      publish: () => {
        throw new Error('subscriptions read the event log; nothing publishes through type-graphql');
      },
      subscribe: () => {
        throw new Error('subscriptions read the event log; nothing subscribes through type-graphql');
      },
    },
  });
  // Objects are OMS's plain JSON, not class instances: the id prefix tells the type.
  assertInterfaceType(schema.getType('Node')).resolveType = (value: { id: string }) => nodeKinds.find((node) => value.id.startsWith(node.prefix))?.type;
  // type-graphql cannot describe the root types; the contract wants every type described.
  schema.getQueryType()!.description = 'What a tenant or seller token can read.';
  schema.getMutationType()!.description = 'What a tenant or seller token can change. Expected failures come back as userErrors.';
  schema.getSubscriptionType()!.description = 'What a dashboard can watch live, over graphql-ws on the same URL.';
  return schema;
}

/** The SDL committed as schema/schema.graphql: sorted, so the file only changes when the schema does. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
