// Replacing every handler of a running app at once (a config reload). The new chains are built aside from a
// staging app's registrations, then each hook's slot takes its new chain and policy in one synchronous loop:
// no call can start in between, so every call runs wholly on the old set or wholly on the new one. A call
// already running holds the chain and policy it started with (HookCall keeps both), and old chains are never
// changed, so calls in flight finish on the old set. Per call this costs nothing: the dispatcher reads the
// slot's chain as it always did.
import { HookChain } from "./chain.js";
import type { Dispatcher } from "./dispatch.js";
import type { DriverRegistry } from "./drivers.js";
import { ExhookError } from "./errors.js";
import type { HookName } from "./events.js";
import { HandlerGroup } from "./handler-group.js";

/** The parts of an app that hold its handlers. */
export interface HandlerSet {
  readonly dispatcher: Dispatcher;
  readonly groups: Map<string, HandlerGroup>;
  readonly drivers: DriverRegistry;
}

/** What a swap changed in the handler groups (drivers). */
export interface HandlerSwap {
  /** Handler groups the new set brings that the app did not have. */
  added: string[];
  /** Handler groups with no handler in the new set: unregistered, with their counters. */
  removed: string[];
}

/**
 * Gives `live` the chains, hook policies and offer mode of `next`. A group that stays keeps its driver
 * (enabled or disabled as an operator left it) and its counters. Throws, changing nothing, when a new group's
 * name is taken by another driver (a sink).
 */
export function swapHandlers(live: HandlerSet, next: HandlerSet): HandlerSwap {
  const added: string[] = [];
  for (const name of next.groups.keys()) {
    if (live.groups.has(name)) continue;
    if (live.drivers.get(name) !== undefined) {
      throw new ExhookError("name_taken", `a driver named "${name}" already exists`, { key: name });
    }
    added.push(name);
  }
  const groups = new Map<string, HandlerGroup>();
  for (const name of next.groups.keys()) groups.set(name, live.groups.get(name) ?? new HandlerGroup(name));

  const chains = new Map<HookName, HookChain>();
  for (const hook of next.dispatcher.hooks()) {
    const staged = next.dispatcher.chain(hook);
    if (staged === undefined || staged.size === 0) continue;
    const chain = new HookChain(hook, staged.valued);
    // Registrations are in run order already; adding them in that order keeps it.
    for (const r of staged.registrations)
      chain.add(groups.get(r.group.name)!, r.source, r.priority, r.topics, r.cacheOptions);
    chains.set(hook, chain);
  }

  // From here on nothing throws: the commit.
  for (const name of added) {
    const group = groups.get(name)!;
    live.groups.set(name, group);
    live.drivers.register(group);
  }
  // The old handlers' caches leave their groups (a new handler may decide otherwise); calls in flight on the
  // old chains still use them, unseen by stats and clears.
  for (const hook of live.dispatcher.hooks())
    for (const r of live.dispatcher.chain(hook)?.registrations ?? [])
      if (r.cache !== undefined) r.group.removeCache(hook, r.cache);
  live.dispatcher.replaceChains(chains, next.dispatcher);
  const removed: string[] = [];
  for (const name of [...live.groups.keys()]) {
    if (groups.has(name)) continue;
    live.groups.delete(name);
    live.drivers.unregister(name);
    removed.push(name);
  }
  return { added, removed };
}
