import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import type { LegModel } from '../transaction/transaction.map.js';
import { TransactionLeg } from '../transaction/transaction.type.js';
import { ExternalAccount } from './external-account.type.js';

@Resolver(() => TransactionLeg)
export class LegExternalAccountResolver {
  @FieldResolver(() => ExternalAccount, {
    nullable: true,
    description: "The external account on this side (a payout's bank); null when it is not the caller's to see.",
  })
  externalAccount(@Root() leg: LegModel, @Ctx() ctx: GatewayContext) {
    return leg.externalAccountId ? ctx.visible.externalAccount(leg.externalAccountId) : null;
  }
}
