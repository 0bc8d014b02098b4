// Prometheus metrics: hook and handler counters, latency histograms and sink stats, read at scrape time only.
import type { CounterSnapshot, Exhook, ExhookStats, LatencySnapshot } from "@exhook/core";
import type { SinkRuntime, SinkStats } from "@exhook/core/sink";
import {
  collectDefaultMetrics,
  type Metric,
  type MetricObjectWithValues,
  type MetricValue,
  Registry,
} from "prom-client";
import type { ReloadStats } from "./reload.js";

type Labels = Record<string, string>;
interface Sample {
  metricName?: string;
  labels: Labels;
  value: number;
}
type MetricType = "counter" | "gauge" | "histogram";
/**
 * How a cluster's primary combines the workers' samples of a family (prom-client's aggregators): counts add
 * up; a 0/1 state is 1 only when it is 1 in every worker; reloads happen in every worker at once.
 */
type Aggregator = "sum" | "min" | "max";

interface Snapshot {
  stats: ExhookStats;
  sinks: SinkStats[];
  drivers: { name: string; kind: string; enabled: boolean }[];
}

export interface MetricsSource {
  app: Exhook;
  sinks: () => SinkRuntime | undefined;
  ready: () => boolean;
  /** Config reloads, applied and refused. */
  reloads?: () => ReloadStats;
}

/** A family whose samples are computed from the scrape's snapshot (prom-client formats it like its own). */
class Family {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricType,
    private readonly samples: () => Sample[],
    readonly aggregator: Aggregator = "sum",
  ) {}

  async get(): Promise<{
    name: string;
    help: string;
    type: MetricType;
    aggregator: string;
    values: Sample[];
  }> {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.samples(),
    };
  }

  reset(): void {}
}

const outcomes = [
  ["ok", "ok"],
  ["failed", "failed"],
  ["timed_out", "timedOut"],
] as const;

const decisionNames = [
  ["stop_true", "stopTrue"],
  ["stop_false", "stopFalse"],
  ["continue", "continue"],
  ["ignore", "ignore"],
] as const;

function callSamples(labels: Labels, c: CounterSnapshot): Sample[] {
  return outcomes.map(([outcome, key]) => ({ labels: { ...labels, outcome }, value: c[key] }));
}

/** Core's latency (per-bucket counts, ms) as Prometheus wants it: cumulative counts, seconds. */
function latencySamples(name: string, labels: Labels, latency: LatencySnapshot): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  for (const bucket of latency.buckets) {
    cumulative += bucket.count;
    const le = bucket.le === null ? "+Inf" : String(bucket.le / 1000);
    out.push({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative });
  }
  out.push({ metricName: `${name}_sum`, labels, value: latency.sumMs / 1000 });
  out.push({ metricName: `${name}_count`, labels, value: latency.count });
  return out;
}

