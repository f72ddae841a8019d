import 'reflect-metadata';
import type { Resource } from './resource.js';
import { cashInResource } from './cash-in/index.js';
import { depositAddressResource } from './deposit-address/index.js';
import { externalAccountResource } from './external-account/index.js';
import { quoteResource } from './quote/index.js';
import { sellerResource } from './seller/index.js';
import { sessionResource } from './session/index.js';
import { subscriptionResource } from './subscription/index.js';
import { transactionResource } from './transaction/index.js';
import { treasuryResource } from './treasury/index.js';
import { viewerResource } from './viewer/index.js';
import { virtualAccountResource } from './virtual-account/index.js';
import { walletResource } from './wallet/index.js';

/** Every resource of the API: registering a resource is one line here. */
export const resources = [
  viewerResource,
  sellerResource,
  walletResource,
  virtualAccountResource,
  transactionResource,
  quoteResource,
  cashInResource,
  depositAddressResource,
  externalAccountResource,
  subscriptionResource,
  treasuryResource,
  sessionResource,
] as const;

type Registered = (typeof resources)[number];

/** Every object type `node(id:)` resolves, by OMS id prefix, with the visibility function that finds it. */
export const nodeKinds: readonly { prefix: string; type: string; find: string }[] = resources.flatMap(
  (resource): readonly { prefix: string; type: string; find: string }[] => resource.nodes ?? [],
);
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
// biome-ignore lint/suspicious/noExplicitAny: matches any resource, whatever its other part
type LoadersOf<R> = R extends Resource<infer L, any> ? L : never;
// biome-ignore lint/suspicious/noExplicitAny: matches any resource, whatever its other part
type VisibilityOf<R> = R extends Resource<any, infer V> ? V : never;

/** One operation's loaders: every resource's, side by side. */
export type Loaders = UnionToIntersection<LoadersOf<Registered>>;

/** Every resource's checked lookups, and `node` over all of them. */
export type Visibility = UnionToIntersection<VisibilityOf<Registered>> & {
  /** Any object by its OMS id, through its resource's check by id prefix. */
  node(id: string): Promise<{ id: string } | null>;
};
