import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { UserError } from '../common/common.type.js';
import { id } from '../common/inputs.js';
import { Seller } from '../seller/seller.type.js';

@InputType({ description: 'One seller session to end.' })
export class RevokeSellerSessionInput {
  @Field(() => ID, { description: 'The session: SellerSession.id when it was created, or viewer.sessionId of its token.' }) sessionId!: string;
}

export const revokeSellerSessionSchema = z.object({
  sessionId: z.string().regex(/^ses_[0-9A-Za-z]{16,64}$/, 'expected a session id (ses_…)'),
});

@ObjectType({ description: 'The session ended, or why not.' })
export class RevokeSellerSessionPayload {
  @Field(() => ID, { nullable: true, description: 'The session ended; null when none was.' }) revokedSessionId!: string | null;
  @Field(() => [UserError], { description: 'Why no session was ended; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'The seller whose sessions all end.' })
export class RevokeSellerSessionsInput {
  @Field(() => ID, { description: 'The seller.' }) sellerId!: string;
}

export const revokeSellerSessionsSchema = z.object({ sellerId: id('cst_', 'seller') });

@ObjectType({ description: "The seller's sessions ended, or why not." })
export class RevokeSellerSessionsPayload {
  @Field(() => Seller, { nullable: true, description: 'The seller; null when not found.' }) seller!: Seller | null;
  @Field(() => [ID], { nullable: true, description: 'The sessions that were live and are ended (possibly none); null when not found.' })
  revokedSessionIds!: string[] | null;
  @Field(() => [UserError], { description: 'Why no session was ended; empty on success.' }) userErrors!: UserError[];
}
