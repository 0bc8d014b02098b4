// The handler chain of one hook, run as EMQX runs its own: in order, each handler may continue, stop or pass.
import type { HookCall, HookContext } from "./call.js";
import { timedOut } from "./call.js";
import type { Counters } from "./counters.js";
import { applyDecision, type Decision } from "./decision.js";
import { cachingHandler, DecisionCache, type ResolvedCacheOptions } from "./decision-cache.js";
import type { HookEvents, HookName, HookValues, Message, ValuedHookName } from "./events.js";
import type { HandlerGroup } from "./handler-group.js";
import { ChainOutcome } from "./outcome.js";
import { reportHandlerFailure } from "./report.js";
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
  /** What the chain runs: the user's handler, or it behind its decision cache. */
  readonly handler: (event: object, ctx: HookContext) => unknown;
  /** The user's handler as registered. */
  readonly source: (event: object, ctx: HookContext) => unknown;
  readonly cacheOptions: ResolvedCacheOptions | undefined;
  readonly cache: DecisionCache | undefined;
}

export class HookChain {
  #registrations: Registration[] = [];
  #order = 0;
  readonly valued: boolean;

  constructor(
    readonly hook: HookName,
    valued: boolean,
  ) {
    this.valued = valued;
  }

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
    cacheOptions?: ResolvedCacheOptions,
  ): void {
    let cache: DecisionCache | undefined;
    if (cacheOptions !== undefined) {
      cache = new DecisionCache(
        cacheOptions.ttlMs,
        cacheOptions.maxEntries,
        group.cacheCountersFor(this.hook),
      );
      group.addCache(this.hook, cache);
    }
    const registration: Registration = {
      hook: this.hook,
      group,
      counters: group.countersFor(this.hook),
      priority,
      order: this.#order++,
      topics,
      matches: topics.length === 0 ? undefined : compileTopicFilters(topics),
      handler: cache === undefined ? handler : cachingHandler(handler, cache, cacheOptions!.key),
      source: handler,
      cacheOptions,
      cache,
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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}

function applies(registration: Registration, event: object): boolean {
  if (!registration.group.enabled) return false;
  return (
    registration.matches === undefined || registration.matches((event as { message: Message }).message.topic)
  );
}

/**
 * Runs the call's chain. One loop serves sync and async handlers (as Hono's compose does): a handler that
 * returns a value is settled at once, with no promise or timer; one that returns a promise is raced against
 * the call's deadline and the loop resumes after it. Never throws: every failure is settled by the policy.
 */
export function runChain(call: HookCall): ChainOutcome | Promise<ChainOutcome> {
  return runFrom(call, 0);
}

function runFrom(call: HookCall, start: number): ChainOutcome | Promise<ChainOutcome> {
  const registrations = call.chain.registrations;
  for (let i = start; i < registrations.length; i++) {
    const registration = registrations[i]!;
    if (!applies(registration, call.event)) continue;
    registration.counters.calls++;
    const begun = performance.now();
    let result: unknown;
    try {
      result = registration.handler(call.event, call);
      if (isThenable(result)) return awaitHandler(call, i, result, begun);
    } catch (error) {
      if (settle(call, registration, begun, Settled.Threw, error)) return end(call);
      continue;
    }
    if (settle(call, registration, begun, Settled.Returned, result)) return end(call);
  }
  return end(call);
}

async function awaitHandler(
  call: HookCall,
  index: number,
  pending: PromiseLike<unknown>,
  begun: number,
): Promise<ChainOutcome> {
  const registration = call.chain.registrations[index]!;
  let how: Settled = Settled.Returned;
  let result: unknown;
  try {
    result = await Promise.race([pending, call.deadlineReached()]);
    if (result === timedOut) how = Settled.TimedOut;
  } catch (error) {
    how = Settled.Threw;
    result = error;
  }
  if (settle(call, registration, begun, how, result)) return end(call);
  return runFrom(call, index + 1);
}

const Settled = { Returned: 0, Threw: 1, TimedOut: 2 } as const;
type Settled = (typeof Settled)[keyof typeof Settled];

/**
 * The one step after every handler, sync or async: counts it, folds its decision into the event, or reports
 * its failure. Returns true when the chain ends here (a stop, a valued hook's failure, the deadline).
 */
function settle(
  call: HookCall,
  registration: Registration,
  begun: number,
  how: Settled,
  result: unknown,
): boolean {
  const counters = registration.counters;
  if (how === Settled.Returned) {
    try {
      if (call.chain.valued) call.outcome = applyDecision(call.hook, call.event, result, call.outcome);
      counters.ok++;
      counters.observe(performance.now() - begun);
      return call.outcome === ChainOutcome.Stopped;
    } catch (error) {
      how = Settled.Threw;
      result = error;
    }
  }
  counters.observe(performance.now() - begun);
  if (how === Settled.TimedOut) {
    counters.timedOut++;
    const error = new Error(
      `a ${call.hook} handler of group "${registration.group.name}" overran its deadline`,
    );
    call.detach(); // before the abort: a handler that reacts to it must not change what is answered
    call.abort(error);
    reportHandlerFailure(call, registration.group.name, error, true);
    call.outcome = ChainOutcome.TimedOut;
    return true;
  }
  counters.failed++;
  reportHandlerFailure(call, registration.group.name, result, false);
  if (call.chain.valued) {
    call.outcome = ChainOutcome.Failed;
    return true;
  }
  call.failed = true;
  return false;
}

function end(call: HookCall): ChainOutcome {
  call.ended();
  if (call.failed && call.outcome !== ChainOutcome.TimedOut) call.outcome = ChainOutcome.Failed;
  return call.outcome;
}
