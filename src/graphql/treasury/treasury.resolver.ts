import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Wallet as OmsWallet } from '../../oms/schemas/index.js';
import { isTreasury } from '../../tenancy/ownership.js';
import { pageSize } from '../common/connection.js';
import { attempt, idempotencyKey, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { Wallet } from '../wallet/wallet.type.js';
import { feeIncome } from './fee-income.js';
import { callerTreasury, ensureTreasury } from './treasury.js';
import { CreateTreasuryWalletInput, CreateTreasuryWalletPayload, createTreasuryWalletSchema } from './treasury.input.js';
import { FeeCreditConnection, Treasury } from './treasury.type.js';

/** The treasury's wallets, newest first as OMS lists them; none before the first. */
async function treasuryWallets(ctx: GatewayContext): Promise<OmsWallet[]> {
  const treasury = await callerTreasury(ctx);
  return treasury ? ctx.loaders.walletsOf.load(treasury.id) : [];
}

@Resolver(() => Treasury)
export class TreasuryResolver {
  @Query(() => Treasury, { nullable: true, description: "The tenant's own wallets and fee income; null for a seller token." })
  treasury(@Ctx() ctx: GatewayContext): Treasury | null {
    return ctx.caller.role === 'tenant' ? { tenantId: ctx.caller.tenant.id } : null;
  }

  @FieldResolver(() => [Wallet], { description: 'The wallets of the treasury, newest first; none until createTreasuryWallet.' })
  wallets(@Root() _treasury: Treasury, @Ctx() ctx: GatewayContext) {
    return treasuryWallets(ctx);
  }

  @FieldResolver(() => FeeCreditConnection, { description: 'Developer fees credited to the treasury, newest first.' })
  async feeIncome(
    @Root() _treasury: Treasury,
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'How many, 1 to 100.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Continue after this cursor.' }) after?: string | null,
  ) {
    const limit = pageSize(first ?? 20);
    const position = ctx.cursors.decode(after, 'after', 'fc_');
    return feeIncome(ctx, await treasuryWallets(ctx), limit, position);
  }

  @Mutation(() => CreateTreasuryWalletPayload, {
    description: "Tenant keys only: a wallet of the tenant's treasury, for developer fees. The treasury is made with its first wallet.",
  })
  async createTreasuryWallet(
    @Arg('input', () => CreateTreasuryWalletInput, { description: 'What to do.' }) input: CreateTreasuryWalletInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateTreasuryWalletPayload> {
    const valid = validate(createTreasuryWalletSchema, input);
    if ('errors' in valid) return { wallet: null, userErrors: valid.errors };
    const { asset, network, idempotencyKey: given } = valid.data;
    const tenantId = ctx.caller.tenant.id;
    const treasury = await attempt(() => ensureTreasury(ctx.oms, tenantId, ctx.disconnect));
    if (!treasury.ok) return { wallet: null, userErrors: treasury.userErrors };
    const owner = treasury.ok;
    ctx.loaders.customer.clear(owner.id).prime(owner.id, owner);
    ctx.loaders.treasury.clear(tenantId).prime(tenantId, owner);
    const key = idempotencyKey(ctx, 'createTreasuryWallet', valid.data, given);
    const outcome = await attempt(() => ctx.oms.wallets.create(owner.id, { asset, chain: network }, { idempotencyKey: key }), {
      asset: ['input', 'asset'],
      chain: ['input', 'network'],
    });
    if (outcome.ok) ctx.loaders.walletsOf.clear(owner.id);
    return { wallet: outcome.ok, userErrors: outcome.userErrors };
  }
}

/** Wallet.treasury: whether a wallet is the tenant's own. */
@Resolver(() => Wallet)
export class WalletTreasuryResolver {
  @FieldResolver(() => Boolean, { description: "True for a wallet of the tenant's treasury." })
  async treasury(@Root() wallet: OmsWallet, @Ctx() ctx: GatewayContext): Promise<boolean> {
    const owner = await ctx.loaders.customer.load(wallet.customerId);
    return owner !== null && isTreasury(owner);
  }
}
