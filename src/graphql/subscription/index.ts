import { defineResource, type ResolverClasses } from '../resource.js';
import { TransactionEventResolver } from './transaction-event.resolver.js';

export const subscriptionResource = defineResource({ resolvers: (): ResolverClasses => [TransactionEventResolver] });
