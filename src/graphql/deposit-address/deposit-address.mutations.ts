import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireMaySendTo, requireMaySetDeveloperFees } from '../../tenancy/permissions.js';
import { UserErrorCode } from '../common/common.type.js';
import { constantCase } from '../common/enum.js';
import { attempt, failed, idempotencyKey, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { feeWallets } from '../treasury/fee-wallets.js';
import * as input from './deposit-address.input.js';
import { DA_FIELDS } from './deposit-address.map.js';
import { DepositAddress } from './deposit-address.type.js';

export const notFound = (field: string, what: string) => failed(UserErrorCode.NOT_FOUND, `No such ${what}`, ['input', field]);

@Resolver(() => DepositAddress)
export class DepositAddressMutations {
  @Mutation(() => input.CreateDepositAddressPayload, {
    description:
      'Gives a seller an on-chain address whose deposits are forwarded to a wallet or address. A seller token forwards to an address only where its tenant allows any destination (else FORBIDDEN).',
  })
  async createDepositAddress(
    @Arg('input', () => input.CreateDepositAddressInput, { description: 'What to do.' }) raw: input.CreateDepositAddressInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const valid = validate(input.createDepositAddressSchema, raw);
    if ('errors' in valid) return { depositAddress: null, userErrors: valid.errors };
    const v = valid.data;
    const fees = v.developerFees ?? [];
    if (fees.length > 0) requireMaySetDeveloperFees(ctx.caller);
    const [seller, wallet] = await Promise.all([ctx.visible.seller(v.sellerId), v.destinationWalletId ? ctx.visible.wallet(v.destinationWalletId) : undefined]);
    if (!seller) return { depositAddress: null, ...notFound('sellerId', 'seller') };
    if (wallet === null || (wallet && wallet.customerId !== seller.id))
      return { depositAddress: null, ...notFound('destinationWalletId', 'wallet of this seller') };
    // Deposits forwarded to an address leave the gateway's sight, as a send there does (and as a virtual account's).
    if (!wallet) await requireMaySendTo(ctx.caller, 'input.destinationBlockchainAddress', () => ({ kind: 'blockchainAddress' }));
    // A fee naming no wallet goes to the tenant's treasury wallet, and is refused when it has none.
    const paidTo = await feeWallets(ctx, fees, { asset: v.asset, network: v.network });
    if (!paidTo.ok) return { depositAddress: null, userErrors: paidTo.userErrors };
    if (wallet && (wallet.asset !== v.asset || wallet.chain !== v.network)) {
      const holds = `The wallet holds ${constantCase(wallet.asset)} on ${constantCase(wallet.chain)}: set asset and network to match`;
      return { depositAddress: null, ...failed(UserErrorCode.INVALID_INPUT, holds, ['input', 'destinationWalletId']) };
    }
    const body = {
      source: { asset: v.asset, network: v.network },
      destination: {
        wallet: wallet ? { wallet: wallet.id } : { blockchainAddress: v.destinationBlockchainAddress! },
        asset: v.asset,
        network: v.network,
      },
      ...(fees.length ? { developerFees: fees.map((fee, i) => ({ type: 'percentage' as const, rate: fee.rate, wallet: paidTo.ok[i]! })) } : {}),
      ...(v.label ? { label: v.label } : {}),
      ...(v.metadata ? { metadata: v.metadata } : {}),
    };
    const key = idempotencyKey(ctx, 'createDepositAddress', v, v.idempotencyKey);
    const outcome = await attempt(() => ctx.oms.depositAddresses.create(seller.id, body, { idempotencyKey: key }), DA_FIELDS);
    return { depositAddress: outcome.ok, userErrors: outcome.userErrors };
  }

  @Mutation(() => input.UpdateDepositAddressPayload, { description: 'Pauses, resumes, or redirects the future deposits of a deposit address.' })
  async updateDepositAddress(
    @Arg('input', () => input.UpdateDepositAddressInput, { description: 'What to do.' }) raw: input.UpdateDepositAddressInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const valid = validate(input.updateDepositAddressSchema, raw);
    if ('errors' in valid) return { depositAddress: null, userErrors: valid.errors };
    const { id, status, destinationWalletId } = valid.data;
    const da = await ctx.visible.depositAddress(id);
    if (!da) return { depositAddress: null, ...notFound('id', 'deposit address') };
    if (da.status === 'deleted') return { depositAddress: null, ...failed(UserErrorCode.INVALID_INPUT, 'The deposit address is deleted', ['input', 'id']) };
    const wallet = destinationWalletId ? await ctx.visible.wallet(destinationWalletId) : undefined;
    if (wallet === null || (wallet && wallet.customerId !== da.customerId))
      return { depositAddress: null, ...notFound('destinationWalletId', 'wallet of this seller') };
    // The address keeps taking what senders send to it: the new wallet must hold that, as on creation.
    if (wallet && (wallet.asset !== da.source.asset || wallet.chain !== da.source.network)) {
      const takes = `The deposit address takes ${constantCase(da.source.asset)} on ${constantCase(da.source.network)}: choose a wallet holding that`;
      return { depositAddress: null, ...failed(UserErrorCode.INVALID_INPUT, takes, ['input', 'destinationWalletId']) };
    }
    const body = {
      ...(status ? { status } : {}),
      ...(wallet ? { destination: { wallet: { wallet: wallet.id }, asset: wallet.asset, network: wallet.chain } } : {}),
    };
    const outcome = await attempt(() => ctx.oms.depositAddresses.update(id, body), DA_FIELDS);
    return { depositAddress: outcome.ok, userErrors: outcome.userErrors };
  }

  @Mutation(() => input.DeleteDepositAddressPayload, {
    description: 'Deletes a deposit address: deposits to it are no longer forwarded; those in flight finish.',
  })
  async deleteDepositAddress(
    @Arg('input', () => input.DeleteDepositAddressInput, { description: 'What to do.' }) raw: input.DeleteDepositAddressInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const da = raw.id.startsWith('da_') ? await ctx.visible.depositAddress(raw.id) : null;
    if (!da) return { deletedId: null, ...notFound('id', 'deposit address') };
    const outcome = await attempt(() => ctx.oms.depositAddresses.delete(da.id));
    return { deletedId: outcome.userErrors.length ? null : da.id, userErrors: outcome.userErrors };
  }
}
