import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import type { GatewayContext } from '../context.js';
import { Seller } from '../seller/seller.type.js';
import { Wallet } from './wallet.type.js';

@Resolver(() => Seller)
export class SellerWalletsResolver {
  @FieldResolver(() => [Wallet], { description: "The seller's wallets." })
  wallets(@Root() seller: Customer, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.walletsOf.load(seller.id);
  }
}
