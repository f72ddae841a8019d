import { Field, ObjectType } from 'type-graphql';
import { Asset, Network } from '../common/enums.js';
import { Node } from '../common/node.js';
import { DateTimeScalar } from '../scalars.js';
import { DepositAddressStatus } from './deposit-address.enums.js';

@ObjectType({ description: 'Where and what a sender sends to a deposit address.' })
export class DepositInstructions {
  @Field(() => String, { description: 'The on-chain address to send to.' }) address!: string;
  @Field(() => Asset, { description: 'The token to send; anything else is not forwarded.' }) asset!: Asset;
  @Field(() => Network, { description: 'The blockchain to send on.' }) network!: Network;
}

@ObjectType({ implements: Node, description: "A seller's on-chain address whose deposits are forwarded, less fees, to a wallet or address." })
export class DepositAddress extends Node {
  @Field(() => DepositAddressStatus, { description: 'ACTIVE forwards deposits; PAUSED leaves new ones unprocessed; DELETED is gone.' })
  status!: DepositAddressStatus;
  @Field(() => String, { nullable: true, description: 'Your label.' }) label?: string | null;
  @Field(() => DateTimeScalar, { description: 'When the address was created.' }) createdAt!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the address last changed.' }) updatedAt?: string | null;
}
