import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import { pageSize, toConnection } from '../common/connection.js';
import type { GatewayContext } from '../context.js';
import { Seller } from '../seller/seller.type.js';
import { TransactionStatus, TransactionType } from './transaction.enums.js';
import { TransactionConnection } from './transaction.type.js';

@Resolver(() => Seller)
export class SellerTransactionsResolver {
  @FieldResolver(() => TransactionConnection, { description: 'Newest first.' })
  async transactions(
    @Root() seller: Customer,
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'How many, 1 to 100.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Continue after this cursor.' }) after?: string | null,
    @Arg('type', () => TransactionType, { nullable: true, description: 'Only transactions of this type.' }) type?: TransactionType | null,
    @Arg('status', () => TransactionStatus, { nullable: true, description: 'Only transactions in this status.' }) status?: TransactionStatus | null,
  ) {
    const page = await ctx.loaders.transactionPage.load({
      customerId: seller.id,
      limit: pageSize(first ?? 20),
      startingAfter: ctx.cursors.decode(after),
      type: type ?? undefined,
      status: status ?? undefined,
    });
    return toConnection(ctx.cursors, page.data, page.hasMore);
  }
}
