import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import { omsPage, pageConnection, pageRequest, RelayPageArgs } from '../common/paging.js';
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
    @Info() info: GraphQLResolveInfo,
    @Args(() => RelayPageArgs) page: RelayPageArgs,
    @Arg('type', () => TransactionType, { nullable: true, description: 'Only transactions of this type.' }) type?: TransactionType | null,
    @Arg('status', () => TransactionStatus, { nullable: true, description: 'Only transactions in this status.' }) status?: TransactionStatus | null,
  ) {
    const request = pageRequest(ctx.cursors, page, info, 'txn_');
    const found = await ctx.loaders.transactionPage.load({ customerId: seller.id, ...omsPage(request), type: type ?? undefined, status: status ?? undefined });
    return pageConnection(ctx.cursors, request, found);
  }
}
