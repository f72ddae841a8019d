import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/common.type.js';
import { DateTimeScalar, DecimalScalar } from '../scalars.js';
import { Transaction } from '../transaction/transaction.type.js';
import { Wallet } from '../wallet/wallet.type.js';

@ObjectType({ description: "The tenant's own money: wallets that belong to no seller, and the developer fees paid into them." })
export class Treasury {
  /** Whose treasury; not a field: a treasury is always the caller's. */
  tenantId!: string;
}

@ObjectType({ description: "A developer fee credited to a treasury wallet: one transaction's fees to one wallet." })
export class FeeCredit {
  @Field(() => Transaction, { description: 'The transaction whose developer fee this is.' }) transaction!: Transaction;
  @Field(() => Wallet, { description: 'The treasury wallet it was paid into.' }) wallet!: Wallet;
  @Field(() => DecimalScalar, { description: "The fee, in the transaction's source asset (deposits convert one to one)." }) amount!: string;
  @Field(() => DateTimeScalar, { description: 'When it was credited: when the transaction completed.' }) occurredAt!: string;
}

@ObjectType({ description: 'A fee credit in a connection, with its cursor.' })
export class FeeCreditEdge {
  @Field(() => String, { description: 'Pass as `after` to continue after this credit.' }) cursor!: string;
  @Field(() => FeeCredit, { description: 'The fee credit.' }) node!: FeeCredit;
}

@ObjectType({ description: 'A page of fee credits, newest first.' })
export class FeeCreditConnection {
  @Field(() => [FeeCreditEdge], { description: 'The credits of this page with their cursors.' }) edges!: FeeCreditEdge[];
  @Field(() => [FeeCredit], { description: 'The credits of this page.' }) nodes!: FeeCredit[];
  @Field(() => PageInfo, { description: 'Where this page ends.' }) pageInfo!: PageInfo;
}
