import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { UserError } from '../common/common.type.js';
import { EXTERNAL_ACCOUNT_ID } from '../../oms/schemas/index.js';
import type { MoneyAsset } from '../../money.js';
import { amountInput, blockchainAddressInput, id, idempotencyKeyInput, isIdOf, metadataInput, optional, rateInput } from '../common/inputs.js';
import { Node } from '../common/node.js';
import { Asset, FeeType, Network } from '../common/enums.js';
import { FixedAmountSide, QuoteStatus } from './quote.enums.js';
import { TransactionType } from '../transaction/transaction.enums.js';
import { DateTimeScalar, DecimalScalar, JSONObjectScalar } from '../scalars.js';
import { Transaction } from '../transaction/transaction.type.js';

@ObjectType({ implements: Node, description: 'A locked price for moving money out of a wallet, valid for a few minutes.' })
export class Quote extends Node {
  @Field(() => TransactionType, { description: 'What executing it converts.' }) type!: TransactionType;
  @Field(() => QuoteStatus, { description: 'OPEN until executed (ACCEPTED) or out of time (EXPIRED).' }) status!: QuoteStatus;
  @Field(() => FixedAmountSide, { description: 'The side whose amount was given; OMS computed the other.' }) fixedAmountSide!: FixedAmountSide;
  @Field(() => DateTimeScalar, { description: 'After this it cannot be executed.' }) expiresAt!: string;
  @Field(() => DateTimeScalar, { description: 'When it was made.' }) createdAt!: string;
}

@InputType({ description: 'A developer fee on one send: a fraction of the amount or a fixed amount, paid into one of your wallets.' })
export class QuoteDeveloperFeeInput {
  @Field(() => FeeType, { description: 'PERCENTAGE or FIXED.' }) type!: FeeType;
  @Field(() => DecimalScalar, { nullable: true, description: 'For PERCENTAGE: a fraction ("0.010" is 1%).' }) rate?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'For FIXED: an amount in the source asset (its decimals at most).' }) amount?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      "The wallet the fee is paid into; when absent, the tenant's treasury wallet holding the source asset, else its oldest (INVALID_INPUT when it has none).",
  })
  walletId?: string | null;
}

const developerFee = z
  .object({
    type: z.enum(['percentage', 'fixed']),
    rate: optional(rateInput),
    amount: optional(amountInput()),
    walletId: optional(id('wlt_', 'wallet')),
  })
  .superRefine((fee, ctx) => {
    const [wanted, unwanted] = fee.type === 'percentage' ? (['rate', 'amount'] as const) : (['amount', 'rate'] as const);
    if (fee[wanted] === undefined) ctx.addIssue({ code: 'custom', path: [wanted], message: `a ${fee.type.toUpperCase()} fee needs ${wanted}` });
    if (fee[unwanted] !== undefined) ctx.addIssue({ code: 'custom', path: [unwanted], message: `a ${fee.type.toUpperCase()} fee takes no ${unwanted}` });
  });

export type QuoteDeveloperFee = z.output<typeof developerFee>;

@InputType({ description: 'A quote to send from a seller’s wallet to a wallet, an address or an external account.' })
export class CreateQuoteInput {
  @Field(() => ID, { description: 'The seller sending.' }) sellerId!: string;
  @Field(() => ID, { description: "The seller's wallet the money leaves." }) sourceWalletId!: string;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Exactly one of sourceAmount and destinationAmount: positive, at most the asset's decimals (USD 2, USDC and USDT 6), at most 1000000000000.",
  })
  sourceAmount?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'What must arrive, in the asset received; OMS adds the fees on top.' }) destinationAmount?:
    | string
    | null;
  @Field(() => ID, { nullable: true, description: 'An OMS wallet to send to.' }) destinationWalletId?: string | null;
  @Field(() => String, { nullable: true, description: 'A blockchain address to send to.' }) destinationBlockchainAddress?: string | null;
  @Field(() => ID, { nullable: true, description: "One of the seller's external accounts (bank payouts)." }) destinationExternalAccountId?: string | null;
  @Field(() => Asset, {
    nullable: true,
    description: "Default: the wallet's own asset, USDC for addresses, USD for a bank account, an address account's USDC.",
  })
  destinationAsset?: Asset | null;
  @Field(() => Network, {
    nullable: true,
    description:
      "Default: the wallet's own chain, POLYGON for addresses, ACH for a US bank account (WIRE when asked), WIRE abroad, an address account's chain.",
  })
  destinationNetwork?: Network | null;
  @Field(() => [QuoteDeveloperFeeInput], { nullable: true, description: 'Your fees on this send, taken from the source (tenant tokens only).' })
  developerFees?: QuoteDeveloperFeeInput[] | null;
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'You pay the network gas instead of the seller (shown as sponsorGasCost); tenant keys only.',
  })
  sponsorGas?: boolean | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Your own key-value data (at most 20 keys).' }) metadata?: Record<string, unknown> | null;
  @Field(() => String, { description: 'Makes retries safe: the same key makes one quote.' }) idempotencyKey!: string;
}

