import { UserErrorCode } from '../common/common.type.js';
import { failed, type Outcome } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { defaultFeeWallet } from './treasury.js';

// Not in treasury.ts: src/demo.ts imports that file, and GraphQL types (UserErrorCode) must not load before reflect-metadata.

/**
 * The wallet each developer fee is paid into, in order, for every mutation that takes developer fees
 * (createVirtualAccount, createDepositAddress, createQuote): the wallet it names, which the caller must
 * see (else NOT_FOUND, as for a missing one), else the tenant's treasury wallet (defaultFeeWallet).
 *
 * A fee naming no wallet when the tenant has no treasury wallet is refused, before OMS is asked. OMS
 * would take such a fee: the seller would be charged it, but it would be paid into no wallet of the
 * tenant's, so the marketplace would earn money it can neither see (fee income reads credits to
 * wallets) nor spend. A payments developer would rather be told, at the fee, where it should go.
 */
export async function feeWallets(
  ctx: GatewayContext,
  fees: readonly { walletId?: string | null | undefined }[],
  prefer: { asset: string; network: string },
): Promise<Outcome<string[]>> {
  const [treasuryWallet, ...named] = await Promise.all([
    fees.some((fee) => !fee.walletId) ? defaultFeeWallet(ctx, prefer) : undefined,
    ...fees.map((fee) => (fee.walletId ? ctx.visible.wallet(fee.walletId) : null)),
  ]);
  const wallets: string[] = [];
  for (const [i, fee] of fees.entries()) {
    const field = ['input', 'developerFees', String(i), 'walletId'];
    if (fee.walletId && !named[i]) return failed(UserErrorCode.NOT_FOUND, 'No such wallet', field);
    const wallet = fee.walletId ?? treasuryWallet;
    if (!wallet)
      return failed(
        UserErrorCode.INVALID_INPUT,
        'Name the wallet this fee is paid into, or create a treasury wallet (createTreasuryWallet) to receive fees that name none',
        field,
      );
    wallets.push(wallet);
  }
  return { ok: wallets, userErrors: [] };
}
