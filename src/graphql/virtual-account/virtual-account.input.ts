import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { UserError } from '../common/common.type.js';
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
import { AccountholderName, DepositRail, VirtualAccountStatus } from './virtual-account.enums.js';
import { Asset, Network } from '../common/enums.js';
import { DecimalScalar, JSONObjectScalar } from '../scalars.js';
import { Transaction } from '../transaction/transaction.type.js';
import { VirtualAccount } from './virtual-account.type.js';

@InputType({ description: "A developer fee on every deposit, paid to one of the tenant's wallets." })
export class DeveloperFeeInput {
  @Field(() => DecimalScalar, { description: 'Fraction: "0.010" is 1%. Only percentage fees: a deposit\'s amount is unknown in advance.' }) rate!: string;
  @Field(() => ID, {
    nullable: true,
    description: "The wallet the fee is paid into; when absent, the tenant's treasury wallet (INVALID_INPUT when it has none).",
  })
  walletId?: string | null;
}

@InputType({ description: 'A new virtual account for a seller.' })
export class CreateVirtualAccountInput {
  @Field(() => ID, { description: 'The seller the account belongs to.' }) sellerId!: string;
  @Field(() => ID, {
    nullable: true,
    description: "The seller's wallet deposits arrive in. Exactly one of destinationWalletId and destinationBlockchainAddress.",
  })
  destinationWalletId?: string | null;
  @Field(() => String, { nullable: true, description: 'An address outside OMS deposits are sent to (0x and 40 hex digits), instead of a wallet.' })
  destinationBlockchainAddress?: string | null;
  @Field(() => Asset, { defaultValue: Asset.USDC, description: 'The stablecoin deposits turn into.' }) destinationAsset!: Asset;
  @Field(() => Network, { defaultValue: Network.POLYGON, description: 'The blockchain deposits arrive on.' }) destinationNetwork!: Network;
  @Field(() => [DeveloperFeeInput], { nullable: true, description: 'Your fees on each deposit.' }) developerFees?: DeveloperFeeInput[] | null;
  @Field(() => AccountholderName, { nullable: true, description: 'Whose name is on the account; OMS by default.' })
  accountholderName?: AccountholderName | null;
  @Field(() => String, { nullable: true, description: 'Your label.' }) label?: string | null;
  @Field(() => String, { nullable: true, description: 'A memo shown on the bank side.' }) bankMemo?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Key-value data copied onto every deposit (at most 20 keys).' }) metadata?: Record<
    string,
    unknown
  > | null;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the input when absent.' }) idempotencyKey?: string | null;
}

export const createVirtualAccountSchema = z
  .object({
    sellerId: id('cst_', 'seller'),
    destinationWalletId: optional(id('wlt_', 'wallet')),
    destinationBlockchainAddress: optional(blockchainAddressInput),
    destinationAsset: z.enum(['usdc', 'usdt'], 'deposits turn into USDC or USDT'),
    destinationNetwork: z.enum(['polygon', 'ethereum'], 'deposits arrive on POLYGON or ETHEREUM'),
    developerFees: optional(z.array(z.object({ rate: rateInput, walletId: optional(id('wlt_', 'wallet')) })).max(5)),
    accountholderName: optional(z.enum(['customer', 'oms', 'developer'])),
    label: optional(line(200)),
    bankMemo: optional(line(140)),
    metadata: optional(metadataInput),
    idempotencyKey: optional(idempotencyKeyInput),
  })
  .superRefine((input, ctx) => {
    if (input.destinationWalletId && input.destinationBlockchainAddress) {
      ctx.addIssue({ code: 'custom', path: ['destinationBlockchainAddress'], message: 'give destinationWalletId or destinationBlockchainAddress, not both' });
    } else if (!input.destinationWalletId && !input.destinationBlockchainAddress) {
      ctx.addIssue({
        code: 'custom',
        path: ['destinationWalletId'],
        message: 'give destinationWalletId (a wallet of the seller) or destinationBlockchainAddress',
      });
    }
  });

@ObjectType({ description: 'The virtual account created, or why not.' })
export class CreateVirtualAccountPayload {
  @Field(() => VirtualAccount, { nullable: true, description: 'The new account.' }) virtualAccount!: VirtualAccount | null;
  @Field(() => [UserError], { description: 'Why no account was created; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Pause, resume, or redirect future deposits of a virtual account.' })
export class UpdateVirtualAccountInput {
  @Field(() => ID, { description: 'The virtual account.' }) id!: string;
  @Field(() => VirtualAccountStatus, { nullable: true, description: 'ACTIVE resumes, PAUSED pauses.' }) status?: VirtualAccountStatus | null;
  @Field(() => ID, { nullable: true, description: "Another of the seller's wallets for future deposits." }) destinationWalletId?: string | null;
}

export const updateVirtualAccountSchema = accountUpdateInput('va_', 'virtual account', 'deleteVirtualAccount');

@ObjectType({ description: 'The virtual account as changed, or why not.' })
export class UpdateVirtualAccountPayload {
  @Field(() => VirtualAccount, { nullable: true, description: 'The account after the change.' }) virtualAccount!: VirtualAccount | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Deletes a virtual account; deposits in flight still finish.' })
export class DeleteVirtualAccountInput {
  @Field(() => ID, { description: 'The virtual account.' }) id!: string;
}

@ObjectType({ description: 'The id deleted, or why not.' })
export class DeleteVirtualAccountPayload {
  @Field(() => ID, { nullable: true, description: 'The deleted account.' }) deletedId!: string | null;
  @Field(() => [UserError], { description: 'Why nothing was deleted; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'Sandbox only: an inbound bank transfer to a virtual account.' })
export class SimulateDepositInput {
  @Field(() => ID, { description: 'The virtual account receiving.' }) virtualAccountId!: string;
  @Field(() => DepositRail, { defaultValue: DepositRail.ACH_IN, description: 'The bank rail.' }) rail!: DepositRail;
  @Field(() => DecimalScalar, { description: 'US dollars, at most 2 decimals, e.g. "500.00".' }) amount!: string;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the input when absent, so two identical deposits need two keys.' })
  idempotencyKey?: string | null;
}

export const simulateDepositSchema = z.object({
  virtualAccountId: id('va_', 'virtual account'),
  rail: z.enum(['ach_in', 'wire_in', 'swift_in']),
  amount: amountInput('usd'),
  idempotencyKey: optional(idempotencyKeyInput),
});

@ObjectType({ description: 'Whether the simulated deposit was accepted, and the transaction it created.' })
export class SimulateDepositPayload {
  @Field(() => Boolean, { description: 'True when OMS took the deposit.' }) accepted!: boolean;
  @Field(() => Transaction, { nullable: true, description: 'The fiatToCrypto transaction the deposit created, as it stood right after (normally processing).' })
  transaction!: Transaction | null;
  @Field(() => [UserError], { description: 'Why it was refused; empty on success.' }) userErrors!: UserError[];
}
