import { Field, Float, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/common.type.js';
import { Node } from '../common/node.js';
import { DateTimeScalar } from '../scalars.js';
import { CashInStatus } from './cash-in.enums.js';

@ObjectType({ description: 'What the seller takes to the retail counter.' })
export class CashDepositInstructions {
  @Field(() => String, { description: 'The code the seller shows at the counter.' }) code!: string;
  @Field(() => DateTimeScalar, { description: 'When the code lapses unused; refreshCashIn issues a new one.' }) expiresAt!: string;
  @Field(() => String, { nullable: true, description: 'The retail location the code is for.' }) locationName?: string | null;
  @Field(() => String, { nullable: true, description: 'Its street address.' }) locationAddress?: string | null;
}

@ObjectType({ implements: Node, description: 'Cash paid in at a retail counter with a deposit code, converted into stablecoins in a wallet.' })
export class CashIn extends Node {
  @Field(() => CashInStatus, { description: 'Where the cash-in stands.' }) status!: CashInStatus;
  @Field(() => DateTimeScalar, { description: 'When the cash-in was created.' }) createdAt!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the converted money arrived; absent until then.' }) completedAt?: string | null;
}

@ObjectType({ description: 'A retail counter that takes cash for a provider.' })
export class CashLocation {
  @Field(() => ID, { description: 'Pass as cashLocationId when creating a cash-in.' }) id!: string;
  @Field(() => String, { description: 'Pass back as cashLocationReference when creating a cash-in.' }) reference!: string;
  @Field(() => String, { description: 'The cash network, e.g. "GREENDOT".' }) provider!: string;
  @Field(() => String, { description: 'The store, e.g. "CVS Pharmacy #4521".' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Street address.' }) address?: string | null;
  @Field(() => String, { nullable: true, description: 'City.' }) city?: string | null;
  @Field(() => String, { nullable: true, description: 'State or region.' }) state?: string | null;
  @Field(() => String, { nullable: true, description: 'Postal code.' }) zipCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Country code, e.g. "US".' }) country?: string | null;
  @Field(() => Float, { nullable: true, description: 'Kilometres from the point asked about.' }) distance?: number | null;
}

@ObjectType({ description: 'A cash-in in a connection, with its cursor.' })
export class CashInEdge {
  @Field(() => String, { description: 'Pass as `after` to continue after this cash-in.' }) cursor!: string;
  @Field(() => CashIn, { description: 'The cash-in.' }) node!: CashIn;
}

@ObjectType({ description: 'A page of cash-ins, newest first.' })
export class CashInConnection {
  @Field(() => [CashInEdge], { description: 'The cash-ins of this page with their cursors.' }) edges!: CashInEdge[];
  @Field(() => [CashIn], { description: 'The cash-ins of this page.' }) nodes!: CashIn[];
  @Field(() => PageInfo, { description: 'Where this page ends.' }) pageInfo!: PageInfo;
}
