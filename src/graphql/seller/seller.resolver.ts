import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import { RESERVED_METADATA_KEYS } from '../../tenancy/ownership.js';
import { MAX_SESSION_SECONDS } from '../../tenancy/sessions.js';
import { toConnection } from '../common/connection.js';
import { pageRequest, RelayPageArgs } from '../common/paging.js';
import { UserErrorCode } from '../common/common.type.js';
import { argument, emailInput, line, optional } from '../common/inputs.js';
import { failed, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { JSONObjectScalar } from '../scalars.js';
import {
  CreateSellerInput,
  CreateSellerPayload,
  createSellerSchema,
  CreateSellerSessionInput,
  CreateSellerSessionPayload,
  createSellerSessionSchema,
} from './seller.input.js';
import { createIndexedSeller } from './seller.create.js';
import { sellersPage } from './seller.listing.js';
import { Seller, SellerConnection } from './seller.type.js';

@Resolver(() => Seller)
export class SellerResolver {
  @Query(() => Seller, { nullable: true, description: 'A seller by id, or null where it does not exist or is not the caller’s.' })
  seller(@Arg('id', () => ID, { description: 'An OMS id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.visible.seller(id);
  }

  @Query(() => SellerConnection, { description: "The tenant's sellers, newest first. A seller token sees a connection of itself alone." })
  async sellers(
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => RelayPageArgs) page: RelayPageArgs,
    @Arg('email', () => String, { nullable: true, description: 'Only the seller with this email.' }) emailArg?: string | null,
    @Arg('externalId', () => String, { nullable: true, description: 'Only the seller with this externalId.' }) externalIdArg?: string | null,
  ) {
    const email = argument('email', optional(emailInput), emailArg);
    const externalId = argument('externalId', optional(line(200)), externalIdArg);
    const request = pageRequest(ctx.cursors, page, info, 'cst_');
    const { caller } = ctx;
    if (caller.role === 'seller') {
      // Its one item: any cursor (necessarily its own) leaves nothing on either side.
      const self = request.direction === 'forward' && !request.after ? await ctx.visible.seller(caller.sellerId) : null;
      const matches = self && (!email || self.email === email) && (!externalId || self.externalId === externalId);
      return toConnection(ctx.cursors, matches ? [self] : [], false);
    }
    return sellersPage(ctx, request, { email, externalId });
  }

  @FieldResolver(() => JSONObjectScalar, { nullable: true, description: 'Your own key-value data about the seller.' })
  metadata(@Root() seller: Customer) {
    if (!seller.metadata) return null;
    return Object.fromEntries(Object.entries(seller.metadata).filter(([key]) => !RESERVED_METADATA_KEYS.includes(key)));
  }

  @Mutation(() => CreateSellerPayload, {
    description: 'Creates a seller of the calling tenant, with every endorsement requested. Tenant keys, and seller tokens where the tenant allows it.',
  })
  async createSeller(
    @Arg('input', () => CreateSellerInput, { description: 'What to do.' }) input: CreateSellerInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateSellerPayload> {
    const valid = validate(createSellerSchema, input);
    if ('errors' in valid) return { seller: null, userErrors: valid.errors };
    return createIndexedSeller(ctx, valid.data);
  }

  @Mutation(() => CreateSellerSessionPayload, {
    description: "A short-lived token for one seller's dashboard. Tenant keys, and seller tokens (for themselves) where the tenant allows it.",
  })
  async createSellerSession(
    @Arg('input', () => CreateSellerSessionInput, { description: 'What to do.' }) input: CreateSellerSessionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateSellerSessionPayload> {
    const valid = validate(createSellerSessionSchema, input);
    if ('errors' in valid) return { session: null, userErrors: valid.errors };
    const seller = await ctx.visible.seller(valid.data.sellerId);
    if (!seller) return { session: null, ...failed(UserErrorCode.NOT_FOUND, 'No such seller', ['input', 'sellerId']) };
    const issued = await ctx.sessions.issue(ctx.caller.tenant.id, seller.id, Math.min(valid.data.ttlSeconds, MAX_SESSION_SECONDS));
    return { session: { ...issued, seller }, userErrors: [] };
  }
}
