import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Wallet as OmsWallet } from '../../oms/schemas/index.js';
import { isTreasury } from '../../tenancy/ownership.js';
import { UserErrorCode } from '../common/common.type.js';
import { attempt, failed, idempotencyKey, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { Network } from '../common/enums.js';
import { Seller } from '../seller/seller.type.js';
import { toBalance } from './wallet.map.js';
import { CreateWalletInput, CreateWalletPayload, createWalletSchema, Wallet, WalletBalance } from './wallet.type.js';

@Resolver(() => Wallet)
export class WalletResolver {
  @Query(() => Wallet, { nullable: true, description: "A wallet by id, or null where it does not exist or is not the caller's." })
  wallet(@Arg('id', () => ID, { description: 'An OMS id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.visible.wallet(id);
  }

  @FieldResolver(() => Seller, { nullable: true, description: "The owner; null for the tenant's treasury wallets." })
  async seller(@Root() wallet: OmsWallet, @Ctx() ctx: GatewayContext) {
    const owner = await ctx.loaders.customer.load(wallet.customerId);
    return owner && !isTreasury(owner) ? owner : null;
  }

  @FieldResolver(() => Network, { description: 'The blockchain the wallet lives on.' })
  network(@Root() wallet: OmsWallet) {
    return wallet.chain;
  }

  @FieldResolver(() => WalletBalance, { description: 'What the wallet holds now.' })
  async balance(@Root() wallet: OmsWallet, @Ctx() ctx: GatewayContext): Promise<WalletBalance> {
    const balance = await ctx.loaders.balance.load(wallet.id);
    if (!balance) throw new Error(`OMS has no balance for wallet ${wallet.id}`);
    return toBalance(balance);
  }

  @Mutation(() => CreateWalletPayload, { description: 'Creates a custodial wallet for a seller; it can receive at once.' })
  async createWallet(
    @Arg('input', () => CreateWalletInput, { description: 'What to do.' }) input: CreateWalletInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateWalletPayload> {
    const valid = validate(createWalletSchema, input);
    if ('errors' in valid) return { wallet: null, userErrors: valid.errors };
    const { sellerId, asset, network, idempotencyKey: given } = valid.data;
    if (!(await ctx.visible.seller(sellerId))) return { wallet: null, ...failed(UserErrorCode.NOT_FOUND, 'No such seller', ['input', 'sellerId']) };
    const key = idempotencyKey(ctx, 'createWallet', valid.data, given);
    const outcome = await attempt(() => ctx.oms.wallets.create(sellerId, { asset, chain: network }, { idempotencyKey: key }), {
      customerId: ['input', 'sellerId'],
      asset: ['input', 'asset'],
      chain: ['input', 'network'],
    });
    if (outcome.ok) ctx.loaders.walletsOf.clear(sellerId);
    return { wallet: outcome.ok, userErrors: outcome.userErrors };
  }
}
