import type { Customer } from '../oms/schemas/index.js';
import type { OmsClient } from '../oms/index.js';
import type { Caller } from '../tenancy/caller.js';
import type { LoaderKit } from './loaders.js';

/**
 * One resource of the API, as its folder registers it in `resources.ts`: its resolver classes (types,
 * inputs and enums come with them), its per-request loaders, how its objects are checked against the
 * caller, and the OMS id prefixes `node(id:)` resolves through it. Everything about a resource lives
 * in its folder; adding one is a folder and one line in the list.
 */
export interface Resource<L extends object = object, V extends object = object> {
  /** Its resolver classes; a function, so the types derived from the list never wait on the resolvers' own. */
  resolvers: () => ResolverClasses;
  /** Its loaders over the operation's OMS client, made with the kit (batching, caching, priming). */
  loaders?: (oms: OmsClient, kit: LoaderKit) => L;
  /** Its objects by id as the caller may see them: null for missing and for someone else's alike. */
  visibility?: (scope: VisibilityScope, loaders: L) => V;
  /** The object types `node(id:)` resolves by id prefix, each through one of `visibility`'s functions. */
  nodes?: readonly { prefix: string; type: string; find: keyof V & string }[];
}

/** What a resource's visibility is built from: the caller, the ownership rule, and its own loaders. */
export interface VisibilityScope {
  caller: Caller;
  /** The seller, if the caller may see it (the one ownership rule, applied to a customer). */
  seller(id: string): Promise<Customer | null>;
  /**
   * `load`, checked through the customers its `owners` fields name: visible when the caller may see any
   * of them. Fields, not values: how many an object may have is known before it is found, so someone
   * else's object and a missing one cost the same OMS calls.
   */
  owned<T>(load: (id: string) => Promise<T | null>, owners: readonly OwnerField<T>[]): (id: string) => Promise<T | null>;
}

/** A field of `T` holding a customer id (or none). */
export type OwnerField<T> = { [K in keyof T]: T[K] extends string | null | undefined ? K : never }[keyof T] & string;

// biome-ignore lint/complexity/noBannedTypes: type-graphql takes resolver classes as Function
export type ResolverClasses = readonly Function[];

export function defineResource<L extends object = Record<never, never>, V extends object = Record<never, never>>(resource: Resource<L, V>): Resource<L, V> {
  return resource;
}
