import { defineResource, type ResolverClasses } from '../resource.js';
import { ActivityResolver, BalanceChangeResolver } from './activity.resolver.js';
import { TransactionEventResolver } from './transaction-event.resolver.js';

export const subscriptionResource = defineResource({ resolvers: (): ResolverClasses => [TransactionEventResolver, ActivityResolver, BalanceChangeResolver] });
