// Turns a decoded request into the broker's answer, with no socket in sight: normalize, run the hook's chain,
// answer by its policy, and hand the event as answered to the sinks.
import type { HookName, ProtocolVersion, RpcEntry } from "@exhook/proto";
import { rpcTable } from "@exhook/proto";
import { DecisionCounter } from "./answer-decision.js";
import { emptyAnswer, ignoreAnswer } from "./answers.js";
import { type Caller, HookCall } from "./call.js";
import { HookChain, runChain } from "./chain.js";
import { Counters } from "./counters.js";
import { ExhookError } from "./errors.js";
import { isValuedHook, type Message } from "./events.js";
import { hookNames } from "./hooks.js";
import type { Logger } from "./logger.js";
import { metaOf, toEvent } from "./normalize.js";
import { loadedResponse, type OfferedHook, offeredHooks } from "./offer.js";
import { ChainOutcome } from "./outcome.js";
import {
  answerFor,
  deadlineMarginMs,
  defaultTimeoutMs,
  type HookPolicy,
  originalValue,
  type ResolvedPolicy,
  resolvePolicy,
} from "./policy.js";
import { describeThrown } from "./report.js";
import type { SinkRuntime } from "./sink/runtime.js";

export interface DispatcherOptions {
  logger: Logger;
  hooks?: Partial<Record<HookName, HookPolicy>> | undefined;
  timeoutMs?: number | undefined;
  offer?: "registered" | "all" | undefined;
}

/** A hook's standing state: read by every call, so a route's closure holds it instead of looking it up. */
interface HookSlot {
  readonly hook: HookName;
  readonly counters: Counters;
  /** Replaced with the chain by `replaceChains`; a call reads both once, when it starts. */
  policy: ResolvedPolicy;
  chain: HookChain | undefined;
}

/** One function for every call (a route's handler): the answer, or a promise of it. */
export type DispatchFn = (request: object, caller?: Caller) => unknown;

export class Dispatcher {
  readonly logger: Logger;
  /** The sinks events are routed to; set by the app when it has some. */
  sinks: SinkRuntime | undefined;
  /** What the broker was answered on valued hooks (IGNORE derived from the hook's counters). */
  readonly decisions = new DecisionCounter();
  readonly #slots = new Map<HookName, HookSlot>();
  #offer: "registered" | "all";

