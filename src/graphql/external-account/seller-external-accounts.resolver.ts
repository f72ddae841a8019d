import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import type { GatewayContext } from '../context.js';
import { Seller } from '../seller/seller.type.js';
import { ExternalAccount } from './external-account.type.js';

@Resolver(() => Seller)
export class SellerExternalAccountsResolver {
  @FieldResolver(() => [ExternalAccount], { description: 'Bank accounts, cards and saved addresses the seller can withdraw to.' })
  externalAccounts(@Root() seller: Customer, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.externalAccountsOf.load(seller.id);
  }
}
