// createExhook: handlers and sink routes in, a HookProvider for ExHook v1, v2 and v3 out.
import { create } from "@bufbuild/protobuf";
import {
  type HookName,
  healthV1,
  hookProviders,
  type OfferableHookName,
  type ProtocolVersion,
  protocolVersions,
  type RpcEntry,
  rpcTable,
  v1,
  v2,
  v3,
} from "@exhook/proto";
import { DecisionCounter, type DecisionCounts } from "./answer-decision.js";
import { boolAnswer, emptyAnswer, ignoreAnswer, messageAnswer, stopFalseAnswer } from "./answers.js";
import { ChainOutcome, type Handler, HookChain, type Registration, runChain } from "./chain.js";
import { CallContext } from "./context.js";
import { type CounterSnapshot, Counters } from "./counters.js";
import { DriverRegistry } from "./drivers.js";
import {
  isMessageHook,
  isValuedHook,
  type Message,
  type MessageHookName,
  type RequestMeta,
} from "./events.js";
import { createGrpcServer } from "./grpc/server.js";
import type { GrpcServer, GrpcTlsOptions, UnaryCall, UnaryHandler, UnaryRoute } from "./grpc/types.js";
import { HandlerGroup } from "./handler-group.js";
import { createConsoleLogger, type Logger } from "./logger.js";
import { metaOf, toEvent } from "./normalize.js";
import {
  deadlineMarginMs,
  defaultTimeoutMs,
  type HookPolicy,
  type ResolvedPolicy,
  resolvePolicy,
} from "./policy.js";
import { type SettledCallListener, SettledCalls } from "./settled-calls.js";
import type { SinkOptions } from "./sink/options.js";
import type { SinkRoute } from "./sink/runtime.js";
import { SinkRuntime } from "./sink/runtime.js";
import type { Sink, SinkDefinition } from "./sink/sink.js";
import { topicFilterProblem } from "./topic-filter.js";

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
  /** Largest request accepted, in bytes. Default 4 MiB. */
  maxReceiveMessageBytes?: number;
  /** The sink runtime to route events to (the app creates one when sinks are added). */
  sinks?: SinkRuntime;
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

export type OptionsFor<H extends HookName> = H extends MessageHookName
  ? MessageHandlerOptions
  : HandlerOptions;

export interface ListenOptions {
  /** Default: `$EXHOOK_PORT`, else 9000. 0 picks a free port. */
  port?: number;
  /** Default `0.0.0.0`. */
  host?: string;
  tls?: GrpcTlsOptions;
}

export interface ListeningAddress {
  host: string;
  port: number;
  /** The URL to put in EMQX's `exhook.servers[].url`. */
  url: string;
}

export interface ExhookStats {
  /** Per hook: every call the broker made. */
  hooks: Partial<Record<HookName, CounterSnapshot>>;
  /** Per handler group and hook. */
  groups: Record<string, Partial<Record<HookName, CounterSnapshot>>>;
  /** Per valued hook (authenticate, authorize, publish) with calls: what the broker was answered. */
  decisions: Partial<Record<HookName, DecisionCounts>>;
}

const defaultGroup = "default";

export class Exhook {
  readonly drivers = new DriverRegistry();
  readonly logger: Logger;
  readonly #options: ExhookOptions;
  readonly #chains = new Map<HookName, HookChain>();
  readonly #groups = new Map<string, HandlerGroup>();
  readonly #hookCounters = new Map<HookName, Counters>();
  readonly #policies = new Map<HookName, ResolvedPolicy>();
  readonly #settled = new SettledCalls();
  readonly #decisions = new DecisionCounter();
  #sinks: SinkRuntime | undefined;
  #server: GrpcServer | undefined;
  #closing = false;

  constructor(options: ExhookOptions = {}) {
    this.#options = options;
    this.logger = options.logger ?? createConsoleLogger("warn");
    this.#sinks = options.sinks;
    const fallback = options.timeoutMs ?? defaultTimeoutMs;
    for (const entry of rpcTable.v2) {
      this.#hookCounters.set(entry.hook, new Counters());
      this.#policies.set(entry.hook, resolvePolicy(entry.hook, options.hooks, fallback));
    }
  }

