/**
 * Where the read cache keeps what instances share: each scope's generation, and entries under it.
 * A scope is one OMS customer of one account; every entry of a scope is written under the scope's
 * generation at the time its read began, so giving a scope a new generation makes every older entry
 * unreachable at once, on every instance, without finding or deleting them (they expire).
 *
 * Two implementations: in memory (one process) and Redis (every instance); one contract suite runs
 * against both (test/cache/store.contract.test.ts). Use after close is an error.
 */
export interface CacheStore {
  /** The scope's current generation; a new random one is made (and kept for `generationTtlMs`) when it has none. */
  generation(scope: string): Promise<string>;
  /** Gives every scope a new generation. Resolves once written: the caller may then promise that no later read sees older entries. */
  bump(scopes: readonly string[]): Promise<void>;
  /** The entry under `scope`'s generation `generation`, if kept. */
  get(scope: string, generation: string, key: string): Promise<string | undefined>;
  /** Keeps an entry for `ttlMs` under a generation read before the value was fetched. */
  set(scope: string, generation: string, key: string, value: string, ttlMs: number): Promise<void>;
  /** A fact that never changes (which customer owns an object), if kept. */
  fact(key: string): Promise<string | undefined>;
  /** Keeps a fact for `ttlMs`. */
  learn(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Long enough to outlive any entry written under a generation; a generation that expires anyway only costs misses. */
export const generationTtl = (maxAgeMs: number): number => 2 * maxAgeMs;
