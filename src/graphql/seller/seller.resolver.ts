import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Customer } from '../../oms/schemas/index.js';
import { canSeeSeller, isTreasury, RESERVED_METADATA_KEYS, TENANT_METADATA_KEY, tenantOf } from '../../tenancy/ownership.js';
import { MAX_SESSION_SECONDS } from '../../tenancy/sessions.js';
import { toConnection } from '../common/connection.js';
import { pageRequest, RelayPageArgs, scanPage } from '../common/paging.js';
import { UserErrorCode } from '../common/common.type.js';
import { argument, emailInput, line, optional } from '../common/inputs.js';
import { attempt, failed, idempotencyKey, validate } from '../common/mutation.js';
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
    const request = pageRequest(ctx.cursors, page, info);
    const { caller, oms, loaders } = ctx;
    if (caller.role === 'seller') {
      // Its one item: any cursor (necessarily its own) leaves nothing on either side.
      const self = request.direction === 'forward' && !request.after ? await ctx.visible.seller(caller.sellerId) : null;
      const matches = self && (!email || self.email === email) && (!externalId || self.externalId === externalId);
      return toConnection(ctx.cursors, matches ? [self] : [], false);
    }
    const filters = { ...(email ? { email } : {}), ...(externalId ? { externalId } : {}) };
    const connection = await scanPage(
      ctx.cursors,
      request,
      (bound) => oms.customers.list({ limit: 100, ...filters, ...bound }),
      (customer) => canSeeSeller(caller, customer),
    );
    for (const seller of connection.nodes) loaders.customer.prime(seller.id, seller);
    return connection;
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
    const { idempotencyKey: given, metadata, ...fields } = valid.data;
    const tenantId = ctx.caller.tenant.id;
    if (fields.externalId) {
      const existing = (await ctx.oms.customers.list({ externalId: fields.externalId, limit: 100 })).data.find(
        (c) => tenantOf(c) === tenantId && !isTreasury(c),
      );
      // The same seller again is a retry: answer it, to a caller who may see it. Anything else under the
      // externalId is refused, naming the seller only to a caller who may see it: a seller token learns
      // that the externalId is taken (uniqueness cannot be kept without saying so), never by whom.
      const mine = existing && canSeeSeller(ctx.caller, existing);
      if (mine && existing.email === fields.email && existing.firstName === fields.firstName && existing.lastName === fields.lastName) {
        return { seller: existing, userErrors: [] };
      }
      if (existing) {
        const taken = mine ? `externalId is already used by seller ${existing.id}` : 'externalId is already used by another seller';
        return { seller: null, ...failed(UserErrorCode.EXTERNAL_ID_TAKEN, taken, ['input', 'externalId']) };
      }
    }
    const key = idempotencyKey(ctx, 'createSeller', valid.data, given);
    const body = {
      ...fields,
      metadata: { ...metadata, [TENANT_METADATA_KEY]: tenantId },
      endorsements: ['basic' as const, 'cryptoCustody' as const, 'usd' as const],
    };
    const outcome = await attempt(() => ctx.oms.customers.create(body, { idempotencyKey: key }), FIELDS);
    // A seller token sees itself alone, so the seller it made is made but not shown to it (null): its
    // fields would load that seller's wallets and transactions by id.
    const seller = outcome.ok && canSeeSeller(ctx.caller, outcome.ok) ? outcome.ok : null;
    return { seller, userErrors: outcome.userErrors };
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

/** Where OMS's `param` of a customer error points in CreateSellerInput. */
const FIELDS: Record<string, string[]> = {
  email: ['input', 'email'],
  phone: ['input', 'phone'],
  birthDate: ['input', 'birthDate'],
  nationality: ['input', 'nationality'],
  metadata: ['input', 'metadata'],
};
