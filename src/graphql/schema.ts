import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import './enums.js';
import { DateTimeScalar, DecimalScalar, JSONObjectScalar } from './scalars.js';
import { QuoteResolver } from './quote/quote.resolver.js';
import { SellerResolver } from './seller/seller.resolver.js';
import { TransactionEventResolver } from './subscription/transaction-event.resolver.js';
import { TransactionLegResolver, TransactionResolver } from './transaction/transaction.resolver.js';
import { ViewerResolver } from './viewer/viewer.resolver.js';
import { FeeEntryResolver, PaymentTargetResolver, VirtualAccountResolver } from './virtual-account/virtual-account.resolver.js';
import { WalletResolver } from './wallet/wallet.resolver.js';

/** The gateway's GraphQL schema, built from the resolver classes (code first). */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      ViewerResolver,
      SellerResolver,
      WalletResolver,
      VirtualAccountResolver,
      PaymentTargetResolver,
      FeeEntryResolver,
      TransactionResolver,
      TransactionLegResolver,
      QuoteResolver,
      TransactionEventResolver,
    ],
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
