// Telling the log about a handler's failure without letting the thrown value break the call.
import type { HookCall } from "./call.js";
import { isValuedHook } from "./events.js";

/**
 * Logs a handler's failure. A handler may throw anything, including a value whose `message` getter or
 * `toString` throws; a logger that reads it (pino's serializer, JSON.stringify) would then throw too, and
 * the call would miss its failure policy. So the log line is retried with a plain description, and a
 * logger that still throws is ignored: the broker's answer comes first.
 */
export function reportHandlerFailure(call: HookCall, group: string, error: unknown, timedOut: boolean): void {
  const hook = call.hook;
  const fields = {
    err: error,
    hook,
    group,
    timedOut,
    policy: isValuedHook(hook) ? call.policy.onFailure : undefined,
  };
  const msg = timedOut ? "hook handler overran its deadline" : "hook handler failed";
  try {
    call.logger.warn(fields, msg);
  } catch {
    try {
      fields.err = describeThrown(error);
      call.logger.warn(fields, msg);
    } catch {
      // Nothing more to do for the log; the answer still follows the policy.
    }
  }
}

/** A description of any thrown value that itself never throws. */
export function describeThrown(value: unknown): string {
  try {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return String(value);
  } catch {
    try {
      return `a thrown ${Object.prototype.toString.call(value)} that cannot be described`;
    } catch {
      return "a thrown value that cannot be described";
    }
  }
}