  constructor(options: DispatcherOptions) {
    this.logger = options.logger;
    this.#offer = options.offer ?? "registered";
    const fallback = options.timeoutMs ?? defaultTimeoutMs;
    for (const hook of hookNames) {
      this.#slots.set(hook, {
        hook,
        counters: new Counters(),
        policy: resolvePolicy(hook, options.hooks, fallback),
        chain: undefined,
      });
    }
  }

  /** Every hook of the protocol, in the table's order. */
  hooks(): IterableIterator<HookName> {
    return this.#slots.keys();
  }

  /** The hook's chain, created on first use; `undefined` for a name that is not a hook. */
  chainFor(hook: HookName): HookChain | undefined {
    const slot = this.#slots.get(hook);
    if (slot === undefined) return undefined;
    slot.chain ??= new HookChain(hook, isValuedHook(hook));
    return slot.chain;
  }

  chain(hook: HookName): HookChain | undefined {
    return this.#slots.get(hook)?.chain;
  }

  /** Every call the broker made on the hook. */
  counters(hook: HookName): Counters | undefined {
    return this.#slots.get(hook)?.counters;
  }

  /**
   * Every hook takes its chain from `chains` (none: no handler) and its policy from `from`, and the offer mode
   * becomes `from`'s: one synchronous loop, so no call sees half of it (handler-swap.ts).
   */
  replaceChains(chains: ReadonlyMap<HookName, HookChain>, from: Dispatcher): void {
    for (const [hook, slot] of this.#slots) {
      slot.chain = chains.get(hook);
      slot.policy = from.#slots.get(hook)!.policy;
    }
    this.#offer = from.#offer;
  }

  offeredHooks(version: ProtocolVersion): OfferedHook[] {
    return offeredHooks(version, this.#offer, (hook) => this.chain(hook), this.sinks?.routedHooks());
  }

  /** Answers one request of `version` for `hook` (an in-process call: tests, or a transport of your own). */
  dispatch(version: ProtocolVersion, hook: HookName, request: object, caller?: Caller): unknown {
    const entry = rpcTable[version].find((e) => e.hook === hook);
    if (entry === undefined)
      throw new ExhookError("unknown_hook", `protocol ${version} has no hook "${hook}"`, { key: hook });
    return this.handlerFor(version, entry)(request, caller);
  }

  /** The function that answers the RPC `entry` of `version`; built once per route. */
  handlerFor(version: ProtocolVersion, entry: RpcEntry): DispatchFn {
    const slot = this.#slots.get(entry.hook)!;
    if (entry.answer === "loaded") return (request) => this.#loaded(slot, version, request);
    const constantAnswer = entry.answer === "valued" ? ignoreAnswer : emptyAnswer;
    return (request, caller) => {
      if (slot.chain === undefined && !this.sinks?.hasRoutes(slot.hook)) {
        // Nobody listens: answer at once with the constant.
        const counters = slot.counters;
        counters.calls++;
        counters.ok++;
        counters.observe(0);
        return constantAnswer;
      }
      return this.#run(slot, version, request, caller, constantAnswer);
    };
  }

  #loaded(slot: HookSlot, version: ProtocolVersion, request: object): object {
    const started = performance.now();
    const hooks = this.offeredHooks(version);
    const { node, version: brokerVersion, sysdescr, clusterName } = metaOf(request);
    // Its fields only: the decoded message also carries protobuf-es internals ($typeName) a log must not show.
    const meta = { node, version: brokerVersion, sysdescr, clusterName };
    this.logger.info({ version, meta, hooks: hooks.map((h) => h.name) }, "provider loaded");
    if (slot.chain !== undefined || this.sinks?.hasRoutes(slot.hook)) {
      // Loaded is also an event for user code; the answer does not wait on it. The call is answered at once,
      // so its handlers get the hook's own budget and a signal not tied to the call. `#run` counts.
      Promise.resolve(this.#run(slot, version, request, undefined, emptyAnswer)).catch((error: unknown) =>
        this.logger.error({ err: describeThrown(error), hook: slot.hook }, "provider.loaded handling failed"),
      );
    } else {
      slot.counters.calls++;
      slot.counters.ok++;
      slot.counters.observe(performance.now() - started);
    }
    return loadedResponse(version, hooks);
  }

  #run(
    slot: HookSlot,
    version: ProtocolVersion,
    request: object,
    caller: Caller | undefined,
    constantAnswer: Uint8Array,
  ): unknown {
    const counters = slot.counters;
    counters.calls++;
    const started = performance.now();
    const hook = slot.hook;
    const event = toEvent(hook, version, request);
    const meta = metaOf(request);
    const chain = slot.chain;
    if (chain === undefined) {
      this.#toSinks(hook, event, version, meta);
      counters.ok++;
      counters.observe(performance.now() - started);
      return constantAnswer;
    }
    const budget = Date.now() + slot.policy.timeoutMs;
    const deadline = caller === undefined ? budget : Math.min(budget, caller.deadline - deadlineMarginMs);
    const call = new HookCall(
      hook,
      version,
      meta,
      deadline,
      this.logger,
      event,
      chain,
      slot.policy,
      counters,
      started,
      originalValue(hook, event),
      caller,
    );
    const outcome = runChain(call);
    if (typeof outcome === "number") return this.#answer(call);
    return outcome.then(() => this.#answer(call));
  }

  /** Counts the call, answers it by its policy, and hands the event as answered to the sinks. */
  #answer(call: HookCall): unknown {
    const counters = call.counters;
    const outcome = call.outcome;
    if (outcome === ChainOutcome.Failed) counters.failed++;
    // Decided, but the broker already had DEADLINE_EXCEEDED or gave up: not an answer it got.
    else if (outcome === ChainOutcome.TimedOut || call.caller?.ended === true) counters.timedOut++;
    else counters.ok++;
    counters.observe(performance.now() - call.started);
    const answer = answerFor(call.hook, call.version, call.event, outcome, call.policy, call.original);
    this.decisions.record(call.hook, answer);
    // message.publish: handlers may have rewritten the topic; routes match the one the client published.
    const published = call.hook === "message.publish" ? (call.original as Message).topic : undefined;
    this.#toSinks(call.hook, call.event, call.version, call.meta, published);
    return answer;
  }

  #toSinks(
    hook: HookName,
    event: object,
    version: ProtocolVersion,
    meta: HookCall["meta"],
    publishedTopic?: string,
  ): void {
    const sinks = this.sinks;
    if (sinks === undefined || !sinks.hasRoutes(hook)) return;
    try {
      sinks.publish(hook, event as never, { version, meta, time: Date.now(), publishedTopic });
    } catch (error) {
      // The runtime promises not to throw; if it does, the broker's answer must not suffer.
      this.logger.error({ err: describeThrown(error), hook }, "sink routing failed");
    }
  }
}
