// The hook names, derived once from the protocol table, and the spellings a config or an admin call may use.
import { type HookName, rpcTable } from "@exhook/proto";

/** Every hook of the event model, in EMQX's order. */
export const hookNames: readonly HookName[] = Object.freeze(rpcTable.v2.map((entry) => entry.hook));

const known: ReadonlySet<string> = new Set(hookNames);

/** Whether `name` is a hook of the event model (not an alias or a pattern). */
export function isHookName(name: string): name is HookName {
  return known.has(name);
}

/** The hooks a broker is asked to install (OnProviderLoaded/Unloaded are always called). */
export const offerableHookNames: readonly HookName[] = Object.freeze(
  hookNames.filter((hook) => !hook.startsWith("provider.")),
);

/** EMQX 4's names of two hooks. */
const aliases: Readonly<Record<string, HookName>> = {
  "client.check_acl": "client.authorize",
  "session.takeovered": "session.takenover",
};

/**
 * The hooks a name stands for: a hook, an EMQX 4 alias (`client.check_acl`), `*` (every offerable hook) or
 * `<prefix>.*` (`client.*`); `undefined` when it names none.
 */
export function expandHookPattern(name: string): HookName[] | undefined {
  if (name === "*") return [...offerableHookNames];
  if (name.endsWith(".*")) {
    const prefix = name.slice(0, -1);
    const matched = hookNames.filter((hook) => hook.startsWith(prefix));
    return matched.length === 0 ? undefined : matched;
  }
  const alias = aliases[name];
  if (alias !== undefined) return [alias];
  return isHookName(name) ? [name] : undefined;
}