  /** Adds a handler to a hook's chain. */
  on<H extends HookName>(hook: H, handler: Handler<H>): this;
  on<H extends HookName>(hook: H, options: OptionsFor<H>, handler: Handler<H>): this;
  on<H extends HookName>(hook: H, a: OptionsFor<H> | Handler<H>, b?: Handler<H>): this {
    const [options, handler] = typeof a === "function" ? [{} as OptionsFor<H>, a] : [a, b];
    if (typeof handler !== "function") throw new TypeError(`on("${hook}"): a handler function is required`);
    if (!this.#hookCounters.has(hook)) throw new TypeError(`on("${hook}"): no such hook`);
    const topics = (options as MessageHandlerOptions).topics ?? [];
    if (topics.length > 0 && !isMessageHook(hook)) {
      throw new TypeError(`on("${hook}"): topic filters apply to message.* hooks only`);
    }
    for (const topic of topics) {
      const problem = topicFilterProblem(topic);
      if (problem !== undefined) throw new TypeError(`on("${hook}"): topic filter "${topic}": ${problem}`);
    }
    let chain = this.#chains.get(hook);
    if (chain === undefined) {
      chain = new HookChain(hook);
      this.#chains.set(hook, chain);
    }
    chain.add(
      this.#group(options.group ?? defaultGroup),
      handler as Registration["handler"],
      options.priority ?? 0,
      [...topics],
    );
    return this;
  }

  /** `client.authenticate`: decide with `stopWith(bool)`/`continueWith(bool)`, or pass. */
  authenticate(handler: Handler<"client.authenticate">): this;
  authenticate(options: HandlerOptions, handler: Handler<"client.authenticate">): this;
  authenticate(a: HandlerOptions | Handler<"client.authenticate">, b?: Handler<"client.authenticate">): this {
    return typeof a === "function"
      ? this.on("client.authenticate", a)
      : this.on("client.authenticate", a, b!);
  }

  /** `client.authorize` (`client.check_acl` on EMQX 4): decide with a bool, or pass. */
  authorize(handler: Handler<"client.authorize">): this;
  authorize(options: HandlerOptions, handler: Handler<"client.authorize">): this;
  authorize(a: HandlerOptions | Handler<"client.authorize">, b?: Handler<"client.authorize">): this {
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
    if (this.#sinks === undefined)
      this.#sinks = new SinkRuntime({ logger: this.logger, drivers: this.drivers });
    return this.#sinks;
  }

  /** Whether any handler (enabled or not) is registered on the hook. */
  hasHandlers(hook: HookName): boolean {
    return (this.#chains.get(hook)?.size ?? 0) > 0;
  }

  /** Attaches the sink runtime events are routed to. */
  useSinks(sinks: SinkRuntime): this {
    this.#sinks = sinks;
    return this;
  }

  /** The sink runtime: its `stats()`, `sinkStats(name)`, routes and sinks at runtime. */
  get sinks(): SinkRuntime | undefined {
    return this.#sinks;
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
    for (const [hook, counters] of this.#hookCounters) {
      if (counters.calls === 0) continue;
      hooks[hook] = counters.snapshot();
      if (isValuedHook(hook)) {
        decisions[hook] = this.#decisions.snapshot(hook, counters.ok + counters.failed + counters.timedOut);
      }
    }
    const groups: ExhookStats["groups"] = {};
    for (const [name, group] of this.#groups) {
      const perHook: Partial<Record<HookName, CounterSnapshot>> = {};
      for (const hook of group.hooks()) perHook[hook] = group.countersFor(hook).snapshot();
      groups[name] = perHook;
    }
    return { hooks, groups, decisions };
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
  offeredHooks(version: ProtocolVersion): { name: string; topics: string[] }[] {
    const routed = this.#sinks?.routedHooks();
    const offered: { name: string; topics: string[] }[] = [];
    for (const entry of rpcTable[version]) {
      if (entry.wireHook === undefined) continue;
      if (this.#options.offer === "all") {
        offered.push({ name: entry.wireHook, topics: [] });
        continue;
      }
      const chain = this.#chains.get(entry.hook);
      const route = routed?.get(entry.hook);
      if ((chain === undefined || chain.size === 0) && route === undefined) continue;
      let topics: string[] = [];
      if (isMessageHook(entry.hook)) {
        const fromChain = chain === undefined ? [] : chain.topicFilters();
        const takesAll = fromChain === undefined || route === "all";
        if (!takesAll) topics = [...new Set([...fromChain, ...(route ?? [])])];
      }
      offered.push({ name: entry.wireHook, topics });
    }
    return offered;
  }

  /** The gRPC routes of the three HookProvider versions and the gRPC health check, to serve elsewhere. */
  routes(): UnaryRoute[] {
    const routes: UnaryRoute[] = [];
    for (const version of protocolVersions) {
      const service = hookProviders[version];
      for (const entry of rpcTable[version]) {
        const method = service.methods.find((m) => m.name === entry.rpc)!;
        const handler = this.#settled.wrap(entry.hook, version, this.#handlerFor(version, entry));
        routes.push({ method, handler: handler as UnaryHandler });
      }
    }
    const check = healthV1.Health.method.check;
    routes.push({
      method: check,
      handler: () =>
        create(healthV1.HealthCheckResponseSchema, {
          status: this.#closing
            ? healthV1.HealthCheckResponse_ServingStatus.NOT_SERVING
            : healthV1.HealthCheckResponse_ServingStatus.SERVING,
        }),
    });
    return routes;
  }

  /** Serves the HookProvider of v1, v2 and v3 (and grpc.health.v1) on one port. */
  async listen(options: ListenOptions = {}): Promise<ListeningAddress> {
    if (this.#server !== undefined) throw new Error("already listening");
    const serverOptions = {
      routes: this.routes(),
      onError: (error: unknown, call: { readonly path: string }) =>
        this.logger.error({ err: error, path: call.path }, "gRPC call failed"),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
      ...(this.#options.maxReceiveMessageBytes === undefined
        ? {}
        : { maxReceiveMessageBytes: this.#options.maxReceiveMessageBytes }),
    };
    const server = createGrpcServer(serverOptions);
    const port = options.port ?? portFromEnv();
    const host = options.host ?? "0.0.0.0";
    // Claimed before the await: a second listen fails now, and a close() meanwhile finds the server (whose
    // listen then rejects rather than leave it serving).
    this.#server = server;
    this.#closing = false;
    let bound: { port: number };
    try {
      bound = await server.listen({ port, host });
    } catch (error) {
      if (this.#server === server) this.#server = undefined;
      throw error;
    }
    const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
    return { host, port: bound.port, url: `${options.tls ? "https" : "http"}://${urlHost}:${bound.port}` };
  }

  /** Graceful shutdown: GOAWAY, in-flight calls finish, then sinks flush and close, within the deadline. */
  async close(options: { deadlineMs?: number } = {}): Promise<void> {
    const deadlineMs = options.deadlineMs ?? 5_000;
    const started = Date.now();
    this.#closing = true;
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await server.close({ deadlineMs });
    if (this.#sinks !== undefined) {
      await this.#sinks.close({ deadlineMs: Math.max(0, deadlineMs - (Date.now() - started)) });
    }
  }

  // One function for the app's lifetime: the hot path allocates no closure per call.
  readonly #reportFailure = (registration: Registration, error: unknown, timedOut: boolean): void => {
    const hook = registration.hook;
    this.logger.warn(
      {
        err: error,
        hook,
        group: registration.group.name,
        timedOut,
        policy: isValuedHook(hook) ? this.#policies.get(hook)?.onFailure : undefined,
      },
      timedOut ? "hook handler overran its deadline" : "hook handler failed",
    );
  };

  #group(name: string): HandlerGroup {
    let group = this.#groups.get(name);
    if (group === undefined) {
      group = new HandlerGroup(name);
      this.#groups.set(name, group);
      this.drivers.register(group);
    }
    return group;
  }

  #handlerFor(version: ProtocolVersion, entry: RpcEntry): (request: object, call: UnaryCall) => unknown {
    const hook = entry.hook;
    const counters = this.#hookCounters.get(hook)!;
    const policy = this.#policies.get(hook)!;
    const valued = isValuedHook(hook);
    const constantAnswer = entry.answer === "valued" ? ignoreAnswer : emptyAnswer;
    if (entry.answer === "loaded") {
      return (request) => {
        const started = performance.now();
        const hooks = this.offeredHooks(version);
        this.logger.info(
          { version, meta: metaOf(request), hooks: hooks.map((h) => h.name) },
          "provider loaded",
        );
        const chain = this.#chains.get(hook);
        if (chain !== undefined || this.#sinks?.hasRoutes(hook)) {
          // Loaded is also an event for user code; the answer does not wait on it. The call is answered at
          // once, so its handlers get the hook's own budget and a signal not tied to the call. `#run` counts.
          Promise.resolve(this.#run(hook, version, request, undefined, chain, policy, false)).catch(
            (error: unknown) => this.logger.error({ err: error, hook }, "provider.loaded handling failed"),
          );
        } else {
          counters.calls++;
          counters.ok++;
          counters.observe(performance.now() - started);
        }
        return loadedResponse(version, hooks);
      };
    }
    return (request, call) => {
      const chain = this.#chains.get(hook);
      if (chain === undefined && (this.#sinks === undefined || !this.#sinks.hasRoutes(hook))) {
        // Nobody listens: answer at once with the constant.
        counters.calls++;
        counters.ok++;
        counters.observe(0);
        return constantAnswer;
      }
      return this.#run(hook, version, request, call, chain, policy, valued);
    };
  }

  #run(
    hook: HookName,
    version: ProtocolVersion,
    request: object,
    call: UnaryCall | undefined,
    chain: HookChain | undefined,
    policy: ResolvedPolicy,
    valued: boolean,
  ): unknown {
    const counters = this.#hookCounters.get(hook)!;
    counters.calls++;
    const started = performance.now();
    const event = toEvent(hook, version, request);
    const meta = metaOf(request);
    if (chain === undefined) {
      this.#toSinks(hook, event, version, meta);
      counters.ok++;
      counters.observe(performance.now() - started);
      return valued ? ignoreAnswer : emptyAnswer;
    }
    const now = Date.now();
    const budget = now + policy.timeoutMs;
    const deadline = call === undefined ? budget : Math.min(budget, call.deadline - deadlineMarginMs);
    const ctx = new CallContext(hook, version, meta, deadline, this.logger, call);
    const outcome = runChain(chain, valued, event, ctx, this.#reportFailure);
    if (typeof outcome === "number")
      return this.#finish(hook, version, event, meta, outcome, policy, counters, started);
    return outcome.then((o) => this.#finish(hook, version, event, meta, o, policy, counters, started));
  }

  #finish(
    hook: HookName,
    version: ProtocolVersion,
    event: object,
    meta: RequestMeta,
    outcome: ChainOutcome,
    policy: ResolvedPolicy,
    counters: Counters,
    started: number,
  ): unknown {
    if (outcome === ChainOutcome.Failed) counters.failed++;
    else if (outcome === ChainOutcome.TimedOut) counters.timedOut++;
    else counters.ok++;
    counters.observe(performance.now() - started);
    const answer = answerFor(hook, version, event, outcome, policy);
    this.#decisions.record(hook, answer);
    this.#toSinks(hook, event, version, meta);
    return answer;
  }

  #toSinks(hook: HookName, event: object, version: ProtocolVersion, meta: RequestMeta): void {
    const sinks = this.#sinks;
    if (sinks === undefined || !sinks.hasRoutes(hook)) return;
    try {
      sinks.publish(hook, event, { version, meta, time: Date.now() });
    } catch (error) {
      // The runtime promises not to throw; if it does, the broker's answer must not suffer.
      this.logger.error({ err: error, hook }, "sink routing failed");
    }
  }
}

function answerFor(
  hook: HookName,
  version: ProtocolVersion,
  event: object,
  outcome: ChainOutcome,
  policy: ResolvedPolicy,
): unknown {
  if (!isValuedHook(hook)) return emptyAnswer;
  if (outcome === ChainOutcome.Failed || outcome === ChainOutcome.TimedOut) {
    if (policy.onFailure === "fail-open") return ignoreAnswer;
    if (hook !== "message.publish") return stopFalseAnswer;
    const message = (event as { message: Message }).message;
    return messageAnswer(version, true, {
      ...message,
      headers: { ...message.headers, allow_publish: "false" },
    });
  }
  if (outcome === ChainOutcome.Passed) return ignoreAnswer;
  const stop = outcome === ChainOutcome.Stopped;
  if (hook === "message.publish")
    return messageAnswer(version, stop, (event as { message: Message }).message);
  return boolAnswer(stop, (event as { result: boolean }).result);
}

const loadedSchemas = {
  v1: v1.LoadedResponseSchema,
  v2: v2.LoadedResponseSchema,
  v3: v3.LoadedResponseSchema,
};

function loadedResponse(version: ProtocolVersion, hooks: { name: string; topics: string[] }[]): object {
  // The three versions' LoadedResponse and HookSpec have the same fields; the schema names the version.
  return create(loadedSchemas[version] as typeof v2.LoadedResponseSchema, { hooks });
}

function portFromEnv(): number {
  const raw = process.env["EXHOOK_PORT"];
  if (raw === undefined || raw === "") return 9000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`EXHOOK_PORT must be a port number (0-65535), not "${raw}"`);
  }
  return port;
}

/** Creates an ExHook app: register handlers, then `listen`. */
export function createExhook(options?: ExhookOptions): Exhook {
  return new Exhook(options);
}

export type { OfferableHookName };
