// What a handler of a valued hook returns (continue with a value, stop with a value, or pass), and how it is
// folded into the event.

import { InvalidDecisionError } from "./errors.js";
import type { HookName, HookValues, Message } from "./events.js";
import { ChainOutcome } from "./outcome.js";

export { InvalidDecisionError };

/** A handler's decision: `continue` lets later handlers (and servers) refine the value; `stop` is final. */
export interface Decision<V> {
  readonly kind: "continue" | "stop";
  readonly value: V;
}

const continueTrue: Decision<boolean> = Object.freeze({ kind: "continue", value: true });
const continueFalse: Decision<boolean> = Object.freeze({ kind: "continue", value: false });
const stopTrue: Decision<boolean> = Object.freeze({ kind: "stop", value: true });
const stopFalse: Decision<boolean> = Object.freeze({ kind: "stop", value: false });

/** Sets the value and lets the next handler (and the broker's next server) decide further. */
export function continueWith<V>(value: V): Decision<V> {
  if (value === true) return continueTrue as Decision<V>;
  if (value === false) return continueFalse as Decision<V>;
  return { kind: "continue", value };
}

/** Sets the value and ends the chain here; EMQX's own hook chain stops too. */
export function stopWith<V>(value: V): Decision<V> {
  if (value === true) return stopTrue as Decision<V>;
  if (value === false) return stopFalse as Decision<V>;
  return { kind: "stop", value };
}

/** Returning nothing passes: the handler leaves the decision to the others. Spelled out for readability. */
export const pass = undefined;

/** Stops the chain with the message marked not to be published (`allow_publish: "false"`). */
export function denyPublish(message: { readonly headers: { readonly [key: string]: string } }): Decision<{
  headers: { [key: string]: string };
}> {
  return { kind: "stop", value: { headers: { ...message.headers, allow_publish: "false" } } };
}

// Folding a handler's answer into the event: the checks a JavaScript caller's value gets before it can reach
// the broker's answer or the sinks.

const utf8 = new TextEncoder();

/** Folds one handler's answer into the event; returns the chain's outcome so far. Throws InvalidDecisionError. */
export function applyDecision(
  hook: HookName,
  event: object,
  decision: unknown,
  outcome: ChainOutcome,
): ChainOutcome {
  if (decision === undefined || decision === null) return outcome;
  if (typeof decision !== "object") throw new InvalidDecisionError(hook, notADecision(hook, decision));
  const { kind, value } = decision as Decision<unknown>;
  if (kind !== "continue" && kind !== "stop")
    throw new InvalidDecisionError(hook, notADecision(hook, decision));
  if (hook === "message.publish") {
    if (typeof value !== "object" || value === null)
      throw new InvalidDecisionError(hook, `a decision with ${shown(value)} (a message rewrite is due)`);
    const target = event as { message: Message };
    const patch = value as HookValues["message.publish"];
    const problem = patchProblem(patch);
    if (problem !== undefined) throw new InvalidDecisionError(hook, `a message with ${problem}`);
    const merged = { ...target.message, ...patch } as Message;
    if (typeof patch.payload === "string") merged.payload = utf8.encode(patch.payload);
    target.message = merged;
  } else {
    if (typeof value !== "boolean")
      throw new InvalidDecisionError(hook, `a decision with ${shown(value)} (true or false is due)`);
    (event as { result: boolean }).result = value;
  }
  return kind === "stop" ? ChainOutcome.Stopped : ChainOutcome.Continued;
}

/** What the handler returned and what it should have: the usual slip is a bare `true` from JavaScript. */
function notADecision(hook: HookName, got: unknown): string {
  const example =
    hook === "message.publish"
      ? 'continueWith({ topic: "..." }) or denyPublish(event.message)'
      : `stopWith(${typeof got === "boolean" ? got : true}) or continueWith(${typeof got === "boolean" ? got : true})`;
  return `${shown(got)}, which is not a decision: return ${example}, or nothing to pass`;
}

function shown(value: unknown): string {
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "bigint")
    return `the ${typeof value} ${String(value)}`;
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * What is wrong with a publish rewrite from untyped code, if anything. Merged unchecked, a bad field would
 * make the answer unencodable (the broker then sees an error, not the handler's failure policy) and reach
 * the sinks.
 */
function patchProblem(patch: HookValues["message.publish"]): string | undefined {
  const { topic, qos, payload, headers, node, id, from, timestamp } = patch;
  if (topic !== undefined && typeof topic !== "string") return "a non-string topic";
  if (node !== undefined && typeof node !== "string") return "a non-string node";
  if (id !== undefined && typeof id !== "string") return "a non-string id";
  if (from !== undefined && typeof from !== "string") return "a non-string from";
  if (timestamp !== undefined && typeof timestamp !== "bigint") return "a timestamp that is not a bigint";
  if (qos !== undefined && qos !== 0 && qos !== 1 && qos !== 2) return "a qos other than 0, 1 or 2";
  if (payload !== undefined && typeof payload !== "string" && !(payload instanceof Uint8Array))
    return "a payload that is neither a string nor bytes";
  if (headers !== undefined) {
    if (typeof headers !== "object" || headers === null) return "headers that are not an object";
    for (const key in headers) if (typeof headers[key] !== "string") return `a non-string header "${key}"`;
  }
  return undefined;
}
