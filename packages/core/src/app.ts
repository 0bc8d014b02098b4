// createExhook: the app a handler author holds. Registers handlers and sinks; the dispatcher answers calls
// (dispatch.ts) and serve.ts puts it on a port.
import type { HookName, OfferableHookName, ProtocolVersion } from "@exhook/proto";
import type { DecisionCounts } from "./answer-decision.js";
import type { Caller } from "./call.js";
import type { Handler, Registration } from "./chain.js";
import type { CounterSnapshot } from "./counters.js";
import {
  type CacheableHookName,
  type CacheSnapshot,
  type DecisionCacheOptions,
  type ResolvedCacheOptions,
  resolveCacheOptions,
} from "./decision-cache.js";
import { Dispatcher } from "./dispatch.js";
import { DriverNotFoundError, DriverRegistry } from "./drivers.js";
import { ExhookError } from "./errors.js";
import { isMessageHook, isValuedHook, type MessageHookName } from "./events.js";
import type { UnaryRoute } from "./grpc/types.js";
import { HandlerGroup } from "./handler-group.js";
import { type HandlerSwap, swapHandlers } from "./handler-swap.js";
import { createConsoleLogger, type Logger } from "./logger.js";
import type { OfferedHook } from "./offer.js";
import type { HookPolicy } from "./policy.js";
import { hookRoutes, type ListeningAddress, type ListenOptions, Serving } from "./serve.js";
import { type SettledCallListener, SettledCalls } from "./settled-calls.js";
import type { SinkOptions } from "./sink/options.js";
import type { SinkRoute } from "./sink/runtime.js";
import { SinkRuntime } from "./sink/runtime.js";
import type { Sink, SinkDefinition } from "./sink/sink.js";
import { topicFilterProblem } from "./topic-filter.js";

export type { ListeningAddress, ListenOptions };

export interface ExhookOptions {
  /** Where exhook logs (a pino logger fits). Default: JSON lines on stderr, warnings and errors. */
  logger?: Logger;
  /**
   * Which hooks OnProviderLoaded offers: `"registered"` (default) offers the hooks that have a handler or
   * a sink route, with their topic filters; `"all"` offers every hook of the caller's version, no filters.
   */
  offer?: "registered" | "all";
  /** Per-hook time budget and failure policy. */
  hooks?: Partial<Record<HookName, HookPolicy>>;
  /** The time budget of hooks without their own. Default 4000 ms (EMQX waits 5 s). */
  timeoutMs?: number;
  /** Largest request accepted, in bytes. Default 1.25 MiB (EMQX's 1 MB largest MQTT packet and room). */
  maxReceiveMessageBytes?: number;
  /** Where sinks with `buffer: "disk"` and no `bufferDir` keep their buffer: `<dataDir>/sinks/<name>`. */
  dataDir?: string;
}

export interface HandlerOptions {
  /** The handler group (a driver that can be disabled at runtime). Default `"default"`. */
  group?: string;
  /** Higher runs first, as in EMQX; equal priorities run in registration order. Default 0. */
  priority?: number;
}

export interface MessageHandlerOptions extends HandlerOptions {
  /** MQTT topic filters (`+`, `#`, `$share/<g>/…`); the handler sees only matching messages. Empty: all. */
  topics?: readonly string[];
}

export interface CachedHandlerOptions<H extends CacheableHookName> extends HandlerOptions {
  /** Reuse the handler's decisions for a while (see DecisionCacheOptions). Default: no cache. */
  cache?: DecisionCacheOptions<H>;
}

export type OptionsFor<H extends HookName> = H extends MessageHookName
  ? MessageHandlerOptions
  : H extends CacheableHookName
    ? CachedHandlerOptions<H>
    : HandlerOptions;

export interface ExhookStats {
  /** Per hook: every call the broker made. */
  hooks: Partial<Record<HookName, CounterSnapshot>>;
  /** Per handler group and hook. */
  groups: Record<string, Partial<Record<HookName, CounterSnapshot>>>;
  /** Per valued hook (authenticate, authorize, publish) with calls: what the broker was answered. */
  decisions: Partial<Record<HookName, DecisionCounts>>;
  /** Per handler group and hook, where the group's handlers cache their decisions. */
  caches: Record<string, Partial<Record<HookName, CacheSnapshot>>>;
}

const defaultGroup = "default";

export class Exhook {
  readonly drivers = new DriverRegistry();
  readonly logger: Logger;
  readonly #dispatcher: Dispatcher;
  readonly #serving: Serving;
  readonly #groups = new Map<string, HandlerGroup>();
  readonly #settled = new SettledCalls();
  readonly #dataDir: string | undefined;

