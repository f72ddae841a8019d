import { Arg, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Node } from '../common/node.js';
import type { GatewayContext } from '../context.js';
import { ViewerRole } from './viewer.enums.js';
import { Seller, Tenant } from '../seller/seller.type.js';

@ObjectType({ description: 'Who the token belongs to.' })
export class Viewer {
  @Field(() => ViewerRole, { description: 'TENANT for an API key, SELLER for a seller session token.' })
  role!: ViewerRole;

  @Field(() => Tenant, { description: 'The tenant the token belongs to.' })
  tenant!: Tenant;
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'Who the token belongs to.' })
  viewer(@Ctx() { caller }: GatewayContext): Viewer {
    return { role: caller.role, tenant: { id: caller.tenant.id, name: caller.tenant.name } };
  }

  @FieldResolver(() => Seller, { nullable: true, description: 'Set for a seller token.' })
  seller(@Root() _viewer: Viewer, @Ctx() ctx: GatewayContext) {
    return ctx.caller.role === 'seller' ? ctx.visible.seller(ctx.caller.sellerId) : null;
  }

  @Query(() => Node, { nullable: true, description: "Any object by its OMS id, or null where it does not exist or is not the caller's." })
  node(@Arg('id', () => ID, { description: 'An OMS id.' }) id: string, @Ctx() { visible }: GatewayContext) {
    return visible.node(id);
  }
}
