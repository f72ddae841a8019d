import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import type { GatewayContext } from '../context.js';
import { Seller } from '../seller/seller.type.js';
import { DepositAddressStatus } from './deposit-address.enums.js';
import { DepositAddress } from './deposit-address.type.js';

@Resolver(() => Seller)
export class SellerDepositAddressesResolver {
  @FieldResolver(() => [DepositAddress], { description: "The seller's deposit addresses; deleted ones only when asked for by status." })
  depositAddresses(
    @Root() seller: Customer,
    @Ctx() ctx: GatewayContext,
    @Arg('status', () => DepositAddressStatus, { nullable: true, description: 'Only addresses in this status.' }) status?: DepositAddressStatus | null,
  ) {
    return ctx.loaders.depositAddressesOf.load({ customerId: seller.id, status: status ?? undefined });
  }
}