export const createQuoteSchema = z
  .object({
    sellerId: id('cst_', 'seller'),
    sourceWalletId: id('wlt_', 'wallet'),
    sourceAmount: optional(amountInput()),
    destinationAmount: optional(amountInput()),
    destinationWalletId: optional(id('wlt_', 'wallet')),
    destinationBlockchainAddress: optional(blockchainAddressInput),
    destinationExternalAccountId: optional(
      z
        .string()
        .refine((value) => EXTERNAL_ACCOUNT_ID.test(value) && isIdOf('', value), 'expected an external account id (cpUsBank_…, cpIntlBank_…, cpBcAddr_…)'),
    ),
    destinationAsset: optional(z.enum(['usd', 'usdc', 'usdt'])),
    destinationNetwork: optional(z.enum(['polygon', 'ethereum', 'ach', 'wire'], 'payouts go to POLYGON, ETHEREUM, ACH or WIRE')),
    developerFees: optional(z.array(developerFee).max(5)),
    sponsorGas: optional(z.boolean()),
    metadata: optional(metadataInput),
    idempotencyKey: idempotencyKeyInput,
  })
  .superRefine((input, ctx) => {
    if ((input.sourceAmount === undefined) === (input.destinationAmount === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['sourceAmount'], message: 'give exactly one of sourceAmount and destinationAmount' });
    }
    const targets = [input.destinationWalletId, input.destinationBlockchainAddress, input.destinationExternalAccountId].filter(Boolean);
    if (targets.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['destinationWalletId'],
        message: 'give exactly one of destinationWalletId, destinationBlockchainAddress, destinationExternalAccountId',
      });
    }
  });

/**
 * The amounts of a quote against their assets, once those are known (the source wallet's, what the
 * destination receives): createQuoteSchema can only hold them to the most decimals any asset has.
 * A FIXED developer fee is in the source asset.
 */
export const quoteAmountsSchema = (source: MoneyAsset, destination: MoneyAsset) =>
  z.object({
    sourceAmount: optional(amountInput(source)),
    destinationAmount: optional(amountInput(destination)),
    developerFees: optional(z.array(z.object({ amount: optional(amountInput(source)) }))),
  });

@ObjectType({ description: 'The quote made, or why not.' })
export class CreateQuotePayload {
  @Field(() => Quote, { nullable: true, description: 'The new quote.' }) quote!: Quote | null;
  @Field(() => [UserError], { description: 'Why no quote was made; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Executes a quote: the money moves.' })
export class ExecuteQuoteInput {
  @Field(() => ID, { description: 'The open quote to execute.' }) quoteId!: string;
  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: "Key-value data for the transaction (at most 20 keys), in place of the quote's; a seller token cannot replace a quote's metadata (FORBIDDEN).",
  })
  metadata?: Record<string, unknown> | null;
  @Field(() => String, { description: 'Required: the same key twice moves money once.' }) idempotencyKey!: string;
}

export const executeQuoteSchema = z.object({
  quoteId: id('qt_', 'quote'),
  metadata: optional(metadataInput),
  idempotencyKey: idempotencyKeyInput,
});

@ObjectType({ description: 'The transaction started, or why not.' })
export class ExecuteQuotePayload {
  @Field(() => Transaction, { nullable: true, description: 'The transaction, processing.' }) transaction!: Transaction | null;
  @Field(() => [UserError], { description: 'Why nothing moved; empty on success.' }) userErrors!: UserError[];
}
