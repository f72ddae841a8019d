import type { ExternalAccount } from '../../oms/schemas/index.js';
import type { Destination } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';
import { orAbsent } from '../loaders.js';

/** Where a quote sends, by OMS id or address: exactly one is set (as in a quote's destination leg). */
export interface SendTarget {
  walletId?: string | null | undefined;
  blockchainAddress?: string | null | undefined;
  externalAccountId?: string | null | undefined;
}

/**
 * The destination of a send with the customer who owns it, for the send rule (requireMaySendTo).
 * `known` is the external account already fetched, when there is one, so it is not fetched twice.
 */
export async function destinationOf(ctx: GatewayContext, target: SendTarget, known?: ExternalAccount | null): Promise<Destination> {
  if (target.walletId) {
    const wallet = await ctx.loaders.wallet.load(target.walletId);
    return { kind: 'wallet', owner: wallet && (await ctx.loaders.customer.load(wallet.customerId)) };
  }
  if (target.externalAccountId) {
    const id = target.externalAccountId;
    const account = known !== undefined ? known : await orAbsent(() => ctx.oms.externalAccounts.get(id));
    return { kind: 'externalAccount', owner: account && (await ctx.loaders.customer.load(account.customerId)) };
  }
  return { kind: 'blockchainAddress' };
}

/** The input field that names the destination of a createQuote, for messages. */
export function destinationField(target: SendTarget): string {
  if (target.walletId) return 'input.destinationWalletId';
  return target.externalAccountId ? 'input.destinationExternalAccountId' : 'input.destinationBlockchainAddress';
}
