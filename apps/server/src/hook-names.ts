// Hook names as the config spells them: the list, the EMQX 4 aliases and the `*` / `client.*` patterns are
// core's (one derivation from the protocol table); this module only names them for the config schema.
import { expandHookPattern, type HookName, hookNames, isMessageHook, offerableHookNames } from "@exhook/core";

export { expandHookPattern };

/** Every hook of the event model, in EMQX's order. */
export const allHooks: readonly HookName[] = hookNames;

/** The hooks a broker is asked to install (OnProviderLoaded/Unloaded are always called). */
export const offerableHooks: readonly HookName[] = offerableHookNames;

export function isMessageHookName(hook: HookName): boolean {
  return isMessageHook(hook);
}
