import type { CreateQuoteRequest, ExternalAccount, Wallet } from '../../oms/schemas/index.js';
import type { Destination } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';

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
    const account = known !== undefined ? known : await ctx.loaders.externalAccount.load(id);
    return { kind: 'externalAccount', owner: account && (await ctx.loaders.customer.load(account.customerId)) };
  }
  return { kind: 'blockchainAddress' };
}

/** The input field that names the destination of a createQuote, for messages. */
export function destinationField(target: SendTarget): string {
  if (target.walletId) return 'input.destinationWalletId';
  return target.externalAccountId ? 'input.destinationExternalAccountId' : 'input.destinationBlockchainAddress';
}

/** A destination as OMS's request names it. */
export function wireTarget(to: Parameters<typeof arrival>[0]) {
  if ('wallet' in to) return { wallet: to.wallet.id };
  return 'externalAccount' in to ? { externalAccount: to.externalAccount.id } : { blockchainAddress: to.blockchainAddress };
}

type Asset = CreateQuoteRequest['destination']['asset'];
type Network = CreateQuoteRequest['destination']['network'];
type Pair = { asset: Asset; network: Network };
type Arrival = Pair | { refused: { field: string; message: string } };

/**
 * What a send arrives as: the asset and network the caller gave, or the default for the destination.
 * A pair the destination cannot take is refused naming the field that does not fit, before OMS is asked.
 * A wallet takes its own asset on its own chain; an outside address a stablecoin on POLYGON or ETHEREUM;
 * a US bank USD over ACH (or wire); an international bank USD by wire; a saved address a stablecoin on its chain.
 */
export function arrival(
  to: { wallet: Wallet } | { blockchainAddress: string } | { externalAccount: ExternalAccount },
  asked: { asset?: Asset | undefined; network?: Network | undefined },
): Arrival {
  const { assets, networks, refused } = accepts(to);
  if (refused) return { refused: { field: 'destinationExternalAccountId', message: refused } };
  const asset = asked.asset ?? assets[0]!;
  const network = asked.network ?? networks[0]!;
  const what = 'wallet' in to ? 'The wallet' : 'blockchainAddress' in to ? 'A blockchain address' : `This ${label(to.externalAccount.type)}`;
  if (!assets.includes(asset)) return { refused: { field: 'destinationAsset', message: `${what} receives ${names(assets)}, not ${asset.toUpperCase()}` } };
  if (!networks.includes(network)) {
    return { refused: { field: 'destinationNetwork', message: `${what} receives over ${names(networks)}, not ${network.toUpperCase()}` } };
  }
  return { asset, network };
}

function accepts(to: Parameters<typeof arrival>[0]): { assets: Asset[]; networks: Network[]; refused?: string } {
  if ('wallet' in to) return { assets: [to.wallet.asset], networks: to.wallet.chain ? [to.wallet.chain] : ['polygon'] };
  if ('blockchainAddress' in to) return { assets: ['usdc', 'usdt'], networks: ['polygon', 'ethereum'] };
  const account = to.externalAccount;
  if (account.status !== 'verified') return { assets: [], networks: [], refused: `The external account is ${account.status.toUpperCase()}, not VERIFIED` };
  switch (account.type) {
    case 'usBank':
      // ACH unless the account is a wire account; wire is there when asked for.
      return { assets: ['usd'], networks: account.network === 'wire' ? ['wire', 'ach'] : ['ach', 'wire'] };
    case 'intlBank':
      return { assets: ['usd'], networks: ['wire'] };
    case 'blockchainAddress':
      return { assets: ['usdc', 'usdt'], networks: [account.network as Network] };
    case 'card':
      return { assets: [], networks: [], refused: 'Payouts to a debit card are not supported through the gateway yet' };
    default: {
      const unknown: never = account.type;
      throw new Error(`unknown external account type ${String(unknown)}`);
    }
  }
}

const label = (type: ExternalAccount['type']) =>
  ({ usBank: 'US bank account', intlBank: 'international bank account', blockchainAddress: 'saved blockchain address', card: 'card' })[type];
const names = (values: readonly string[]) => values.map((value) => value.toUpperCase()).join(' or ');
