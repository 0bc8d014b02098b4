// Time budgets and failure policies per hook, and the answer each way a chain can end gets.
import type { ProtocolVersion } from "@exhook/proto";
import { boolAnswer, emptyAnswer, ignoreAnswer, messageAnswer, stopFalseAnswer } from "./answers.js";
import { ExhookError } from "./errors.js";
import { type HookName, isValuedHook, type Message } from "./events.js";
import { ChainOutcome } from "./outcome.js";

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
  if (!(timeoutMs > 0)) {
    const key = `hooks["${hook}"].timeoutMs`;
    throw new ExhookError("invalid_option", `${key} must be a positive number of ms`, { key });
  }
  const onFailure =
    own?.onFailure ?? (defaultFailurePolicy as Partial<Record<HookName, FailurePolicy>>)[hook] ?? "fail-open";
  return { timeoutMs, onFailure };
}

/**
 * The broker's answer to a chain that ended with `outcome`; on success the decided value is the event's.
 * `event` is what the sinks get: after a failure it is set to what the broker applies (the denied message,
 * `false`, or the broker's own `original` value under fail-open), so sinks see what the broker was answered.
 */
export function answerFor(
  hook: HookName,
  version: ProtocolVersion,
  event: object,
  outcome: ChainOutcome,
  policy: ResolvedPolicy,
  original: unknown,
): unknown {
  if (!isValuedHook(hook)) return emptyAnswer;
  if (outcome === ChainOutcome.Failed || outcome === ChainOutcome.TimedOut) {
    const failOpen = policy.onFailure === "fail-open";
    if (hook !== "message.publish") {
      (event as { result: boolean }).result = failOpen ? (original as boolean) : false;
      return failOpen ? ignoreAnswer : stopFalseAnswer;
    }
    const target = event as { message: Message };
    if (failOpen) {
      target.message = original as Message;
      return ignoreAnswer;
    }
    const message = target.message;
    target.message = { ...message, headers: { ...message.headers, allow_publish: "false" } };
    return messageAnswer(version, true, target.message);
  }
  if (outcome === ChainOutcome.Passed) return ignoreAnswer;
  const stop = outcome === ChainOutcome.Stopped;
  if (hook === "message.publish")
    return messageAnswer(version, stop, (event as { message: Message }).message);
  return boolAnswer(stop, (event as { result: boolean }).result);
}

/** The broker's value before the handlers, kept for `answerFor` (a reference: the hot path copies nothing). */
export function originalValue(hook: HookName, event: object): unknown {
  if (hook === "message.publish") return (event as { message: Message }).message;
  if (hook === "client.authenticate" || hook === "client.authorize")
    return (event as { result: boolean }).result;
  return undefined;
}
