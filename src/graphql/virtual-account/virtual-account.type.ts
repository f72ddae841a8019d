import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node.js';
import { AccountholderName, VirtualAccountStatus } from './virtual-account.enums.js';
import { Asset, FeeType, Network } from '../common/enums.js';
import { DateTimeScalar, DecimalScalar } from '../scalars.js';

@ObjectType({ description: 'The US bank account details a payer sends ACH or wire transfers to.' })
export class BankDetails {
  @Field(() => String, { description: 'The receiving bank.' }) bankName!: string;
  @Field(() => String, { description: 'The account number, unique to this virtual account.' }) accountNumber!: string;
  @Field(() => String, { description: 'The ABA routing number.' }) routingNumber!: string;
  @Field(() => String, { description: 'E.g. "checking".' }) accountType!: string;
  @Field(() => String, { description: 'The name on the account.' }) ownerName!: string;
  @Field(() => String, { description: 'A reference unique to this virtual account.' }) reference!: string;
}

@ObjectType({ description: 'Where money is sent: an OMS wallet, a blockchain address or an external account.' })
export class PaymentTarget {
  @Field(() => String, { nullable: true, description: 'A blockchain address outside OMS.' }) blockchainAddress!: string | null;
  @Field(() => ID, { nullable: true, description: 'An external account id.' }) externalAccountId!: string | null;
  @Field(() => Asset, { description: 'The asset that arrives.' }) asset!: Asset;
  @Field(() => Network, { description: 'The network it arrives on.' }) network!: Network;
}

@ObjectType({ description: 'One fee: a fraction of the amount, or a fixed amount.' })
export class FeeEntry {
  @Field(() => FeeType, { description: 'PERCENTAGE or FIXED.' }) type!: FeeType;
  @Field(() => DecimalScalar, { nullable: true, description: 'Fraction for PERCENTAGE ("0.010" is 1%).' }) rate!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Amount for FIXED.' }) amount!: string | null;
}

@ObjectType({ description: 'How OMS charges, published before any deposit.' })
export class FeeSchedule {
  @Field(() => Asset, { description: 'The currency fixed fees are in.' }) currency!: Asset;
  @Field(() => [FeeEntry], { description: 'The fees, added up.' }) entries!: FeeEntry[];
}

@ObjectType({ implements: Node, description: 'A dedicated US bank account number whose deposits arrive as stablecoins in a wallet.' })
export class VirtualAccount extends Node {
  @Field(() => VirtualAccountStatus, { description: 'ACTIVE accepts deposits; PAUSED refuses new ones; DELETED is gone.' }) status!: VirtualAccountStatus;
  @Field(() => String, { nullable: true, description: 'Your label.' }) label?: string | null;
  @Field(() => String, { nullable: true, description: 'A memo shown on the bank side.' }) bankMemo?: string | null;
  @Field(() => AccountholderName, { description: 'Whose name is on the account.' }) accountholderName!: AccountholderName;
  @Field(() => BankDetails, { description: 'What a payer needs to send money to this account.' }) bankDetails!: BankDetails;
  @Field(() => DateTimeScalar, { description: 'When the account was created.' }) createdAt!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the account last changed.' }) updatedAt?: string | null;
}