  constructor(options: ExhookOptions = {}) {
    this.logger = options.logger ?? createConsoleLogger("warn");
    this.#dataDir = options.dataDir;
    this.#dispatcher = new Dispatcher({
      logger: this.logger,
      hooks: options.hooks,
      timeoutMs: options.timeoutMs,
      offer: options.offer,
    });
    this.#serving = new Serving(this.logger, options.maxReceiveMessageBytes);
  }

  /** Adds a handler to a hook's chain. */
  on<H extends HookName>(hook: H, handler: Handler<H>): this;
  on<H extends HookName>(hook: H, options: OptionsFor<H>, handler: Handler<H>): this;
  on<H extends HookName>(hook: H, a: OptionsFor<H> | Handler<H>, b?: Handler<H>): this {
    const [options, handler] = typeof a === "function" ? [{} as OptionsFor<H>, a] : [a, b];
    if (typeof handler !== "function")
      throw new ExhookError("invalid_handler", `on("${hook}"): a handler function is required`, {
        key: hook,
      });
    if (this.#dispatcher.counters(hook) === undefined)
      throw new ExhookError("unknown_hook", `on("${hook}"): no such hook`, { key: hook });
    const topics = (options as MessageHandlerOptions).topics ?? [];
    if (topics.length > 0 && !isMessageHook(hook)) {
      const message = `on("${hook}"): topic filters apply to message.* hooks only`;
      throw new ExhookError("invalid_topic_filter", message, { key: hook });
    }
    for (const topic of topics) {
      const problem = topicFilterProblem(topic);
      if (problem !== undefined) {
        const message = `on("${hook}"): topic filter "${topic}": ${problem}`;
        throw new ExhookError("invalid_topic_filter", message, { key: topic });
      }
    }
    const cache = (options as CachedHandlerOptions<CacheableHookName>).cache;
    const cacheOptions: ResolvedCacheOptions | undefined =
      cache === undefined ? undefined : resolveCacheOptions(hook, cache as DecisionCacheOptions);
    this.#dispatcher
      .chainFor(hook)!
      .add(
        this.#group(options.group ?? defaultGroup),
        handler as Registration["handler"],
        options.priority ?? 0,
        [...topics],
        cacheOptions,
      );
    return this;
  }

  /** `client.authenticate`: decide with `stopWith(bool)`/`continueWith(bool)`, or pass. */
  authenticate(handler: Handler<"client.authenticate">): this;
  authenticate(
    options: CachedHandlerOptions<"client.authenticate">,
    handler: Handler<"client.authenticate">,
  ): this;
  authenticate(
    a: CachedHandlerOptions<"client.authenticate"> | Handler<"client.authenticate">,
    b?: Handler<"client.authenticate">,
  ): this {
    return typeof a === "function"
      ? this.on("client.authenticate", a)
      : this.on("client.authenticate", a, b!);
  }

  /** `client.authorize` (`client.check_acl` on EMQX 4): decide with a bool, or pass. */
  authorize(handler: Handler<"client.authorize">): this;
  authorize(options: CachedHandlerOptions<"client.authorize">, handler: Handler<"client.authorize">): this;
  authorize(
    a: CachedHandlerOptions<"client.authorize"> | Handler<"client.authorize">,
    b?: Handler<"client.authorize">,
  ): this {
    return typeof a === "function" ? this.on("client.authorize", a) : this.on("client.authorize", a, b!);
  }

  /** `message.publish`: rewrite with `continueWith({ topic })`, block with `denyPublish(message)`, or pass. */
  publish(handler: Handler<"message.publish">): this;
  publish(options: MessageHandlerOptions, handler: Handler<"message.publish">): this;
  publish(a: MessageHandlerOptions | Handler<"message.publish">, b?: Handler<"message.publish">): this {
    return typeof a === "function" ? this.on("message.publish", a) : this.on("message.publish", a, b!);
  }

  /**
   * Adds a sink (configured and opened now), creating the app's sink runtime on first use.
   * `sink` is a sink package's `sink` definition or a `Sink` instance.
   */
  async sink(
    name: string,
    sink: Sink | SinkDefinition,
    props: unknown,
    options?: SinkOptions,
  ): Promise<this> {
    await this.#sinkRuntime().addSink(name, sink, props, options);
    return this;
  }

  /** Routes hooks (and, for message hooks, topic filters) to sinks; returns the route's id. */
  route(route: SinkRoute): string {
    return this.#sinkRuntime().addRoute(route);
  }

  #sinkRuntime(): SinkRuntime {
    this.#dispatcher.sinks ??= new SinkRuntime({
      logger: this.logger,
      drivers: this.drivers,
      dataDir: this.#dataDir,
    });
    return this.#dispatcher.sinks;
  }

  /** Whether any handler (enabled or not) is registered on the hook. */
  hasHandlers(hook: HookName): boolean {
    return (this.#dispatcher.chain(hook)?.size ?? 0) > 0;
  }

  /**
   * Replaces every handler of this app, and its hook policies and offer mode, with those of `next`: an app
   * built aside (same way, never listening) whose handlers are all registered. One synchronous step: calls in
   * flight finish on the old handlers, every call after uses the new ones, connections stay open. Groups
   * that stay keep their enabled state and counters. `next`'s sinks are not taken. Throws, changing nothing,
   * when a new group's name is a sink's.
   */
  replaceHandlers(next: Exhook): HandlerSwap {
    if (next === this) throw new ExhookError("invalid_handler", "replaceHandlers: next is this app");
    return swapHandlers(
      { dispatcher: this.#dispatcher, groups: this.#groups, drivers: this.drivers },
      { dispatcher: next.#dispatcher, groups: next.#groups, drivers: next.drivers },
    );
  }

  /**
   * The app's sink runtime (created on first use): its `stats()`, `sinkStats(name)`, and sinks and routes
   * changed while the app runs. `app.sink()` and `app.route()` are the way to add them.
   */
  get sinks(): SinkRuntime {
    return this.#sinkRuntime();
  }

  /**
   * Calls `listener` with every answered hook call (hook, clientid, topic, decision, latency; never a password
   * or payload) until the returned function is called. Costs the calls nothing while nobody listens.
   */
  observe(listener: SettledCallListener): () => void {
    return this.#settled.listen(listener);
  }

  /** Counters per hook and per handler group. */
  stats(): ExhookStats {
    const hooks: ExhookStats["hooks"] = {};
    const decisions: ExhookStats["decisions"] = {};
    for (const hook of this.#dispatcher.hooks()) {
      const counters = this.#dispatcher.counters(hook)!;
      if (counters.calls === 0) continue;
      hooks[hook] = counters.snapshot();
      if (isValuedHook(hook)) {
        decisions[hook] = this.#dispatcher.decisions.snapshot(
          hook,
          counters.ok + counters.failed + counters.timedOut,
        );
      }
    }
    const groups: ExhookStats["groups"] = {};
    const caches: ExhookStats["caches"] = {};
    for (const [name, group] of this.#groups) {
      const perHook: Partial<Record<HookName, CounterSnapshot>> = {};
      for (const hook of group.hooks()) perHook[hook] = group.countersFor(hook).snapshot();
      groups[name] = perHook;
      const cacheStats = group.cacheStats();
      if (Object.keys(cacheStats).length > 0) caches[name] = cacheStats;
    }
    return { hooks, groups, decisions, caches };
  }

  /**
   * Forgets the cached decisions of one handler group, or of every group; returns how many were dropped.
   * Throws DriverNotFoundError for a name that is no handler group.
   */
  clearDecisionCache(group?: string): number {
    if (group === undefined) {
      let cleared = 0;
      for (const g of this.#groups.values()) cleared += g.clearCaches();
      return cleared;
    }
    const found = this.#groups.get(group);
    if (found === undefined) throw new DriverNotFoundError(group);
    return found.clearCaches();
  }

  /** The counters as text lines in the original ExHook design's form: `<group>.<hook> <calls>`. */
  statsText(): string {
    const lines: string[] = [];
    for (const [name, group] of this.#groups) {
      for (const hook of group.hooks()) {
        const c = group.countersFor(hook);
        lines.push(`${name}.${hook.replace(".", "_")} ${c.calls}`);
      }
    }
    return lines.join("\n");
  }

  /** The hooks OnProviderLoaded offers a broker of `version`, with topic filters, in its wire names. */
  offeredHooks(version: ProtocolVersion): OfferedHook[] {
    return this.#dispatcher.offeredHooks(version);
  }

  /**
   * Answers one decoded request in process, as the gRPC route would: the answer message (or its encoded
   * bytes), or a promise of it. `caller` gives the call's deadline and cancel signal; without it the hook's
   * own budget applies.
   */
  dispatch(version: ProtocolVersion, hook: HookName, request: object, caller?: Caller): unknown {
    return this.#dispatcher.dispatch(version, hook, request, caller);
  }

  /** The gRPC routes of the three HookProvider versions and the gRPC health check, to serve elsewhere. */
  routes(): UnaryRoute[] {
    return hookRoutes(
      this.#dispatcher,
      () => this.#serving.serving,
      (hook, version, handler) => this.#settled.wrap(hook, version, handler),
    );
  }

  /** Serves the HookProvider of v1, v2 and v3 (and grpc.health.v1) on one port. */
  listen(options: ListenOptions = {}): Promise<ListeningAddress> {
    return this.#serving.listen(this.routes(), options);
  }

  /** Graceful shutdown: GOAWAY, in-flight calls finish, then sinks flush and close, within the deadline. */
  async close(options: { deadlineMs?: number } = {}): Promise<void> {
    const deadlineMs = options.deadlineMs ?? 5_000;
    const started = Date.now();
    await this.#serving.close(deadlineMs);
    await this.#dispatcher.sinks?.close({ deadlineMs: Math.max(0, deadlineMs - (Date.now() - started)) });
  }

  #group(name: string): HandlerGroup {
    let group = this.#groups.get(name);
    if (group === undefined) {
      group = new HandlerGroup(name);
      this.#groups.set(name, group);
      this.drivers.register(group);
    }
    return group;
  }
}

/** Creates an ExHook app: register handlers, then `listen`. */
export function createExhook(options?: ExhookOptions): Exhook {
  return new Exhook(options);
}

export type { OfferableHookName };
