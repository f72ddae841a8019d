import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseAmount } from '../../money.js';
import type { VirtualAccount as OmsVirtualAccount } from '../../oms/schemas/index.js';
import { developerFeesFor } from '../../tenancy/ownership.js';
import { requireMaySendTo, requireMaySetDeveloperFees } from '../../tenancy/permissions.js';
import { UserErrorCode } from '../common/common.type.js';
import { pageSize, scan } from '../common/connection.js';
import { attempt, failed, idempotencyKey, sandboxOnly, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { Asset, Network } from '../common/enums.js';
import { TransactionStatus } from '../transaction/transaction.enums.js';
import { JSONObjectScalar } from '../scalars.js';
import { Seller } from '../seller/seller.type.js';
import { TransactionConnection } from '../transaction/transaction.type.js';
import { feeWallets } from '../treasury/fee-wallets.js';
import { Wallet } from '../wallet/wallet.type.js';
import * as input from './virtual-account.input.js';
import { FeeEntry, FeeSchedule, PaymentTarget, VirtualAccount } from './virtual-account.type.js';

const notFound = (field: string, what: string) => failed(UserErrorCode.NOT_FOUND, `No such ${what}`, ['input', field]);

@Resolver(() => VirtualAccount)
export class VirtualAccountResolver {
  @Query(() => VirtualAccount, { nullable: true, description: "A virtual account by id, or null where it does not exist or is not the caller's." })
  virtualAccount(@Arg('id', () => ID, { description: 'An OMS id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.visible.virtualAccount(id);
  }

  @FieldResolver(() => Seller, { description: 'The seller the account belongs to.' })
  seller(@Root() va: OmsVirtualAccount, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.customer.load(va.customerId);
  }

  @FieldResolver(() => Asset, { description: 'What payers send: USD.' })
  sourceAsset(@Root() va: OmsVirtualAccount) {
    return va.source.asset;
  }

  @FieldResolver(() => Network, { description: 'The bank rail payers use.' })
  sourceNetwork(@Root() va: OmsVirtualAccount) {
    return va.source.network;
  }

  @FieldResolver(() => PaymentTarget, { description: 'Where deposits arrive.' })
  destination(@Root() va: OmsVirtualAccount) {
    return { ...va.destination.wallet, asset: va.destination.asset, network: va.destination.network };
  }

  @FieldResolver(() => [FeeEntry], { description: 'Your fees on each deposit; empty for a seller token unless its tenant shows them.' })
  developerFees(@Root() va: OmsVirtualAccount, @Ctx() ctx: GatewayContext) {
    return developerFeesFor(ctx.caller, va.developerFees).map(feeEntry);
  }

  @FieldResolver(() => FeeSchedule, { description: "OMS's fees on each deposit, as charged." })
  omsFeeSchedule(@Root() va: OmsVirtualAccount) {
    return { currency: va.omsFeeSchedule.feeCurrency, entries: va.omsFeeSchedule.entries.map(feeEntry) };
  }

  @FieldResolver(() => JSONObjectScalar, { nullable: true, description: 'Key-value data copied onto every deposit.' })
  metadata(@Root() va: OmsVirtualAccount) {
    return va.metadata ?? null;
  }

  @FieldResolver(() => TransactionConnection, { description: 'The deposits into this account, newest first.' })
  transactions(
    @Root() va: OmsVirtualAccount,
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'How many, 1 to 100.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Continue after this cursor.' }) after?: string | null,
    @Arg('status', () => TransactionStatus, { nullable: true, description: 'Only transactions in this status.' }) status?: TransactionStatus | null,
  ) {
    // OMS cannot filter by virtual account: page through the seller's deposits and keep this account's.
    return scan(
      ctx.cursors,
      pageSize(first ?? 20),
      ctx.cursors.decode(after, 'after', 'txn_'),
      (cursor) =>
        ctx.loaders.transactionPage.load({ customerId: va.customerId, limit: 100, startingAfter: cursor, type: 'fiatToCrypto', status: status ?? undefined }),
      (txn) => txn.virtualAccountId === va.id,
    );
  }

  @Mutation(() => input.CreateVirtualAccountPayload, { description: 'Gives a seller a US bank account number whose deposits arrive in a wallet.' })
  async createVirtualAccount(
    @Arg('input', () => input.CreateVirtualAccountInput, { description: 'What to do.' }) raw: input.CreateVirtualAccountInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const valid = validate(input.createVirtualAccountSchema, raw);
    if ('errors' in valid) return { virtualAccount: null, userErrors: valid.errors };
    const v = valid.data;
    const fees = v.developerFees ?? [];
    if (fees.length > 0) requireMaySetDeveloperFees(ctx.caller);
    const [seller, wallet] = await Promise.all([ctx.visible.seller(v.sellerId), v.destinationWalletId ? ctx.visible.wallet(v.destinationWalletId) : undefined]);
    if (!seller) return { virtualAccount: null, ...notFound('sellerId', 'seller') };
    if (wallet === null || (wallet && wallet.customerId !== seller.id))
      return { virtualAccount: null, ...notFound('destinationWalletId', 'wallet of this seller') };
    // Deposits sent on to an address leave the gateway's sight, as a send there does.
    if (!wallet) await requireMaySendTo(ctx.caller, 'input.destinationBlockchainAddress', () => ({ kind: 'blockchainAddress' }));
    // A fee naming no wallet goes to the tenant's treasury wallet, and is refused when it has none.
    const paidTo = await feeWallets(ctx, fees, { asset: v.destinationAsset, network: v.destinationNetwork });
    if (!paidTo.ok) return { virtualAccount: null, userErrors: paidTo.userErrors };
    const body = {
      source: { asset: 'usd' as const, network: 'usBank' as const },
      destination: {
        wallet: wallet ? { wallet: wallet.id } : { blockchainAddress: v.destinationBlockchainAddress! },
        asset: v.destinationAsset,
        network: v.destinationNetwork,
      },
      ...(fees.length ? { developerFees: fees.map((fee, i) => ({ type: 'percentage' as const, rate: fee.rate, wallet: paidTo.ok[i]! })) } : {}),
      ...(v.accountholderName ? { accountholderName: v.accountholderName } : {}),
      ...(v.label ? { label: v.label } : {}),
      ...(v.bankMemo ? { bankMemo: v.bankMemo } : {}),
      ...(v.metadata ? { metadata: v.metadata } : {}),
    };
    const key = idempotencyKey(ctx, 'createVirtualAccount', v, v.idempotencyKey);
    const outcome = await attempt(() => ctx.oms.virtualAccounts.create(seller.id, body, { idempotencyKey: key }), VA_FIELDS);
    return { virtualAccount: outcome.ok, userErrors: outcome.userErrors };
  }

  @Mutation(() => input.UpdateVirtualAccountPayload, { description: 'Pauses, resumes, or redirects the future deposits of a virtual account.' })
  async updateVirtualAccount(
    @Arg('input', () => input.UpdateVirtualAccountInput, { description: 'What to do.' }) raw: input.UpdateVirtualAccountInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const valid = validate(input.updateVirtualAccountSchema, raw);
    if ('errors' in valid) return { virtualAccount: null, userErrors: valid.errors };
    const { id, status, destinationWalletId } = valid.data;
    const va = await ctx.visible.virtualAccount(id);
    if (!va) return { virtualAccount: null, ...notFound('id', 'virtual account') };
    if (va.status === 'deleted') return { virtualAccount: null, ...failed(UserErrorCode.INVALID_INPUT, 'The virtual account is deleted', ['input', 'id']) };
    const wallet = destinationWalletId ? await ctx.visible.wallet(destinationWalletId) : undefined;
    if (wallet === null || (wallet && wallet.customerId !== va.customerId))
      return { virtualAccount: null, ...notFound('destinationWalletId', 'wallet of this seller') };
    const body = {
      ...(status ? { status } : {}),
      ...(wallet ? { destination: { wallet: { wallet: wallet.id }, asset: wallet.asset, network: wallet.chain } } : {}),
    };
    const outcome = await attempt(() => ctx.oms.virtualAccounts.update(id, body), VA_FIELDS);
    return { virtualAccount: outcome.ok, userErrors: outcome.userErrors };
  }

  @Mutation(() => input.DeleteVirtualAccountPayload, { description: 'Deletes a virtual account: no new deposits; those in flight finish.' })
  async deleteVirtualAccount(
    @Arg('input', () => input.DeleteVirtualAccountInput, { description: 'What to do.' }) raw: input.DeleteVirtualAccountInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const va = raw.id.startsWith('va_') ? await ctx.visible.virtualAccount(raw.id) : null;
    if (!va) return { deletedId: null, ...notFound('id', 'virtual account') };
    const outcome = await attempt(() => ctx.oms.virtualAccounts.delete(va.id));
    return { deletedId: outcome.userErrors.length ? null : va.id, userErrors: outcome.userErrors };
  }

  @Mutation(() => input.SimulateDepositPayload, { description: "Sandbox only: an inbound bank transfer to a virtual account, as OMS's simulate endpoint." })
  async simulateDeposit(
    @Arg('input', () => input.SimulateDepositInput, { description: 'What to do.' }) raw: input.SimulateDepositInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const refused = sandboxOnly(ctx, 'Deposits can be simulated');
    if (refused) return { accepted: false, transaction: null, userErrors: refused.userErrors };
    const valid = validate(input.simulateDepositSchema, raw);
    if ('errors' in valid) return { accepted: false, transaction: null, userErrors: valid.errors };
    const { virtualAccountId, rail, amount } = valid.data;
    if (!(await ctx.visible.virtualAccount(virtualAccountId)))
      return { accepted: false, transaction: null, ...notFound('virtualAccountId', 'virtual account') };
    const cents = String(parseAmount(amount, 'usd'));
    const key = idempotencyKey(ctx, 'simulateDeposit', valid.data, valid.data.idempotencyKey);
    const outcome = await attempt(
      () => ctx.oms.virtualAccounts.simulate(virtualAccountId, { rail, amount: { currency: 'USD', value: cents } }, { idempotencyKey: key }),
      {
        'amount.value': ['input', 'amount'],
        id: ['input', 'virtualAccountId'],
      },
    );
    if (!outcome.ok) return { accepted: false, transaction: null, userErrors: outcome.userErrors };
    return { accepted: true, transaction: await ctx.visible.transaction(outcome.ok.transactionId), userErrors: [] };
  }
}

/** A fee entry of OMS (a virtual account's, or a quote's) as a FeeEntry. */
export function feeEntry(fee: OmsVirtualAccount['developerFees'][number]) {
  return fee.type === 'percentage'
    ? { type: fee.type, rate: fee.rate, amount: null, walletId: fee.wallet ?? null }
    : { type: fee.type, rate: null, amount: fee.amount, walletId: fee.wallet ?? null };
}

/** Where OMS's `param` of a virtual-account error points in the inputs. */
const VA_FIELDS: Record<string, string[]> = {
  customerId: ['input', 'sellerId'],
  'destination.wallet.wallet': ['input', 'destinationWalletId'],
  'destination.wallet.blockchainAddress': ['input', 'destinationBlockchainAddress'],
  developerFees: ['input', 'developerFees'],
  metadata: ['input', 'metadata'],
  id: ['input', 'id'],
};

@Resolver(() => PaymentTarget)
export class PaymentTargetResolver {
  @FieldResolver(() => Wallet, { nullable: true, description: "The OMS wallet money goes to; null when it is not the caller's to see." })
  wallet(@Root() target: { walletId: string | null }, @Ctx() ctx: GatewayContext) {
    return target.walletId ? ctx.visible.wallet(target.walletId) : null;
  }
}

@Resolver(() => FeeEntry)
export class FeeEntryResolver {
  @FieldResolver(() => Wallet, { nullable: true, description: 'Where a developer fee is paid to.' })
  wallet(@Root() fee: { walletId: string | null }, @Ctx() ctx: GatewayContext) {
    return fee.walletId ? ctx.visible.wallet(fee.walletId) : null;
  }
}
