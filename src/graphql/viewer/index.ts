import { defineResource, type ResolverClasses } from '../resource.js';
import { ViewerResolver } from './viewer.resolver.js';

export const viewerResource = defineResource({ resolvers: (): ResolverClasses => [ViewerResolver] });
