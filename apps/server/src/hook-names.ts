// Hook names as the config spells them: v2/v3 names, EMQX 4 aliases, and `*` / `client.*` patterns.
import type { HookName } from "@exhook/core";
import { isMessageHook } from "@exhook/core";
import { rpcTable } from "@exhook/proto";

/** Every hook of the event model, in EMQX's order. */
export const allHooks: readonly HookName[] = rpcTable.v2.map((entry) => entry.hook);

/** The hooks a broker is asked to install (OnProviderLoaded/Unloaded are always called). */
export const offerableHooks: readonly HookName[] = allHooks.filter((hook) => !hook.startsWith("provider."));

const aliases: Record<string, HookName> = {
  "client.check_acl": "client.authorize",
  "session.takeovered": "session.takenover",
};

/** The hooks a name or pattern stands for, or `undefined` when it names none. */
export function expandHookPattern(name: string): HookName[] | undefined {
  if (name === "*") return [...offerableHooks];
  if (name.endsWith(".*")) {
    const prefix = name.slice(0, -1);
    const matched = allHooks.filter((hook) => hook.startsWith(prefix));
    return matched.length === 0 ? undefined : matched;
  }
  const alias = aliases[name];
  if (alias !== undefined) return [alias];
  return (allHooks as readonly string[]).includes(name) ? [name as HookName] : undefined;
}

export function isMessageHookName(hook: HookName): boolean {
  return isMessageHook(hook);
}
