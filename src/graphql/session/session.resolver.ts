import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { UserErrorCode } from '../common/common.type.js';
import { failed, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { Viewer } from '../viewer/viewer.resolver.js';
import {
  RevokeSellerSessionInput,
  RevokeSellerSessionPayload,
  revokeSellerSessionSchema,
  RevokeSellerSessionsInput,
  RevokeSellerSessionsPayload,
  revokeSellerSessionsSchema,
} from './session.input.js';

/**
 * Ending seller sessions before they expire. A revoked session's token is refused from then on, on
 * every instance (within a second), and its open graphql-ws sockets close with 4403. Nothing here
 * reaches OMS but the seller lookup of revokeSellerSessions.
 */
@Resolver()
export class SessionResolver {
  @Mutation(() => RevokeSellerSessionPayload, {
    description:
      'Ends one seller session: its token is refused from then on and its open sockets close (4403). Tenant keys, for any session of their sellers; and every seller token, for the sessions of its own seller (signing out needs no grant).',
  })
  async revokeSellerSession(
    @Arg('input', () => RevokeSellerSessionInput, { description: 'What to do.' }) input: RevokeSellerSessionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<RevokeSellerSessionPayload> {
    const valid = validate(revokeSellerSessionSchema, input);
    if ('errors' in valid) return { revokedSessionId: null, userErrors: valid.errors };
    const { caller } = ctx;
    // Under the caller's tenant alone, and a seller token's own seller alone: anyone else's session answers like a missing one.
    const ended = await ctx.sessions.revoke(caller.tenant.id, valid.data.sessionId, caller.role === 'seller' ? caller.sellerId : undefined);
    if (!ended) return { revokedSessionId: null, userErrors: failed(UserErrorCode.NOT_FOUND, 'No such session', ['input', 'sessionId']).userErrors };
    return { revokedSessionId: valid.data.sessionId, userErrors: [] };
  }

  @Mutation(() => RevokeSellerSessionsPayload, {
    description:
      "Ends every session of one seller (sessions created afterwards work). Tenant keys, and seller tokens (for their own seller) where the tenant allows it: it also ends sessions the tenant made for that seller's dashboard.",
  })
  async revokeSellerSessions(
    @Arg('input', () => RevokeSellerSessionsInput, { description: 'What to do.' }) input: RevokeSellerSessionsInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<RevokeSellerSessionsPayload> {
    const valid = validate(revokeSellerSessionsSchema, input);
    if ('errors' in valid) return { seller: null, revokedSessionIds: null, userErrors: valid.errors };
    const seller = await ctx.visible.seller(valid.data.sellerId);
    if (!seller)
      return { seller: null, revokedSessionIds: null, userErrors: failed(UserErrorCode.NOT_FOUND, 'No such seller', ['input', 'sellerId']).userErrors };
    const revokedSessionIds = await ctx.sessions.revokeSeller(ctx.caller.tenant.id, seller.id);
    return { seller, revokedSessionIds, userErrors: [] };
  }
}

/** Viewer.sessionId: the session of a seller token, so a dashboard can sign itself out. */
@Resolver(() => Viewer)
export class ViewerSessionResolver {
  @FieldResolver(() => ID, { nullable: true, description: 'Set for a seller token: the id of its session, for revokeSellerSession (signing out).' })
  sessionId(@Root() _viewer: Viewer, @Ctx() { caller }: GatewayContext): string | null {
    return caller.role === 'seller' ? caller.sessionId : null;
  }
}
