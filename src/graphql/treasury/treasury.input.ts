import { Field, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { UserError } from '../common/common.type.js';
import { Asset, Network } from '../common/enums.js';
import { idempotencyKeyInput, optional } from '../common/inputs.js';
import { Wallet } from '../wallet/wallet.type.js';

@InputType({ description: "A new wallet of the tenant's treasury." })
export class CreateTreasuryWalletInput {
  @Field(() => Asset, { defaultValue: Asset.USDC, description: 'The asset to hold.' }) asset!: Asset;
  @Field(() => Network, { defaultValue: Network.POLYGON, description: 'The blockchain.' }) network!: Network;
  @Field(() => String, {
    nullable: true,
    description: 'Makes retries safe; derived from the input when absent, so a second wallet of the same asset needs a key.',
  })
  idempotencyKey?: string | null;
}

export const createTreasuryWalletSchema = z.object({
  asset: z.enum(['usdc', 'usdt'], 'a wallet holds USDC or USDT'),
  network: z.enum(['polygon', 'ethereum'], 'a wallet lives on POLYGON or ETHEREUM'),
  idempotencyKey: optional(idempotencyKeyInput),
});

@ObjectType({ description: 'The treasury wallet created, or why not.' })
export class CreateTreasuryWalletPayload {
  @Field(() => Wallet, { nullable: true, description: 'The new wallet.' }) wallet!: Wallet | null;
  @Field(() => [UserError], { description: 'Why no wallet was created; empty on success.' }) userErrors!: UserError[];
}
