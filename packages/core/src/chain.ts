// The handler chain of one hook, run as EMQX runs its own: in order, each handler may continue, stop or pass.
import type { CallContext, HookContext } from "./context.js";
import type { Counters } from "./counters.js";
import type { Decision } from "./decision.js";
import type { HookEvents, HookName, HookValues, Message, ValuedHookName } from "./events.js";
import type { HandlerGroup } from "./handler-group.js";
import { compileTopicFilters, stripSharePrefix } from "./topic-filter.js";

type MaybePromise<T> = T | Promise<T>;

/** What a valued hook's handler returns: a decision, or nothing to pass. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing (void) passes
type ValuedResult<H extends ValuedHookName> = Decision<HookValues[H]> | undefined | void;

/** A handler of `hook`: valued hooks may return a decision; notification hooks return nothing. */
export type Handler<H extends HookName> = (
  event: HookEvents[H],
  ctx: HookContext,
) => H extends ValuedHookName ? MaybePromise<ValuedResult<H>> : MaybePromise<void>;

export interface Registration {
  readonly hook: HookName;
  readonly group: HandlerGroup;
  readonly counters: Counters;
  readonly priority: number;
  readonly order: number;
  /** Message hooks only; empty means every topic. */
  readonly topics: readonly string[];
  readonly matches: ((topic: string) => boolean) | undefined;
  readonly handler: (event: object, ctx: HookContext) => unknown;
}

/** How a chain ended. The decided value itself is left in the event (`result` or `message`). */
export const ChainOutcome = {
  /** Nobody decided (or a notification hook ran). */
  Passed: 0,
  Continued: 1,
  Stopped: 2,
  Failed: 3,
  TimedOut: 4,
} as const;
export type ChainOutcome = (typeof ChainOutcome)[keyof typeof ChainOutcome];

export class HookChain {
  #registrations: Registration[] = [];
  #order = 0;

  constructor(readonly hook: HookName) {}

  get registrations(): readonly Registration[] {
    return this.#registrations;
  }

  get size(): number {
    return this.#registrations.length;
  }

  add(
    group: HandlerGroup,
    handler: (event: object, ctx: HookContext) => unknown,
    priority: number,
    topics: readonly string[],
  ): void {
    const registration: Registration = {
      hook: this.hook,
      group,
      counters: group.countersFor(this.hook),
      priority,
      order: this.#order++,
      topics,
      matches: topics.length === 0 ? undefined : compileTopicFilters(topics),
      handler,
    };
    // Higher priority first, as in EMQX; equal priorities keep registration order.
    this.#registrations = [...this.#registrations, registration].sort(
      (a, b) => b.priority - a.priority || a.order - b.order,
    );
  }

  /**
   * The topic filters to offer the broker: `undefined` when some handler takes every topic. `$share/<g>/t`
   * is offered as `t`: the broker matches message topics against the offered filters, and no topic matches
   * a `$share/...` filter.
   */
  topicFilters(): string[] | undefined {
    const filters = new Set<string>();
    for (const r of this.#registrations) {
      if (r.topics.length === 0) return undefined;
      for (const t of r.topics) filters.add(stripSharePrefix(t));
    }
    return [...filters];
  }
}

export class InvalidDecisionError extends Error {
  readonly code = "invalid_decision";
  constructor(hook: HookName, detail: string) {
    super(`a ${hook} handler returned ${detail}`);
    this.name = "InvalidDecisionError";
  }
}

/** Called with every handler failure: the group, the error, and whether it was a timeout. */
export type FailureReporter = (registration: Registration, error: unknown, timedOut: boolean) => void;

const utf8 = new TextEncoder();

function topicOf(event: object): string {
  return (event as { message: Message }).message.topic;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}

