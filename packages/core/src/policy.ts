// Time budgets and failure policies per hook: what the answer is when a handler throws or overruns.
import type { HookName } from "./events.js";

/**
 * `fail-open`: answer as if nobody decided (IGNORE, the message unchanged).
 * `fail-closed`: deny (authenticate/authorize `false`, publish with `allow_publish: "false"`).
 */
export type FailurePolicy = "fail-open" | "fail-closed";

export interface HookPolicy {
  /** The hook's time budget in ms; the answer goes back by then even if a handler is still running. */
  timeoutMs?: number;
  /** Valued hooks only. */
  onFailure?: FailurePolicy;
}

/** Below EMQX's default 5 s `request_timeout`, so a decision arrives before the broker gives up. */
export const defaultTimeoutMs = 4_000;

/** Kept between the hook's deadline and the call's `grpc-timeout`, for the answer to travel back. */
export const deadlineMarginMs = 100;

/**
 * Authentication and authorization fail closed (an outage must not let everyone in); publish fails open
 * (an outage of a rewrite/filter handler must not drop every message). Both can be changed per hook.
 */
export const defaultFailurePolicy: Readonly<
  Record<"client.authenticate" | "client.authorize" | "message.publish", FailurePolicy>
> = {
  "client.authenticate": "fail-closed",
  "client.authorize": "fail-closed",
  "message.publish": "fail-open",
};

export interface ResolvedPolicy {
  readonly timeoutMs: number;
  readonly onFailure: FailurePolicy;
}

export function resolvePolicy(
  hook: HookName,
  configured: Partial<Record<HookName, HookPolicy>> | undefined,
  fallbackTimeoutMs: number,
): ResolvedPolicy {
  const own = configured?.[hook];
  const timeoutMs = own?.timeoutMs ?? fallbackTimeoutMs;
  if (!(timeoutMs > 0)) throw new RangeError(`hooks["${hook}"].timeoutMs must be a positive number of ms`);
  const onFailure =
    own?.onFailure ?? (defaultFailurePolicy as Partial<Record<HookName, FailurePolicy>>)[hook] ?? "fail-open";
  return { timeoutMs, onFailure };
}