/** Reloads as Prometheus counts its own: a counter by outcome, and when the last one was and how it went. */
function reloadFamilies(source: MetricsSource): Family[] {
  const reloads = source.reloads;
  if (reloads === undefined) return [];
  return [
    new Family(
      "exhook_config_reloads_total",
      "Config reloads, by outcome (ok or refused).",
      "counter",
      () => {
        const r = reloads();
        return [
          { labels: { outcome: "ok" }, value: r.ok },
          { labels: { outcome: "refused" }, value: r.refused },
        ];
      },
      "max",
    ),
    new Family(
      "exhook_config_last_reload_timestamp_seconds",
      "When the last config reload ran (0: none since start).",
      "gauge",
      () => {
        const at = reloads().lastAt;
        return [{ labels: {}, value: at === undefined ? 0 : Date.parse(at) / 1000 }];
      },
      "max",
    ),
    new Family(
      "exhook_config_last_reload_successful",
      "1 when the last config reload was applied (or none ran), 0 when it was refused.",
      "gauge",
      () => [{ labels: {}, value: reloads().lastOutcome === "refused" ? 0 : 1 }],
      "min",
    ),
  ];
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly #source: MetricsSource;
  #snapshot: Snapshot = {
    stats: { hooks: {}, groups: {}, decisions: {}, caches: {} },
    sinks: [],
    drivers: [],
  };

  constructor(source: MetricsSource) {
    this.#source = source;
    collectDefaultMetrics({ register: this.registry, prefix: "exhook_" });
    const snap = () => this.#snapshot;
    const families = [
      new Family(
        "exhook_up",
        "1 while serving and not draining (ready).",
        "gauge",
        () => [{ labels: {}, value: source.ready() ? 1 : 0 }],
        "min",
      ),
      new Family(
        "exhook_hook_calls_total",
        "Hook calls from the broker, by hook and outcome.",
        "counter",
        () => Object.entries(snap().stats.hooks).flatMap(([hook, c]) => callSamples({ hook }, c)),
      ),
      new Family("exhook_hook_duration_seconds", "Time to answer a hook call.", "histogram", () =>
        Object.entries(snap().stats.hooks).flatMap(([hook, c]) =>
          latencySamples("exhook_hook_duration_seconds", { hook }, c.latency),
        ),
      ),
      new Family(
        "exhook_hook_decisions_total",
        "What valued hooks (authenticate, authorize, publish) answered, by hook and decision.",
        "counter",
        () =>
          Object.entries(snap().stats.decisions).flatMap(([hook, d]) =>
            decisionNames.map(([decision, key]) => ({ labels: { hook, decision }, value: d[key] })),
          ),
      ),
      new Family(
        "exhook_handler_calls_total",
        "Handler calls, by handler group, hook and outcome.",
        "counter",
        () =>
          Object.entries(snap().stats.groups).flatMap(([group, hooks]) =>
            Object.entries(hooks).flatMap(([hook, c]) => callSamples({ group, hook }, c)),
          ),
      ),
      new Family("exhook_handler_duration_seconds", "Time a handler group took on a hook.", "histogram", () =>
        Object.entries(snap().stats.groups).flatMap(([group, hooks]) =>
          Object.entries(hooks).flatMap(([hook, c]) =>
            latencySamples("exhook_handler_duration_seconds", { group, hook }, c.latency),
          ),
        ),
      ),
      new Family(
        "exhook_decision_cache_lookups_total",
        "Decision cache lookups of authenticate/authorize handlers, by handler group, hook and result (hit, miss).",
        "counter",
        () =>
          Object.entries(snap().stats.caches).flatMap(([group, hooks]) =>
            Object.entries(hooks).flatMap(([hook, c]) => [
              { labels: { group, hook, result: "hit" }, value: c.hits },
              { labels: { group, hook, result: "miss" }, value: c.misses },
            ]),
          ),
      ),
      new Family(
        "exhook_decision_cache_evictions_total",
        "Cached decisions dropped, by handler group, hook and reason (expired, capacity).",
        "counter",
        () =>
          Object.entries(snap().stats.caches).flatMap(([group, hooks]) =>
            Object.entries(hooks).flatMap(([hook, c]) => [
              { labels: { group, hook, reason: "expired" }, value: c.expired },
              { labels: { group, hook, reason: "capacity" }, value: c.evictions },
            ]),
          ),
      ),
      new Family(
        "exhook_decision_cache_entries",
        "Decisions held in the cache, by handler group and hook.",
        "gauge",
        () =>
          Object.entries(snap().stats.caches).flatMap(([group, hooks]) =>
            Object.entries(hooks).map(([hook, c]) => ({ labels: { group, hook }, value: c.entries })),
          ),
      ),
      new Family(
        "exhook_driver_enabled",
        "1 when the driver (handler group or sink) is enabled.",
        "gauge",
        () =>
          snap().drivers.map((d) => ({ labels: { driver: d.name, kind: d.kind }, value: d.enabled ? 1 : 0 })),
        "min",
      ),
      ...this.#sinkFamilies(snap),
      ...reloadFamilies(source),
    ];
    for (const family of families) this.registry.registerMetric(family as unknown as Metric);
  }

  #sinkFamilies(snap: () => Snapshot): Family[] {
    const per = (pick: (s: SinkStats) => number) => () =>
      snap().sinks.map((s) => ({ labels: { sink: s.name, type: s.type }, value: pick(s) }));
    return [
      new Family(
        "exhook_sink_records_in_total",
        "Events routed to the sink.",
        "counter",
        per((s) => s.recordsIn),
      ),
      new Family(
        "exhook_sink_records_out_total",
        "Records the sink delivered.",
        "counter",
        per((s) => s.recordsOut),
      ),
      new Family(
        "exhook_sink_records_failed_total",
        "Records in failed deliveries (per attempt).",
        "counter",
        per((s) => s.recordsFailed),
      ),
      new Family("exhook_sink_dropped_total", "Records dropped, by reason.", "counter", () =>
        snap().sinks.flatMap((s) =>
          Object.entries(s.dropped).map(([reason, value]) => ({
            labels: { sink: s.name, type: s.type, reason },
            value,
          })),
        ),
      ),
      new Family(
        "exhook_sink_queue_length",
        "Records waiting in the sink's queue.",
        "gauge",
        per((s) => s.queueLength),
      ),
      new Family(
        "exhook_sink_in_flight",
        "Records being delivered.",
        "gauge",
        per((s) => s.inFlight),
      ),
      new Family(
        "exhook_sink_connected",
        "1 when the sink is connected.",
        "gauge",
        per((s) => (s.status === "connected" ? 1 : 0)),
        "min",
      ),
      new Family(
        "exhook_sink_delivery_seconds",
        "From the hook call to the sink's acknowledgment.",
        "histogram",
        () =>
          snap().sinks.flatMap((s) =>
            latencySamples("exhook_sink_delivery_seconds", { sink: s.name, type: s.type }, s.latency),
          ),
      ),
    ];
  }

  #takeSnapshot(): void {
    const { app } = this.#source;
    this.#snapshot = {
      stats: app.stats(),
      sinks: this.#source.sinks()?.stats() ?? [],
      drivers: app.drivers.list().map((d) => ({ name: d.name, kind: d.kind, enabled: d.enabled })),
    };
  }

  /** The exposition text: one snapshot of the app and sink counters, taken now. */
  async scrape(): Promise<string> {
    this.#takeSnapshot();
    return this.registry.metrics();
  }

  /** The same snapshot as prom-client's JSON, which a cluster's primary adds up (`AggregatorRegistry.aggregate`). */
  async json(): Promise<MetricObjectWithValues<MetricValue<string>>[]> {
    this.#takeSnapshot();
    return this.registry.getMetricsAsJSON();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
