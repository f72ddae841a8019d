import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { DepositAddress as OmsDepositAddress, SimulatedAddressDeposit, Transaction } from '../../oms/schemas/index.js';
import { UserErrorCode } from '../common/common.type.js';
import { attempt, failed, idempotencyKey, sandboxOnly, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { SimulateCryptoDepositInput, SimulateCryptoDepositPayload, simulateCryptoDepositSchema } from './deposit-address.input.js';
import { notFound } from './deposit-address.mutations.js';

@Resolver()
export class SimulateCryptoDepositResolver {
  @Mutation(() => SimulateCryptoDepositPayload, { description: "Sandbox only: an on-chain deposit to a deposit address or to a wallet's raw address." })
  async simulateCryptoDeposit(
    @Arg('input', () => SimulateCryptoDepositInput, { description: 'What to do.' }) raw: SimulateCryptoDepositInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const refused = sandboxOnly(ctx, 'Crypto deposits can be simulated');
    if (refused) return { accepted: false, transaction: null, userErrors: refused.userErrors };
    const valid = validate(simulateCryptoDepositSchema, raw);
    if ('errors' in valid) return { accepted: false, transaction: null, userErrors: valid.errors };
    const { depositAddressId, walletId, amount } = valid.data;
    const key = idempotencyKey(ctx, 'simulateCryptoDeposit', valid.data, valid.data.idempotencyKey);
    const body = { amount: { value: amount } };

    if (walletId) {
      if (!(await ctx.visible.wallet(walletId))) return { accepted: false, transaction: null, ...notFound('walletId', 'wallet') };
      const outcome = await attempt(() => ctx.oms.wallets.simulateDeposit(walletId, body, { idempotencyKey: key }), AMOUNT_FIELDS);
      return { accepted: outcome.ok !== null, transaction: null, userErrors: outcome.userErrors };
    }

    const da = await ctx.visible.depositAddress(depositAddressId!);
    if (!da) return { accepted: false, transaction: null, ...notFound('depositAddressId', 'deposit address') };
    // OMS would refuse too; said here in words that tell the developer what to do.
    if (da.status !== 'active') {
      const why = da.status === 'paused' ? 'resume it first' : 'it cannot receive';
      return {
        accepted: false,
        transaction: null,
        ...failed(UserErrorCode.INVALID_INPUT, `The deposit address is ${da.status}: ${why}`, ['input', 'depositAddressId']),
      };
    }
    const outcome = await attempt(() => ctx.oms.depositAddresses.simulate(da.id, body, { idempotencyKey: key }), {
      ...AMOUNT_FIELDS,
      id: ['input', 'depositAddressId'],
    });
    if (!outcome.ok) return { accepted: false, transaction: null, userErrors: outcome.userErrors };
    return { accepted: true, transaction: await createdTransaction(ctx, da, outcome.ok), userErrors: [] };
  }
}

const AMOUNT_FIELDS: Record<string, string[]> = { 'amount.value': ['input', 'amount'] };

/**
 * The transaction the deposit created, read back so every field of it resolves. The sandbox names it;
 * OMS's documented answer does not, so otherwise it is found among the seller's newest crypto deposits by its hash.
 */
async function createdTransaction(ctx: GatewayContext, da: OmsDepositAddress, simulated: SimulatedAddressDeposit): Promise<Transaction | null> {
  if (simulated.transactionId) return ctx.loaders.transaction.load(simulated.transactionId);
  const page = await ctx.loaders.transactionPage.load({ customerId: da.customerId, limit: 20, type: 'cryptoToCrypto' });
  return page.data.find((txn) => txn.depositAddressId === da.id && txn.source.txHash === simulated.transactionHash) ?? null;
}
