import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { UserError } from '../common/common.type.js';
import { Asset, Network } from '../common/enums.js';
import {
  accountUpdateInput,
  amountInput,
  blockchainAddressInput,
  id,
  idempotencyKeyInput,
  line,
  metadataInput,
  optional,
  rateInput,
} from '../common/inputs.js';
import { DecimalScalar, JSONObjectScalar } from '../scalars.js';
import { Transaction } from '../transaction/transaction.type.js';
import { DeveloperFeeInput } from '../virtual-account/virtual-account.input.js';
import { DepositAddressStatus } from './deposit-address.enums.js';
import { DepositAddress } from './deposit-address.type.js';

@InputType({ description: 'A new deposit address for a seller.' })
export class CreateDepositAddressInput {
  @Field(() => ID, { description: 'The seller the address belongs to.' }) sellerId!: string;
  @Field(() => ID, { nullable: true, description: "Exactly one of destinationWalletId and destinationBlockchainAddress: the seller's wallet deposits go to." })
  destinationWalletId?: string | null;
  @Field(() => String, { nullable: true, description: 'Or an address outside OMS deposits are forwarded to.' }) destinationBlockchainAddress?: string | null;
  @Field(() => Asset, { defaultValue: Asset.USDC, description: 'The token senders send, and that arrives.' }) asset!: Asset;
  @Field(() => Network, { defaultValue: Network.POLYGON, description: 'The blockchain senders send on, and that it arrives on.' }) network!: Network;
  @Field(() => [DeveloperFeeInput], { nullable: true, description: 'Your fees on each deposit.' }) developerFees?: DeveloperFeeInput[] | null;
  @Field(() => String, { nullable: true, description: 'Your label.' }) label?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Key-value data copied onto every deposit (at most 19 keys).' }) metadata?: Record<
    string,
    unknown
  > | null;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the input when absent.' }) idempotencyKey?: string | null;
}

/** Exactly one of two optional fields; the issue names the first. */
const exactlyOne =
  <T extends Record<string, unknown>>(first: keyof T & string, second: keyof T & string) =>
  (input: T, ctx: z.RefinementCtx) => {
    if ((input[first] === undefined) === (input[second] === undefined))
      ctx.addIssue({ code: 'custom', path: [first], message: `give exactly one of ${first} and ${second}` });
  };

export const createDepositAddressSchema = z
  .object({
    sellerId: id('cst_', 'seller'),
    destinationWalletId: optional(id('wlt_', 'wallet')),
    destinationBlockchainAddress: optional(blockchainAddressInput),
    asset: z.enum(['usdc', 'usdt'], 'a deposit address takes USDC or USDT'),
    network: z.enum(['polygon', 'ethereum'], 'a deposit address lives on POLYGON or ETHEREUM'),
    developerFees: optional(z.array(z.object({ rate: rateInput, walletId: optional(id('wlt_', 'wallet')) })).max(5)),
    label: optional(line(200)),
    metadata: optional(metadataInput),
    idempotencyKey: optional(idempotencyKeyInput),
  })
  .superRefine(exactlyOne('destinationWalletId', 'destinationBlockchainAddress'));

@ObjectType({ description: 'The deposit address created, or why not.' })
export class CreateDepositAddressPayload {
  @Field(() => DepositAddress, { nullable: true, description: 'The new address.' }) depositAddress!: DepositAddress | null;
  @Field(() => [UserError], { description: 'Why no address was created; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Pause, resume, or redirect future deposits of a deposit address.' })
export class UpdateDepositAddressInput {
  @Field(() => ID, { description: 'The deposit address.' }) id!: string;
  @Field(() => DepositAddressStatus, { nullable: true, description: 'ACTIVE resumes, PAUSED pauses.' }) status?: DepositAddressStatus | null;
  @Field(() => ID, { nullable: true, description: "Another of the seller's wallets for future deposits, holding the asset on the network the address takes." })
  destinationWalletId?: string | null;
}

export const updateDepositAddressSchema = accountUpdateInput('da_', 'deposit address', 'deleteDepositAddress');

@ObjectType({ description: 'The deposit address as changed, or why not.' })
export class UpdateDepositAddressPayload {
  @Field(() => DepositAddress, { nullable: true, description: 'The address after the change.' }) depositAddress!: DepositAddress | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Deletes a deposit address; deposits in flight still finish.' })
export class DeleteDepositAddressInput {
  @Field(() => ID, { description: 'The deposit address.' }) id!: string;
}

@ObjectType({ description: 'The id deleted, or why not.' })
export class DeleteDepositAddressPayload {
  @Field(() => ID, { nullable: true, description: 'The deleted address.' }) deletedId!: string | null;
  @Field(() => [UserError], { description: 'Why nothing was deleted; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Sandbox only: an on-chain transfer to a deposit address, or to a wallet’s own address.' })
export class SimulateCryptoDepositInput {
  @Field(() => ID, { nullable: true, description: 'A deposit address: the deposit becomes a CRYPTO_TO_CRYPTO transaction. Exactly one of this and walletId.' })
  depositAddressId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A wallet: a transfer to its raw address, credited as it is (wallet.depositDetected only, no transaction).' })
  walletId?: string | null;
  @Field(() => DecimalScalar, { description: 'In the token sent (USDC or USDT), at most 6 decimals, e.g. "200.00".' }) amount!: string;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the input when absent, so two identical deposits need two keys.' })
  idempotencyKey?: string | null;
}

export const simulateCryptoDepositSchema = z
  .object({
    depositAddressId: optional(id('da_', 'deposit address')),
    walletId: optional(id('wlt_', 'wallet')),
    // USDC and USDT alike: 6 decimals.
    amount: amountInput('usdc'),
    idempotencyKey: optional(idempotencyKeyInput),
  })
  .superRefine(exactlyOne('depositAddressId', 'walletId'));

@ObjectType({ description: 'Whether the simulated deposit was accepted, and the transaction it created.' })
export class SimulateCryptoDepositPayload {
  @Field(() => Boolean, { description: 'True when OMS took the deposit.' }) accepted!: boolean;
  @Field(() => Transaction, { nullable: true, description: 'The CRYPTO_TO_CRYPTO transaction of a deposit to a deposit address; null for a wallet.' })
  transaction!: Transaction | null;
  @Field(() => [UserError], { description: 'Why it was refused; empty on success.' }) userErrors!: UserError[];
}
