// The sink runtime: named sinks, routes from hooks (and topics) to sinks, and a publish that never waits.
import * as path from "node:path";
import type { DriverRegistry } from "../drivers.js";
import { ExhookError, SinkConfigError, SinkNotFoundError, SinkRouteError } from "../errors.js";
import type { HookEvents, HookName, Message } from "../events.js";
import { type Logger, silentLogger } from "../logger.js";
import { stripSharePrefix, TopicMatcher } from "../topic-filter.js";
import { errorText } from "./errors.js";
import type { SinkStats } from "./metrics.js";
import { parseSinkOptions, type ResolvedSinkOptions, type SinkOptions } from "./options.js";
import type { PublishInfo } from "./record.js";
import { routeProblems, sinkNameProblem } from "./rules.js";
import { isSinkDefinition, parseSinkProps, type Sink, type SinkDefinition } from "./sink.js";
import { type Pending, SinkWorker } from "./worker.js";

export { SinkNotFoundError, SinkRouteError };

export interface SinkRuntimeOptions {
  logger?: Logger;
  /** Each sink is registered here as a driver of kind "sink" (list, enable, disable at runtime). */
  drivers?: DriverRegistry;
  /** Where sinks with `buffer: disk` and no `bufferDir` keep their buffer: `<dataDir>/sinks/<name>`. */
  dataDir?: string | undefined;
}

/** Which events go to which sinks. `topics` (MQTT filters) apply to `message.*` hooks only; none = every topic. */
export interface SinkRoute {
  hooks: readonly HookName[];
  topics?: readonly string[];
  sinks: readonly string[];
}

export interface SinkRouteInfo {
  id: string;
  hooks: HookName[];
  topics: string[];
  sinks: string[];
}

/** The routes of one hook, compiled: sinks taking every topic, and a trie for those taking some. */
interface HookRoutes {
  all: SinkWorker[];
  matcher: TopicMatcher<SinkWorker> | undefined;
  /** For `routedHooks()`: the union of the filters, or "all". */
  filters: readonly string[] | "all";
}

export class SinkRuntime {
  readonly #logger: Logger;
  readonly #drivers: DriverRegistry | undefined;
  readonly #dataDir: string | undefined;
  readonly #workers = new Map<string, SinkWorker>();
  readonly #routes = new Map<string, SinkRouteInfo>();
  #index = new Map<HookName, HookRoutes>();
  #nextRouteId = 1;
  #closing = false;
  #publishErrorLogged = false;

  constructor(options: SinkRuntimeOptions = {}) {
    this.#logger = options.logger ?? silentLogger;
    this.#drivers = options.drivers;
    this.#dataDir = options.dataDir;
  }

