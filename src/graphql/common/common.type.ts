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
registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation did not do what was asked. The README lists what a client should do for each.',
  valuesConfig: {
    INVALID_INPUT: {
      description:
        'An input field is not acceptable (format, length, a combination OMS does not take; `field` names it): fix it. Also a mutation still running under the same idempotency key: retry it shortly with the same key.',
    },
    INVALID_AMOUNT: {
      description:
        'An amount is not positive, has more decimals than its asset, is over a trillion or does not cover the fees, or a fee rate is not a fraction between 0 and 1: fix it.',
    },
    NOT_FOUND: { description: "Something the input refers to does not exist, or is not the caller's (the two look the same): check the id." },
    ENDORSEMENT_REQUIRED: { description: 'The seller lacks the ACTIVE endorsement this needs (see EndorsementName): wait for its review, then try again.' },
    INSUFFICIENT_BALANCE: { description: 'The wallet does not hold the amount plus the fees: fund it or lower the amount.' },
    QUOTE_EXPIRED: { description: 'The quote lapsed before it was executed: create a new quote and execute that.' },
    QUOTE_ALREADY_ACCEPTED: { description: 'The quote was executed already (under another idempotency key): read its transaction; nothing moved twice.' },
    IDEMPOTENCY_KEY_REUSED: {
      description: 'This idempotency key was used before with a different input: use a new key for a new operation, or the same input to replay the first.',
    },
    NOT_ALLOWED_IN_PRODUCTION: { description: 'A sandbox-only mutation against a production OMS account: nothing was sent.' },
    CASH_IN_EXPIRED: { description: 'The deposit code lapsed: refreshCashIn issues a new one for the same cash-in.' },
    EXTERNAL_ID_TAKEN: {
      description:
        "Another seller of the tenant has this externalId, or a create with it is still under way (retry shortly to get that seller): use the seller's own externalId.",
    },
    DESTINATION_NOT_SUPPORTED: {
      description:
        'The destination cannot receive this asset or network, or cannot receive payouts (an account not VERIFIED, a card); `field` names what does not fit.',
    },
  } satisfies Record<keyof typeof UserErrorCode, { description: string }>,
});

@ObjectType({ description: 'An expected failure of a mutation, tied to the input field that caused it.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field, e.g. ["input", "amount"].' })
  field!: string[] | null;

  @Field(() => UserErrorCode, { description: 'What went wrong, for programs.' })
  code!: UserErrorCode;

  @Field(() => String, { description: 'What went wrong, for people.' })
  message!: string;
}
