import { defineResource, type ResolverClasses } from '../resource.js';
import { SessionResolver, ViewerSessionResolver } from './session.resolver.js';

/** Seller sessions beyond creating one (createSellerSession, with the seller): ending them, and a token's own session id. */
export const sessionResource = defineResource({ resolvers: (): ResolverClasses => [SessionResolver, ViewerSessionResolver] });
