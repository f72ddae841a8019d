import { Field, ObjectType, registerEnumType } from 'type-graphql';

@ObjectType({ description: 'Where a page of a connection starts and ends.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow the last one.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether items precede the first one (pass startCursor as `before` to get them, where the connection takes it).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item; pass it as `before` for the previous page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export const UserErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  NOT_FOUND: 'NOT_FOUND',
  ENDORSEMENT_REQUIRED: 'ENDORSEMENT_REQUIRED',
  INSUFFICIENT_BALANCE: 'INSUFFICIENT_BALANCE',
  QUOTE_EXPIRED: 'QUOTE_EXPIRED',
  QUOTE_ALREADY_ACCEPTED: 'QUOTE_ALREADY_ACCEPTED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  NOT_ALLOWED_IN_PRODUCTION: 'NOT_ALLOWED_IN_PRODUCTION',
  CASH_IN_EXPIRED: 'CASH_IN_EXPIRED',
  EXTERNAL_ID_TAKEN: 'EXTERNAL_ID_TAKEN',
  DESTINATION_NOT_SUPPORTED: 'DESTINATION_NOT_SUPPORTED',
} as const;
export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode];
registerEnumType(UserErrorCode, { name: 'UserErrorCode', description: 'Why a mutation did not do what was asked.' });

@ObjectType({ description: 'An expected failure of a mutation, tied to the input field that caused it.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field, e.g. ["input", "amount"].' })
  field!: string[] | null;

  @Field(() => UserErrorCode, { description: 'What went wrong, for programs.' })
  code!: UserErrorCode;

  @Field(() => String, { description: 'What went wrong, for people.' })
  message!: string;
}
