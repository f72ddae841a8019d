import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { UserError } from '../common/common.type.js';
import { amountInput, id, idempotencyKeyInput, line, optional } from '../common/inputs.js';
import { DecimalScalar } from '../scalars.js';
import { CashIn } from './cash-in.type.js';

/** Cash is counted in dollars and cents: a positive amount with at most 2 decimals. */
const dollars = amountInput('usd');

@InputType({ description: 'A deposit code for a seller to pay cash in at a retail counter.' })
export class CreateCashInInput {
  @Field(() => ID, { description: 'The seller paying in.' }) sellerId!: string;
  @Field(() => ID, { description: "The seller's wallet the converted money arrives in; it sets the asset and network." }) destinationWalletId!: string;
  @Field(() => DecimalScalar, { description: 'The amount the seller means to pay in, in USD.' }) amount!: string;
  @Field(() => ID, { description: 'A cash location id from cashLocations.' }) cashLocationId!: string;
  @Field(() => String, { description: "That location's reference, as cashLocations gave it." }) cashLocationReference!: string;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the input when absent, so two identical cash-ins need two keys.' })
  idempotencyKey?: string | null;
}

export const createCashInSchema = z.object({
  sellerId: id('cst_', 'seller'),
  destinationWalletId: id('wlt_', 'wallet'),
  amount: dollars,
  cashLocationId: id('loc_', 'cash location'),
  cashLocationReference: line(200),
  idempotencyKey: optional(idempotencyKeyInput),
});

@ObjectType({ description: 'The cash-in created, or why not.' })
export class CreateCashInPayload {
  @Field(() => CashIn, { nullable: true, description: 'The new cash-in, PENDING with its deposit code.' }) cashIn!: CashIn | null;
  @Field(() => [UserError], { description: 'Why no cash-in was created; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'A fresh deposit code for a cash-in whose cash has not been paid in yet.' })
export class RefreshCashInInput {
  @Field(() => ID, { description: 'The cash-in.' }) id!: string;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the cash-in and its current code when absent.' })
  idempotencyKey?: string | null;
}

export const refreshCashInSchema = z.object({ id: id('ci_', 'cash-in'), idempotencyKey: optional(idempotencyKeyInput) });

@ObjectType({ description: 'The cash-in with its new code, or why not.' })
export class RefreshCashInPayload {
  @Field(() => CashIn, { nullable: true, description: 'The cash-in, PENDING again with a new code and expiry.' }) cashIn!: CashIn | null;
  @Field(() => [UserError], { description: 'Why no new code was issued; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Sandbox only: the counter scans the code and the cash is handed over.' })
export class SimulateCashDepositInput {
  @Field(() => ID, { description: 'The cash-in whose code is paid in.' }) cashInId!: string;
  @Field(() => DecimalScalar, { description: 'The cash handed over, in USD, at most 2 decimals, e.g. "100.00".' }) amount!: string;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the cash-in, its code and the amount when absent.' })
  idempotencyKey?: string | null;
}

export const simulateCashDepositSchema = z.object({
  cashInId: id('ci_', 'cash-in'),
  amount: dollars,
  idempotencyKey: optional(idempotencyKeyInput),
});

@ObjectType({ description: 'The cash-in after the deposit, or why not.' })
export class SimulateCashDepositPayload {
  @Field(() => CashIn, { nullable: true, description: 'The cash-in, PROCESSING with its transaction; it completes shortly.' }) cashIn!: CashIn | null;
  @Field(() => [UserError], { description: 'Why the deposit was refused; empty on success.' }) userErrors!: UserError[];
}
