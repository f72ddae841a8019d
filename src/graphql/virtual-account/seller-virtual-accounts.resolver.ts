import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import type { GatewayContext } from '../context.js';
import { Seller } from '../seller/seller.type.js';
import { VirtualAccountStatus } from './virtual-account.enums.js';
import { VirtualAccount } from './virtual-account.type.js';

@Resolver(() => Seller)
export class SellerVirtualAccountsResolver {
  @FieldResolver(() => [VirtualAccount], { description: "The seller's virtual accounts; deleted ones only when asked for by status." })
  virtualAccounts(
    @Root() seller: Customer,
    @Ctx() ctx: GatewayContext,
    @Arg('status', () => VirtualAccountStatus, { nullable: true, description: 'Only accounts in this status.' }) status?: VirtualAccountStatus | null,
  ) {
    return ctx.loaders.virtualAccountsOf.load({ customerId: seller.id, status: status ?? undefined });
  }
}