/** Folds one handler's answer into the event; returns the chain's outcome so far. */
function applyDecision(
  hook: HookName,
  event: object,
  decision: unknown,
  outcome: ChainOutcome,
): ChainOutcome {
  if (decision === undefined || decision === null) return outcome;
  const { kind, value } = decision as Decision<unknown>;
  if (kind !== "continue" && kind !== "stop")
    throw new InvalidDecisionError(hook, "something that is not a decision");
  if (hook === "message.publish") {
    if (typeof value !== "object" || value === null)
      throw new InvalidDecisionError(hook, "a non-message value");
    const target = event as { message: Message };
    const patch = value as HookValues["message.publish"];
    const problem = patchProblem(patch);
    if (problem !== undefined) throw new InvalidDecisionError(hook, `a message with ${problem}`);
    const merged = { ...target.message, ...patch } as Message;
    if (typeof patch.payload === "string") merged.payload = utf8.encode(patch.payload);
    target.message = merged;
  } else {
    if (typeof value !== "boolean") throw new InvalidDecisionError(hook, "a non-boolean value");
    (event as { result: boolean }).result = value;
  }
  return kind === "stop" ? ChainOutcome.Stopped : ChainOutcome.Continued;
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

function applies(registration: Registration, event: object): boolean {
  if (!registration.group.enabled) return false;
  return registration.matches === undefined || registration.matches(topicOf(event));
}

/**
 * Runs a chain. Synchronous handlers run without a promise or a timer; the first handler that returns a
 * promise moves the rest of the run to `runRemaining`, which races it against the context's deadline.
 */
export function runChain(
  chain: HookChain,
  valued: boolean,
  event: object,
  ctx: CallContext,
  onFailure: FailureReporter,
): ChainOutcome | Promise<ChainOutcome> {
  const registrations = chain.registrations;
  let outcome: ChainOutcome = ChainOutcome.Passed;
  let failed = false;
  for (let i = 0; i < registrations.length; i++) {
    const registration = registrations[i]!;
    if (!applies(registration, event)) continue;
    const counters = registration.counters;
    counters.calls++;
    const started = performance.now();
    let result: unknown;
    try {
      result = registration.handler(event, ctx);
      if (isThenable(result)) {
        return runRemaining(chain, valued, event, ctx, onFailure, i, result, started, outcome, failed);
      }
      if (valued) outcome = applyDecision(chain.hook, event, result, outcome);
      counters.ok++;
      counters.observe(performance.now() - started);
    } catch (error) {
      counters.failed++;
      counters.observe(performance.now() - started);
      onFailure(registration, error, false);
      if (valued) return ChainOutcome.Failed;
      failed = true;
    }
    if (outcome === ChainOutcome.Stopped) break;
  }
  return failed ? ChainOutcome.Failed : outcome;
}

const timedOut: unique symbol = Symbol("timed out");

async function runRemaining(
  chain: HookChain,
  valued: boolean,
  event: object,
  ctx: CallContext,
  onFailure: FailureReporter,
  index: number,
  pending: PromiseLike<unknown>,
  started: number,
  outcomeSoFar: ChainOutcome,
  failedBefore: boolean,
): Promise<ChainOutcome> {
  const registrations = chain.registrations;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof timedOut>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ctx.deadline - Date.now()), timedOut);
  });
  let outcome = outcomeSoFar;
  let failed = failedBefore;
  try {
    for (let i = index; i < registrations.length; i++) {
      const registration = registrations[i]!;
      const counters = registration.counters;
      let result: unknown = pending;
      let begun = started;
      if (i !== index) {
        if (!applies(registration, event)) continue;
        counters.calls++;
        begun = performance.now();
      }
      try {
        if (i !== index) result = registration.handler(event, ctx);
        if (isThenable(result)) result = await Promise.race([result, deadline]);
        if (result === timedOut) {
          counters.timedOut++;
          counters.observe(performance.now() - begun);
          const error = new Error(
            `a ${chain.hook} handler of group "${registration.group.name}" overran its deadline`,
          );
          ctx.abort(error);
          onFailure(registration, error, true);
          return ChainOutcome.TimedOut;
        }
        if (valued) outcome = applyDecision(chain.hook, event, result, outcome);
        counters.ok++;
        counters.observe(performance.now() - begun);
      } catch (error) {
        counters.failed++;
        counters.observe(performance.now() - begun);
        onFailure(registration, error, false);
        if (valued) return ChainOutcome.Failed;
        failed = true;
      }
      if (outcome === ChainOutcome.Stopped) break;
    }
    return failed ? ChainOutcome.Failed : outcome;
  } finally {
    clearTimeout(timer);
  }
}
