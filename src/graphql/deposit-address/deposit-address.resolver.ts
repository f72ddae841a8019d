import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { DepositAddress as OmsDepositAddress } from '../../oms/schemas/index.js';
import { developerFeesFor } from '../../tenancy/ownership.js';
import { pageSize, scan } from '../common/connection.js';
import type { GatewayContext } from '../context.js';
import { JSONObjectScalar } from '../scalars.js';
import { Seller } from '../seller/seller.type.js';
import { TransactionConnection } from '../transaction/transaction.type.js';
import { FeeEntry, PaymentTarget } from '../virtual-account/virtual-account.type.js';
import { toDestination, toFeeEntry } from './deposit-address.map.js';
import { DepositAddress, DepositInstructions } from './deposit-address.type.js';

@Resolver(() => DepositAddress)
export class DepositAddressResolver {
  @Query(() => DepositAddress, { nullable: true, description: "A deposit address by id, or null where it does not exist or is not the caller's." })
  depositAddress(@Arg('id', () => ID, { description: 'An OMS id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.visible.depositAddress(id);
  }

  @FieldResolver(() => Seller, { description: 'The seller the address belongs to.' })
  seller(@Root() da: OmsDepositAddress, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.customer.load(da.customerId);
  }

  @FieldResolver(() => DepositInstructions, { description: 'Where senders send crypto; each deposit becomes a CRYPTO_TO_CRYPTO transaction.' })
  depositInstructions(@Root() da: OmsDepositAddress): DepositInstructions {
    return da.source.depositInstructions;
  }

  @FieldResolver(() => PaymentTarget, { description: 'Where deposits are forwarded.' })
  destination(@Root() da: OmsDepositAddress) {
    return toDestination(da);
  }

  @FieldResolver(() => [FeeEntry], { description: 'Your fees on each deposit; empty for a seller token unless its tenant shows them.' })
  developerFees(@Root() da: OmsDepositAddress, @Ctx() ctx: GatewayContext) {
    return developerFeesFor(ctx.caller, da.developerFees).map(toFeeEntry);
  }

  @FieldResolver(() => JSONObjectScalar, { nullable: true, description: 'Key-value data copied onto every deposit.' })
  metadata(@Root() da: OmsDepositAddress) {
    return da.metadata ?? null;
  }

  @FieldResolver(() => TransactionConnection, { description: 'The deposits to this address, newest first.' })
  transactions(
    @Root() da: OmsDepositAddress,
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'How many, 1 to 100.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Continue after this cursor.' }) after?: string | null,
  ) {
    // OMS cannot filter by deposit address: page through the seller's crypto deposits and keep this address's.
    return scan(
      ctx.cursors,
      pageSize(first ?? 20),
      ctx.cursors.decode(after, 'after', 'txn_'),
      (cursor) => ctx.loaders.transactionPage.load({ customerId: da.customerId, limit: 100, startingAfter: cursor, type: 'cryptoToCrypto' }),
      (txn) => txn.depositAddressId === da.id,
    );
  }
}
