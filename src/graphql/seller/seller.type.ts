import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/common.type.js';
import { Node } from '../common/node.js';
import { EndorsementName, EndorsementStatus, SellerStatus } from './seller.enums.js';
import { DateTimeScalar } from '../scalars.js';

@ObjectType({ description: 'A capability of a seller and where its review stands.' })
export class Endorsement {
  @Field(() => EndorsementName, { description: 'Which capability.' })
  name!: EndorsementName;

  @Field(() => EndorsementStatus, { description: 'Only ACTIVE endorsements allow what they name.' })
  status!: EndorsementStatus;
}

@ObjectType({ implements: Node, description: "A marketplace's seller: an OMS customer of the caller's tenant." })
export class Seller extends Node {
  @Field(() => String, { nullable: true, description: "The tenant's own id for this seller; unique within the tenant." })
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Given name.' })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Family name.' })
  lastName?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number in E.164 form.' })
  phone?: string | null;

  @Field(() => SellerStatus, { description: 'Whether the seller can transact.' })
  status!: SellerStatus;

  @Field(() => [Endorsement], { description: 'Capabilities requested for the seller and their review status.' })
  endorsements!: Endorsement[];

  @Field(() => DateTimeScalar, { description: 'When the seller was created.' })
  createdAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the seller last changed.' })
  updatedAt?: string | null;
}

@ObjectType({ description: 'A seller in a connection, with its cursor.' })
export class SellerEdge {
  @Field(() => String, { description: 'Pass as `after` to continue after this seller.' })
  cursor!: string;

  @Field(() => Seller, { description: 'The seller.' })
  node!: Seller;
}

@ObjectType({ description: 'A page of sellers, newest first.' })
export class SellerConnection {
  @Field(() => [SellerEdge], { description: 'The sellers of this page with their cursors.' })
  edges!: SellerEdge[];

  @Field(() => [Seller], { description: 'The sellers of this page.' })
  nodes!: Seller[];

  @Field(() => PageInfo, { description: 'Where this page ends.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'Who the token belongs to: a tenant.' })
export class Tenant {
  @Field(() => ID, { description: "The tenant's id." })
  id!: string;

  @Field(() => String, { description: "The tenant's name." })
  name!: string;
}
