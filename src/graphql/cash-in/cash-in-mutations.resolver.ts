import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { UserErrorCode } from '../common/common.type.js';
import { attempt, failed, idempotencyKey, sandboxOnly, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import * as input from './cash-in.input.js';
import { CashIn } from './cash-in.type.js';

const notFound = (field: string, what: string) => failed(UserErrorCode.NOT_FOUND, `No such ${what}`, ['input', field]);

/** Where OMS's `param` of a cash-in error points in the inputs. */
const CREATE_FIELDS: Record<string, string[]> = {
  customerId: ['input', 'sellerId'],
  'source.indicatedAmount': ['input', 'amount'],
  'destination.wallet': ['input', 'destinationWalletId'],
  'destination.wallet.wallet': ['input', 'destinationWalletId'],
  'cash.cashLocationId': ['input', 'cashLocationId'],
  'cash.cashLocationReference': ['input', 'cashLocationReference'],
};
const DEPOSIT_FIELDS: Record<string, string[]> = {
  accountNumber: ['input', 'cashInId'],
  originalConfirmationId: ['input', 'cashInId'],
  amount: ['input', 'amount'],
};

@Resolver(() => CashIn)
export class CashInMutationsResolver {
  @Mutation(() => input.CreateCashInPayload, {
    description: "A deposit code for a seller to pay cash in at a retail counter; the cash arrives in the seller's wallet.",
  })
  async createCashIn(@Arg('input', () => input.CreateCashInInput, { description: 'What to do.' }) raw: input.CreateCashInInput, @Ctx() ctx: GatewayContext) {
    const valid = validate(input.createCashInSchema, raw);
    if ('errors' in valid) return { cashIn: null, userErrors: valid.errors };
    const v = valid.data;
    const [seller, wallet] = await Promise.all([ctx.visible.seller(v.sellerId), ctx.visible.wallet(v.destinationWalletId)]);
    if (!seller) return { cashIn: null, ...notFound('sellerId', 'seller') };
    if (!wallet || wallet.customerId !== seller.id) return { cashIn: null, ...notFound('destinationWalletId', 'wallet of this seller') };
    // OMS takes no quote for a cash-in (the amount is only known at the counter): one call, one key.
    const body = {
      customerId: seller.id,
      source: { asset: 'usd' as const, indicatedAmount: v.amount },
      destination: { wallet: { wallet: wallet.id }, asset: wallet.asset, network: wallet.chain },
      cash: { cashLocationId: v.cashLocationId, cashLocationReference: v.cashLocationReference },
    };
    const key = idempotencyKey(ctx, 'createCashIn', v, v.idempotencyKey);
    const outcome = await attempt(() => ctx.oms.cashIns.create(body, { idempotencyKey: key }), CREATE_FIELDS);
    return { cashIn: outcome.ok, userErrors: outcome.userErrors };
  }

  @Mutation(() => input.RefreshCashInPayload, {
    description: 'A fresh deposit code and expiry for a cash-in whose cash has not been paid in; revives an EXPIRED one.',
  })
  async refreshCashIn(@Arg('input', () => input.RefreshCashInInput, { description: 'What to do.' }) raw: input.RefreshCashInInput, @Ctx() ctx: GatewayContext) {
    const valid = validate(input.refreshCashInSchema, raw);
    if ('errors' in valid) return { cashIn: null, userErrors: valid.errors };
    const cashIn = await ctx.visible.cashIn(valid.data.id);
    if (!cashIn) return { cashIn: null, ...notFound('id', 'cash-in') };
    if (cashIn.status !== 'pending' && cashIn.status !== 'expired') {
      return { cashIn: null, ...failed(UserErrorCode.INVALID_INPUT, 'The cash was already paid in: there is no code to refresh', ['input', 'id']) };
    }
    // Keyed by the code it replaces: a retry replays this refresh, a refresh of the next code is a new one.
    const key = idempotencyKey(ctx, 'refreshCashIn', { id: cashIn.id, code: cashIn.depositInstructions.code }, valid.data.idempotencyKey);
    const outcome = await attempt(() => ctx.oms.cashIns.refresh(cashIn.id, { idempotencyKey: key }), { id: ['input', 'id'] });
    return { cashIn: outcome.ok, userErrors: outcome.userErrors };
  }

  @Mutation(() => input.SimulateCashDepositPayload, { description: 'Sandbox only: the cash is paid in at the counter.' })
  async simulateCashDeposit(
    @Arg('input', () => input.SimulateCashDepositInput, { description: 'What to do.' }) raw: input.SimulateCashDepositInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const refused = sandboxOnly(ctx, 'Cash deposits can be simulated');
    if (refused) return { cashIn: null, userErrors: refused.userErrors };
    const valid = validate(input.simulateCashDepositSchema, raw);
    if ('errors' in valid) return { cashIn: null, userErrors: valid.errors };
    const { cashInId, amount, idempotencyKey: given } = valid.data;
    const cashIn = await ctx.visible.cashIn(cashInId);
    if (!cashIn) return { cashIn: null, ...notFound('cashInId', 'cash-in') };
    if (cashIn.status === 'expired') {
      return { cashIn: null, ...failed(UserErrorCode.CASH_IN_EXPIRED, 'The deposit code has expired; refreshCashIn issues a new one', ['input', 'cashInId']) };
    }
    // OMS's two sandbox steps, each with its own key: a retry replays both, so the cash is paid in once.
    const accountNumber = cashIn.depositInstructions.code;
    const basis = { cashInId, code: accountNumber, amount };
    const auth = await attempt(
      () =>
        ctx.oms.cashIns.simulateBarcodeAuth(
          { accountNumber, amount, customerId: cashIn.customerId },
          { idempotencyKey: idempotencyKey(ctx, 'simulateCashDeposit.auth', basis, given) },
        ),
      DEPOSIT_FIELDS,
    );
    if (!auth.ok) return { cashIn: null, userErrors: auth.userErrors };
    const { confirmationId } = auth.ok;
    const commit = await attempt(
      () =>
        ctx.oms.cashIns.simulateAuthCommit(
          { accountNumber, accountReferenceNumber: cashIn.id, amount, originalConfirmationId: confirmationId, customerId: cashIn.customerId },
          { idempotencyKey: idempotencyKey(ctx, 'simulateCashDeposit.commit', basis, given) },
        ),
      DEPOSIT_FIELDS,
    );
    if (!commit.ok) return { cashIn: null, userErrors: commit.userErrors };
    return { cashIn: await ctx.loaders.cashIn.clear(cashIn.id).load(cashIn.id), userErrors: [] };
  }
}
