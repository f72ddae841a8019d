import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { UserError } from '../common/common.type.js';
import { decimalInput, id, idempotencyKeyInput, metadataInput, optional } from '../common/inputs.js';
import { Node } from '../common/node.js';
import { Asset, Network } from '../common/enums.js';
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

@InputType({ description: 'A quote to send from a seller’s wallet to a wallet, an address or an external account.' })
export class CreateQuoteInput {
  @Field(() => ID, { description: 'The seller sending.' }) sellerId!: string;
  @Field(() => ID, { description: "The seller's wallet the money leaves." }) sourceWalletId!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Exactly one of sourceAmount and destinationAmount.' }) sourceAmount?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'What must arrive; OMS adds the fees on top.' }) destinationAmount?: string | null;
  @Field(() => ID, { nullable: true, description: 'An OMS wallet to send to.' }) destinationWalletId?: string | null;
  @Field(() => String, { nullable: true, description: 'A blockchain address to send to.' }) destinationBlockchainAddress?: string | null;
  @Field(() => ID, { nullable: true, description: "One of the seller's external accounts (bank payouts)." }) destinationExternalAccountId?: string | null;
  @Field(() => Asset, { defaultValue: Asset.USDC, description: 'What arrives.' }) destinationAsset!: Asset;
  @Field(() => Network, { defaultValue: Network.POLYGON, description: 'Where it arrives.' }) destinationNetwork!: Network;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Your own key-value data (at most 20 keys).' }) metadata?: Record<string, unknown> | null;
  @Field(() => String, { description: 'Makes retries safe: the same key makes one quote.' }) idempotencyKey!: string;
}

export const createQuoteSchema = z
  .object({
    sellerId: id('cst_', 'seller'),
    sourceWalletId: id('wlt_', 'wallet'),
    sourceAmount: optional(decimalInput),
    destinationAmount: optional(decimalInput),
    destinationWalletId: optional(id('wlt_', 'wallet')),
    destinationBlockchainAddress: optional(z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte hex address')),
    destinationExternalAccountId: optional(z.string().min(1)),
    destinationAsset: z.enum(['usd', 'usdc', 'usdt']),
    destinationNetwork: z.enum(['polygon', 'ethereum', 'ach', 'wire'], 'payouts go to POLYGON, ETHEREUM, ACH or WIRE'),
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

@ObjectType({ description: 'The quote made, or why not.' })
export class CreateQuotePayload {
  @Field(() => Quote, { nullable: true, description: 'The new quote.' }) quote!: Quote | null;
  @Field(() => [UserError], { description: 'Why no quote was made; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Executes a quote: the money moves.' })
export class ExecuteQuoteInput {
  @Field(() => ID, { description: 'The open quote to execute.' }) quoteId!: string;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Key-value data for the transaction (at most 20 keys).' }) metadata?: Record<
    string,
    unknown
  > | null;
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
