import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import { pageSize, toConnection } from '../common/connection.js';
import type { GatewayContext } from '../context.js';
import { Seller } from '../seller/seller.type.js';
import { CashInConnection } from './cash-in.type.js';

@Resolver(() => Seller)
export class SellerCashInsResolver {
  @FieldResolver(() => CashInConnection, { description: "The seller's cash-ins, newest first." })
  async cashIns(
    @Root() seller: Customer,
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'How many, 1 to 100.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Continue after this cursor.' }) after?: string | null,
  ) {
    const page = await ctx.loaders.cashInPage.load({
      customerId: seller.id,
      limit: pageSize(first ?? 20),
      startingAfter: ctx.cursors.decode(after, 'after', 'ci_'),
    });
    return toConnection(ctx.cursors, page.data, page.hasMore);
  }
}
