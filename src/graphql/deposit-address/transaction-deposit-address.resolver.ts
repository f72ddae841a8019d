import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Transaction as OmsTransaction } from '../../oms/schemas/index.js';
import type { GatewayContext } from '../context.js';
import { Transaction } from '../transaction/transaction.type.js';
import { DepositAddress } from './deposit-address.type.js';

@Resolver(() => Transaction)
export class TransactionDepositAddressResolver {
  @FieldResolver(() => DepositAddress, { nullable: true, description: 'The deposit address a crypto deposit arrived through.' })
  depositAddress(@Root() txn: OmsTransaction, @Ctx() ctx: GatewayContext) {
    return txn.depositAddressId ? ctx.visible.depositAddress(txn.depositAddressId) : null;
  }
}
