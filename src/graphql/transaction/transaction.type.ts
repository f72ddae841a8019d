import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/common.type.js';
import { Node } from '../common/node.js';
import { Asset, Network } from '../common/enums.js';
import { FixedAmountSide } from '../quote/quote.enums.js';
import { TransactionStatus, TransactionType } from './transaction.enums.js';
import { DateTimeScalar, DecimalScalar } from '../scalars.js';

@ObjectType({ description: 'Fees taken on one side of a transaction; total = developer + oms + gas.' })
export class Fees {
  @Field(() => DecimalScalar, { description: 'All fees.' }) total!: string;
  @Field(() => DecimalScalar, { description: "The marketplace's own fee." }) developer!: string;
  @Field(() => DecimalScalar, { description: "OMS's fee." }) oms!: string;
  @Field(() => DecimalScalar, { description: 'Network gas paid by the customer.' }) gas!: string;
}

@ObjectType({ description: 'One side of a transaction or quote: what leaves or what arrives.' })
export class TransactionLeg {
  @Field(() => Asset, { description: 'The asset on this side.' }) asset!: Asset;
  @Field(() => Network, { description: 'The network or rail on this side.' }) network!: Network;
  @Field(() => DecimalScalar, { nullable: true, description: 'Before fees.' }) amountGross?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'After fees: amountGross - fees.total.' }) amountNet?: string | null;
  @Field(() => Fees, { nullable: true, description: 'Fees taken on this side.' }) fees?: Fees | null;
  @Field(() => String, { nullable: true, description: 'On-chain transaction hash, once there is one.' }) txHash?: string | null;
  @Field(() => String, { nullable: true, description: 'An address outside OMS, when money went there.' }) blockchainAddress?: string | null;
  @Field(() => ID, { nullable: true, description: 'An external account (bank account or saved address), when money went there.' }) externalAccountId?:
    | string
    | null;
}

@ObjectType({ description: 'The price of a conversion.' })
export class Rates {
  @Field(() => String, { description: 'Source and destination, e.g. "USD/USDC".' }) pair!: string;
  @Field(() => DecimalScalar, { description: 'Destination units per source unit, before fees.' }) exchangeRate!: string;
  @Field(() => DecimalScalar, { description: 'Destination net per source gross: what the customer really got.' }) effectiveRate!: string;
}

@ObjectType({ description: 'Why a transaction failed.' })
export class TransactionError {
  @Field(() => String, { description: 'OMS failure code, e.g. "bankRejected".' }) code!: string;
  @Field(() => String, { description: 'What happened.' }) message!: string;
}

@ObjectType({ implements: Node, description: 'Money moving: a deposit, a send or a payout.' })
export class Transaction extends Node {
  @Field(() => TransactionType, { description: 'What it converts.' }) type!: TransactionType;
  @Field(() => TransactionStatus, { description: 'Where it stands; it only moves forward.' }) status!: TransactionStatus;
  @Field(() => FixedAmountSide, { nullable: true, description: 'The side whose amount was fixed; deposits fix their source.' })
  fixedAmountSide?: FixedAmountSide | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'The gas you paid instead of the seller, when you sponsored it.' }) sponsorGasCost?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a payout is expected to reach the bank; null where OMS gives no estimate.' })
  estimatedArrival?: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was created.' }) createdAt!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it last changed.' }) updatedAt?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it completed; absent until then.' }) completedAt?: string | null;
}

@ObjectType({ description: 'A transaction in a connection, with its cursor.' })
export class TransactionEdge {
  @Field(() => String, { description: 'Pass as `after` to continue after this transaction.' }) cursor!: string;
  @Field(() => Transaction, { description: 'The transaction.' }) node!: Transaction;
}

@ObjectType({ description: 'A page of transactions, newest first.' })
export class TransactionConnection {
  @Field(() => [TransactionEdge], { description: 'The transactions of this page with their cursors.' }) edges!: TransactionEdge[];
  @Field(() => [Transaction], { description: 'The transactions of this page.' }) nodes!: Transaction[];
  @Field(() => PageInfo, { description: 'Where this page ends.' }) pageInfo!: PageInfo;
}