  /**
   * Makes and opens a sink, then registers it (and its driver). A `SinkDefinition`'s props are parsed by its
   * schema and given to `create(props)`; a `Sink` instance is used as it is (it takes its settings in its
   * constructor, so `props` must be left out or `{}`). Rejects with `SinkConfigError` for bad props/options and
   * with the sink's error when `open` fails fatally; a retryable `open` failure does not reject: the sink
   * starts disconnected and retries.
   */
  async addSink(
    name: string,
    sink: Sink | SinkDefinition,
    props: unknown = {},
    options: SinkOptions = {},
  ): Promise<void> {
    if (this.#closing) throw new ExhookError("closed", "the sink runtime is closed");
    const nameProblem = sinkNameProblem(name);
    if (nameProblem !== undefined) throw new ExhookError("invalid_name", nameProblem, { key: name });
    if (this.#workers.has(name) || this.#drivers?.get(name) !== undefined) {
      throw new ExhookError("name_taken", `a sink or driver named "${name}" already exists`, { key: name });
    }
    const resolved = this.#resolveOptions(name, options);
    if (resolved.bufferDir !== undefined) {
      for (const other of this.#workers.values()) {
        if (other.bufferDir === resolved.bufferDir) {
          const reason = `is the buffer of sink "${other.name}" already`;
          throw new SinkConfigError("invalid_property", "bufferDir", reason).forSink(name);
        }
      }
    }
    const definition = isSinkDefinition(sink) ? sink : undefined;
    const instance =
      definition === undefined
        ? instanceWithoutProps(name, sink as Sink, props)
        : create(name, definition, props);
    const type = definition?.type ?? "custom";
    const worker = new SinkWorker(name, type, definition, instance, props, resolved, this.#logger);
    // Claim the name while opening, so two concurrent adds of one name cannot both pass.
    this.#workers.set(name, worker);
    try {
      await worker.start();
      this.#drivers?.register(worker);
    } catch (error) {
      this.#workers.delete(name);
      throw error;
    }
    this.#logger.info({ sink: name, type }, "sink added");
  }

  /** Unroutes the sink, delivers what it has queued within `deadlineMs` (default 5000), closes it. */
  async removeSink(name: string, options: { deadlineMs?: number } = {}): Promise<void> {
    const worker = this.#require(name);
    this.#workers.delete(name);
    this.#drivers?.unregister(name);
    for (const [id, route] of this.#routes) {
      const sinks = route.sinks.filter((s) => s !== name);
      if (sinks.length === 0) this.#routes.delete(id);
      else route.sinks = sinks;
    }
    this.#rebuild();
    await stopWithin([worker], options.deadlineMs ?? 5000);
  }

  /**
   * New props (and optionally options) for a running sink: a definition's sink is made anew from the parsed
   * props; an instance is closed and opened again. Bad props reject and leave the sink as it was.
   */
  async reconfigure(name: string, props: unknown, options?: SinkOptions): Promise<void> {
    const worker = this.#require(name);
    const resolved = options === undefined ? undefined : this.#resolveOptions(name, options);
    if (resolved !== undefined && resolved.bufferDir !== worker.bufferDir) {
      // The buffer is opened with the sink: moving it (or between memory and disk) needs a remove and an add.
      const reason = "cannot change while the sink runs (remove the sink and add it again)";
      throw new SinkConfigError("invalid_property", "buffer", reason).forSink(name);
    }
    let next: Sink | undefined;
    if (worker.definition === undefined) instanceWithoutProps(name, undefined, props);
    else next = create(name, worker.definition, props);
    await worker.reconfigure(props, next, resolved);
    this.#logger.info({ sink: name }, "sink reconfigured");
  }

  /** Adds a route and returns its id. Every sink named must exist. */
  addRoute(route: SinkRoute): string {
    const [problem] = routeProblems(route);
    if (problem !== undefined) throw new SinkRouteError(problem.message);
    // `$share/g/t` routes like `t`: the broker offers message hooks by plain filters.
    const topics = [...new Set((route.topics ?? []).map(stripSharePrefix))];
    for (const sink of route.sinks) if (!this.#workers.has(sink)) throw new SinkNotFoundError(sink);
    const id = `route-${this.#nextRouteId++}`;
    this.#routes.set(id, { id, hooks: [...route.hooks], topics: [...topics], sinks: [...route.sinks] });
    this.#rebuild();
    return id;
  }

  removeRoute(id: string): boolean {
    const removed = this.#routes.delete(id);
    if (removed) this.#rebuild();
    return removed;
  }

  routes(): SinkRouteInfo[] {
    return [...this.#routes.values()].map((r) => ({
      ...r,
      hooks: [...r.hooks],
      topics: [...r.topics],
      sinks: [...r.sinks],
    }));
  }

  /** Per routed hook, the topic filters to offer the broker (`HookSpec.topics`), or "all". */
  routedHooks(): Map<HookName, readonly string[] | "all"> {
    const out = new Map<HookName, readonly string[] | "all">();
    for (const [hook, routes] of this.#index) out.set(hook, routes.filters);
    return out;
  }

  /** Whether any route takes this hook: O(1), for every hook call. */
  hasRoutes(hook: HookName): boolean {
    return this.#index.has(hook);
  }

  /**
   * Hands an event to the sinks routed for it. Never throws, never waits: it matches routes and pushes one
   * shared reference into each sink's queue; records are built later by each sink's worker. `event` must not
   * be changed after this call.
   */
  publish<H extends HookName>(hook: H, event: HookEvents[H], info: PublishInfo): void {
    try {
      const routes = this.#index.get(hook);
      if (routes === undefined || this.#closing) return;
      const pending: Pending = { hook, event, info };
      for (const worker of routes.all) worker.offer(pending);
      if (routes.matcher !== undefined) {
        // The topic the client published, not one a handler rewrote it to: EMQX matches the hook's topic
        // filters (offered from these routes) against that one, so a route means what the broker means.
        const topic = info.publishedTopic ?? (event as { message: Message }).message.topic;
        for (const worker of routes.matcher.match(topic)) worker.offer(pending);
      }
    } catch (error) {
      // Only a bug gets here; say it once rather than flood the log from the hot path.
      if (!this.#publishErrorLogged) {
        this.#publishErrorLogged = true;
        this.#logger.error({ hook, err: errorText(error) }, "sink publish failed");
      }
    }
  }

  /** Stops taking events, delivers what is queued within `deadlineMs` (default 5000), then closes every sink. */
  async close(options: { deadlineMs?: number } = {}): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const workers = [...this.#workers.values()];
    for (const worker of workers) this.#drivers?.unregister(worker.name);
    await stopWithin(workers, options.deadlineMs ?? 5000);
    this.#workers.clear();
    this.#index = new Map();
  }

  stats(): SinkStats[] {
    return [...this.#workers.values()].map((w) => w.stats());
  }

  sinkStats(name: string): SinkStats {
    return this.#require(name).stats();
  }

  sinks(): string[] {
    return [...this.#workers.keys()];
  }

  /** Options with their defaults; a disk buffer's directory defaults to `<dataDir>/sinks/<name>`. */
  #resolveOptions(name: string, options: SinkOptions): ResolvedSinkOptions {
    const resolved = resolveOptions(name, options);
    if (resolved.buffer !== "disk") return { ...resolved, bufferDir: undefined };
    const dir =
      resolved.bufferDir ??
      (this.#dataDir === undefined ? undefined : path.join(this.#dataDir, "sinks", name));
    if (dir === undefined) {
      const reason = "is required with buffer: disk when the runtime has no dataDir";
      throw new SinkConfigError("missing_property", "bufferDir", reason).forSink(name);
    }
    return { ...resolved, bufferDir: path.resolve(dir) };
  }

  #require(name: string): SinkWorker {
    const worker = this.#workers.get(name);
    if (worker === undefined) throw new SinkNotFoundError(name);
    return worker;
  }

  /** Routes change rarely: compile them into per-hook lists and tries so `publish` does the least work. */
  #rebuild(): void {
    const allSets = new Map<HookName, Set<SinkWorker>>();
    const filtered = new Map<HookName, Map<SinkWorker, Set<string>>>();
    for (const route of this.#routes.values()) {
      for (const hook of route.hooks) {
        for (const name of route.sinks) {
          const worker = this.#workers.get(name);
          if (worker === undefined) continue;
          if (route.topics.length === 0) {
            getOrAdd(allSets, hook, () => new Set<SinkWorker>()).add(worker);
          } else {
            const byWorker = getOrAdd(filtered, hook, () => new Map<SinkWorker, Set<string>>());
            const topics = getOrAdd(byWorker, worker, () => new Set<string>());
            for (const t of route.topics) topics.add(t);
          }
        }
      }
    }
    const index = new Map<HookName, HookRoutes>();
    const hooksOf = new Map<SinkWorker, Set<string>>();
    const note = (worker: SinkWorker, hook: HookName) =>
      getOrAdd(hooksOf, worker, () => new Set<string>()).add(hook);
    for (const hook of new Set([...allSets.keys(), ...filtered.keys()])) {
      const all = [...(allSets.get(hook) ?? [])];
      for (const worker of all) note(worker, hook);
      let matcher: TopicMatcher<SinkWorker> | undefined;
      const union = new Set<string>();
      for (const [worker, topics] of filtered.get(hook) ?? []) {
        // A sink that takes every topic of this hook already gets each event once through `all`.
        if (all.includes(worker)) continue;
        note(worker, hook);
        matcher ??= new TopicMatcher();
        for (const t of topics) {
          matcher.add(t, worker);
          union.add(t);
        }
      }
      const filters: readonly string[] | "all" = all.length > 0 ? "all" : [...union];
      index.set(hook, { all, matcher, filters });
    }
    for (const worker of this.#workers.values()) worker.hooks = [...(hooksOf.get(worker) ?? [])];
    this.#index = index;
  }
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function resolveOptions(name: string, options: SinkOptions): ResolvedSinkOptions {
  try {
    const resolved = parseSinkOptions(options);
    if (resolved.retry.maxMs < resolved.retry.initialMs) {
      throw new SinkConfigError("invalid_property", "retry.maxMs", "must be at least retry.initialMs");
    }
    return resolved;
  } catch (error) {
    throw error instanceof SinkConfigError ? error.forSink(name) : error;
  }
}

function create(name: string, definition: SinkDefinition, props: unknown): Sink {
  return definition.create(parseSinkProps(definition, props, name));
}

/** A `Sink` instance has its settings already: props given with it would be ignored, so they are refused. */
function instanceWithoutProps<S extends Sink | undefined>(name: string, sink: S, props: unknown): S {
  const empty =
    props === undefined ||
    (typeof props === "object" && props !== null && !Array.isArray(props) && Object.keys(props).length === 0);
  if (!empty) {
    throw new SinkConfigError(
      "invalid_props",
      "",
      "a Sink instance takes its settings in its constructor; props are for sink definitions (defineSink)",
    ).forSink(name);
  }
  return sink;
}

/** Lets each worker drain until the deadline, then aborts what is still going and closes every sink. */
async function stopWithin(workers: readonly SinkWorker[], deadlineMs: number): Promise<void> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deadlineMs);
  });
  try {
    await Promise.race([Promise.all(workers.map((w) => w.stop())), deadline]);
  } finally {
    clearTimeout(timer);
  }
  for (const worker of workers) worker.abort();
  // Closing gets what is left of the deadline, and at least a moment: a sink's close flushes its own buffers.
  const grace = Math.max(500, deadlineMs - (Date.now() - started));
  await Promise.all(workers.map((w) => w.finish(grace)));
}
