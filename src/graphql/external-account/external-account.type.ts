import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node.js';
import { DateTimeScalar } from '../scalars.js';
import { ExternalAccountStatus, ExternalAccountType } from './external-account.enums.js';

@ObjectType({ implements: Node, description: "A seller's own bank account, card or saved address outside OMS: where payouts go." })
export class ExternalAccount extends Node {
  @Field(() => ExternalAccountType, { description: 'A bank account, a card or a blockchain address.' }) type!: ExternalAccountType;
  @Field(() => ExternalAccountStatus, { description: 'Only a VERIFIED account receives payouts.' }) status!: ExternalAccountStatus;
  @Field(() => DateTimeScalar, { description: 'When it was registered.' }) createdAt!: string;
}
