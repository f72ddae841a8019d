import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Transaction as OmsTransaction } from '../../oms/schemas/index.js';
import type { GatewayContext } from '../context.js';
import { Transaction } from '../transaction/transaction.type.js';
import { CashIn } from './cash-in.type.js';

@Resolver(() => Transaction)
export class TransactionCashInResolver {
  @FieldResolver(() => CashIn, { nullable: true, description: 'The cash-in a deposit was paid in through.' })
  cashIn(@Root() txn: OmsTransaction, @Ctx() ctx: GatewayContext) {
    return txn.cashInId ? ctx.visible.cashIn(txn.cashInId) : null;
  }
}
