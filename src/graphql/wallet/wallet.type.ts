import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { UserError } from '../common/common.type.js';
import { id, idempotencyKeyInput, optional } from '../common/inputs.js';
import { Node } from '../common/node.js';
import { Asset, Network } from '../common/enums.js';
import { WalletStatus } from './wallet.enums.js';
import { DateTimeScalar, DecimalScalar } from '../scalars.js';

@ObjectType({ description: 'What a wallet holds now.' })
export class WalletBalance {
  @Field(() => Asset, { description: 'The asset held.' }) asset!: Asset;
  @Field(() => DecimalScalar, { description: 'Settled and spendable.' }) available!: string;
  @Field(() => DecimalScalar, { description: 'On its way in: deposits still processing.' }) pending!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the balance last changed.' }) updatedAt?: string | null;
}

@ObjectType({ implements: Node, description: "A custodial wallet, a seller's or the tenant's treasury's: one asset on one blockchain." })
export class Wallet extends Node {
  @Field(() => String, { description: 'The on-chain address; anyone can send to it.' }) address!: string;
  @Field(() => Asset, { description: 'The asset the wallet holds.' }) asset!: Asset;
  @Field(() => WalletStatus, { description: 'Whether the wallet can send and receive.' }) status!: WalletStatus;
  @Field(() => DateTimeScalar, { description: 'When the wallet was created.' }) createdAt!: string;
}

@InputType({ description: 'A new wallet for a seller.' })
export class CreateWalletInput {
  @Field(() => ID, { description: 'The seller who will own the wallet.' }) sellerId!: string;
  @Field(() => Asset, { defaultValue: Asset.USDC, description: 'The asset to hold.' }) asset!: Asset;
  @Field(() => Network, { defaultValue: Network.POLYGON, description: 'The blockchain.' }) network!: Network;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the input when absent.' }) idempotencyKey?: string | null;
}

export const createWalletSchema = z.object({
  sellerId: id('cst_', 'seller'),
  asset: z.enum(['usdc', 'usdt'], 'a wallet holds USDC or USDT'),
  network: z.enum(['polygon', 'ethereum'], 'a wallet lives on POLYGON or ETHEREUM'),
  idempotencyKey: optional(idempotencyKeyInput),
});

@ObjectType({ description: 'The wallet created, or why not.' })
export class CreateWalletPayload {
  @Field(() => Wallet, { nullable: true, description: 'The new wallet.' }) wallet!: Wallet | null;
  @Field(() => [UserError], { description: 'Why the wallet was not created; empty on success.' }) userErrors!: UserError[];
}
