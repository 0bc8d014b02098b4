// What OnProviderLoaded answers: the hooks to offer a broker, with the topic filters of handlers and routes.
import { create } from "@bufbuild/protobuf";
import { type HookName, type ProtocolVersion, rpcTable, v1, v2, v3 } from "@exhook/proto";
import type { HookChain } from "./chain.js";
import { isMessageHook } from "./events.js";

/** One hook as OnProviderLoaded offers it: the broker's name for it, and its topic filters (empty: all). */
export interface OfferedHook {
  name: string;
  topics: string[];
}

/**
 * `"registered"` offers hooks with a handler or a sink route, with the union of their filters; `"all"`
 * offers every hook of the caller's version, no filters.
 */
export function offeredHooks(
  version: ProtocolVersion,
  mode: "registered" | "all",
  chainOf: (hook: HookName) => HookChain | undefined,
  routed: ReadonlyMap<HookName, readonly string[] | "all"> | undefined,
): OfferedHook[] {
  const offered: OfferedHook[] = [];
  for (const entry of rpcTable[version]) {
    if (entry.wireHook === undefined) continue;
    if (mode === "all") {
      offered.push({ name: entry.wireHook, topics: [] });
      continue;
    }
    const chain = chainOf(entry.hook);
    const route = routed?.get(entry.hook);
    if ((chain === undefined || chain.size === 0) && route === undefined) continue;
    let topics: string[] = [];
    if (isMessageHook(entry.hook)) {
      const fromChain = chain === undefined ? [] : chain.topicFilters();
      const takesAll = fromChain === undefined || route === "all";
      if (!takesAll) topics = [...new Set([...fromChain, ...(route ?? [])])];
    }
    offered.push({ name: entry.wireHook, topics });
  }
  return offered;
}

const loadedSchemas = {
  v1: v1.LoadedResponseSchema,
  v2: v2.LoadedResponseSchema,
  v3: v3.LoadedResponseSchema,
};

export function loadedResponse(version: ProtocolVersion, hooks: OfferedHook[]): object {
  // The three versions' LoadedResponse and HookSpec have the same fields; the schema names the version.
  return create(loadedSchemas[version] as typeof v2.LoadedResponseSchema, { hooks });
}
