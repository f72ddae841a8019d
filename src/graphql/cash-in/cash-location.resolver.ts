import { Arg, Ctx, Float, Query, Resolver } from 'type-graphql';
import { ErrorCode, GatewayError } from '../../errors.js';
import type { CashLocation as OmsCashLocation } from '../../oms/schemas/index.js';
import type { GatewayContext } from '../context.js';
import { CashLocation } from './cash-in.type.js';

@Resolver(() => CashLocation)
export class CashLocationResolver {
  @Query(() => [CashLocation], { description: 'Where a seller can pay in cash near a point (cash-in), nearest first; coordinates in decimal degrees.' })
  async cashLocations(
    @Ctx() ctx: GatewayContext,
    @Arg('latitude', () => Float, { description: 'Decimal degrees, -90 to 90.' }) latitude: number,
    @Arg('longitude', () => Float, { description: 'Decimal degrees, -180 to 180.' }) longitude: number,
    @Arg('provider', () => String, { nullable: true, defaultValue: 'greendot', description: 'The cash network, e.g. "greendot".' }) provider: string | null,
  ): Promise<CashLocation[]> {
    within('latitude', latitude, 90);
    within('longitude', longitude, 180);
    const network = (provider ?? 'greendot').trim();
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(network)) throw new GatewayError(ErrorCode.BAD_USER_INPUT, '`provider` must be a cash network name such as "greendot"');
    const locations = await ctx.loaders.cashLocations.load({ provider: network, latitude, longitude, flow: 'cashIn' });
    return locations.map(toCashLocation);
  }
}

/** Refused before OMS is asked: a point off the globe is the caller's mistake, named with what came. */
function within(name: string, degrees: number, limit: number): void {
  if (!Number.isFinite(degrees) || Math.abs(degrees) > limit) {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `\`${name}\` must be between -${limit} and ${limit} decimal degrees; got ${degrees}`);
  }
}

function toCashLocation(location: OmsCashLocation): CashLocation {
  const { locationReference, distance, ...rest } = location;
  return { ...rest, reference: locationReference, distance: Number(distance) };
}
