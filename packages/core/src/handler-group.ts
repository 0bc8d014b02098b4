// A handler group: a named driver of handlers that can be disabled at runtime (it then passes).
import { Counters } from "./counters.js";
import type { CacheCounters, CacheSnapshot, DecisionCache } from "./decision-cache.js";
import type { Driver, DriverInfo } from "./drivers.js";
import type { HookName } from "./events.js";

export class HandlerGroup implements Driver {
  readonly kind = "handlers" as const;
  #enabled = true;
  readonly #counters = new Map<HookName, Counters>();
  /** Only for hooks where a handler of the group caches its decisions. */
  readonly #cacheCounters = new Map<HookName, CacheCounters>();
  readonly #caches = new Map<HookName, Set<DecisionCache>>();

  constructor(readonly name: string) {}

  get enabled(): boolean {
    return this.#enabled;
  }

  enable(): void {
    this.#enabled = true;
  }

  disable(): void {
    this.#enabled = false;
  }

  /** The counters of this group on one hook, created when the group first registers on it. */
  countersFor(hook: HookName): Counters {
    let counters = this.#counters.get(hook);
    if (counters === undefined) {
      counters = new Counters();
      this.#counters.set(hook, counters);
    }
    return counters;
  }

  /** The cache counters of this group on one hook, shared by every cached handler of the group there. */
  cacheCountersFor(hook: HookName): CacheCounters {
    let counters = this.#cacheCounters.get(hook);
    if (counters === undefined) {
      counters = { hits: 0, misses: 0, evictions: 0, expired: 0 };
      this.#cacheCounters.set(hook, counters);
    }
    return counters;
  }

  addCache(hook: HookName, cache: DecisionCache): void {
    let caches = this.#caches.get(hook);
    if (caches === undefined) {
      caches = new Set();
      this.#caches.set(hook, caches);
    }
    caches.add(cache);
  }

  /** Drops caches whose handlers were replaced (a handler swap); their decisions go with them. */
  removeCache(hook: HookName, cache: DecisionCache): void {
    this.#caches.get(hook)?.delete(cache);
  }

  /** Forgets every decision the group's handlers cached; returns how many there were. */
  clearCaches(): number {
    let cleared = 0;
    for (const caches of this.#caches.values()) for (const cache of caches) cleared += cache.clear();
    return cleared;
  }

  /** Cache counters per hook, for hooks where the group caches; empty when it caches nowhere. */
  cacheStats(): Partial<Record<HookName, CacheSnapshot>> {
    const stats: Partial<Record<HookName, CacheSnapshot>> = {};
    for (const [hook, counters] of this.#cacheCounters) {
      let entries = 0;
      for (const cache of this.#caches.get(hook) ?? []) entries += cache.size;
      stats[hook] = { ...counters, entries };
    }
    return stats;
  }

  hooks(): HookName[] {
    return [...this.#counters.keys()];
  }

  describe(): DriverInfo {
    const counters: Record<string, unknown> = {};
    for (const [hook, c] of this.#counters) counters[hook] = c.snapshot();
    const detail: Record<string, unknown> = { counters };
    if (this.#cacheCounters.size > 0) detail.cache = this.cacheStats();
    return {
      name: this.name,
      kind: this.kind,
      enabled: this.#enabled,
      hooks: this.hooks(),
      detail,
    };
  }
}
