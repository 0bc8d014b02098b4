// The dashboard's data: per-second samples of the hook counters (charts, rates, percentiles) and one JSON state.
import type { CounterSnapshot, Exhook, ExhookStats } from "@exhook/core";
import type { SinkRuntime } from "@exhook/core/sink";
import type { DashboardTail, TailQuery, TailView } from "./dashboard-tail.js";

/** Per hook over one window: calls per second and latency percentiles in ms (null without calls). */
export interface HookRate {
  rate: number;
  p50: number | null;
  p99: number | null;
}

/** One chart point: the rates of every hook that had calls since the previous sample. */
export interface HistorySample {
  /** ms since the epoch. */
  t: number;
  hooks: Record<string, HookRate>;
}

export interface DashboardState {
  now: number;
  sampleMs: number;
  /** Whether the page's own connection comes from this machine (the tail then starts unpaused). */
  viewerOnLoopback: boolean;
  hooks: {
    hook: string;
    calls: number;
    ok: number;
    failed: number;
    timedOut: number;
    /** Over the last few seconds. */
    recent: HookRate;
    decisions: { stopTrue: number; stopFalse: number; continue: number; ignore: number } | null;
  }[];
  groups: {
    name: string;
    enabled: boolean;
    hooks: Record<string, { calls: number; failed: number; timedOut: number }>;
  }[];
  sinks: {
    name: string;
    type: string;
    enabled: boolean;
    status: string;
    queueLength: number;
    inFlight: number;
    recordsIn: number;
    recordsOut: number;
    recordsFailed: number;
    dropped: Record<string, number>;
    lastError: { message: string; at: string } | null;
  }[];
  /** Samples newer than the `after` the page sent. */
  history: HistorySample[];
  tail: TailView | null;
}

export interface DashboardFeedOptions {
  app: Exhook;
  sinks: SinkRuntime;
  tail: DashboardTail;
  /** Default 1000 ms. */
  sampleMs?: number;
  /** How many samples the charts keep; default 300 (5 minutes at 1 s). */
  historySamples?: number;
}

type HookCounters = ExhookStats["hooks"];

/** Latency percentile `q` (0..1) in ms from per-bucket counts (core's LatencySnapshot), interpolated inside the bucket. */
export function percentileMs(
  buckets: readonly { le: number | null; count: number }[],
  q: number,
): number | null {
  let total = 0;
  for (const bucket of buckets) total += bucket.count;
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  let lower = 0;
  for (const bucket of buckets) {
    if (bucket.count > 0 && seen + bucket.count >= rank) {
      // The open last bucket has no upper bound: report its lower one rather than invent a number.
      if (bucket.le === null) return lower;
      const within = (rank - seen) / bucket.count;
      return lower + (bucket.le - lower) * within;
    }
    seen += bucket.count;
    if (bucket.le !== null) lower = bucket.le;
  }
  return lower;
}

/** The calls between two cumulative snapshots of one hook, as a rate and percentiles. */
function rateBetween(now: CounterSnapshot, before: CounterSnapshot | undefined, seconds: number): HookRate {
  const buckets = now.latency.buckets.map((bucket, i) => ({
    le: bucket.le,
    count: bucket.count - (before?.latency.buckets[i]?.count ?? 0),
  }));
  const calls = now.latency.count - (before?.latency.count ?? 0);
  return {
    rate: seconds > 0 ? calls / seconds : 0,
    p50: percentileMs(buckets, 0.5),
    p99: percentileMs(buckets, 0.99),
  };
}

/** How far back the table's "recent" rate and percentiles look, in samples. */
const recentSamples = 5;

export class DashboardFeed {
  readonly #app: Exhook;
  readonly #sinks: SinkRuntime;
  readonly #tail: DashboardTail;
  readonly sampleMs: number;
  readonly #historySamples: number;
  readonly #history: HistorySample[] = [];
  // Cumulative counters at the last few samples, oldest first: the table's recent window.
  readonly #recent: { t: number; hooks: HookCounters }[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(options: DashboardFeedOptions) {
    this.#app = options.app;
    this.#sinks = options.sinks;
    this.#tail = options.tail;
    this.sampleMs = options.sampleMs ?? 1000;
    this.#historySamples = options.historySamples ?? 300;
    this.#recent.push({ t: Date.now(), hooks: this.#app.stats().hooks });
    // One stats() read per second whether or not anyone looks: the charts then have history when a page opens.
    this.#timer = setInterval(() => this.#sample(), this.sampleMs);
    this.#timer.unref();
  }

  #sample(): void {
    const t = Date.now();
    const hooks = this.#app.stats().hooks;
    const previous = this.#recent[this.#recent.length - 1]!;
    const seconds = (t - previous.t) / 1000;
    const rates: Record<string, HookRate> = {};
    for (const [hook, counters] of Object.entries(hooks)) {
      const before = previous.hooks[hook as keyof HookCounters];
      if (counters.latency.count === (before?.latency.count ?? 0)) continue;
      rates[hook] = rateBetween(counters, before, seconds);
    }
    this.#history.push({ t, hooks: rates });
    if (this.#history.length > this.#historySamples) this.#history.shift();
    this.#recent.push({ t, hooks });
    if (this.#recent.length > recentSamples + 1) this.#recent.shift();
    this.#tail.idleCheck(t);
  }

  /** The page's whole view: totals now, rates of the last seconds, samples after `after`, the tail if asked. */
  state(options: { after: number; tail: TailQuery | undefined; viewerOnLoopback: boolean }): DashboardState {
    const stats = this.#app.stats();
    const oldest = this.#recent[0]!;
    const newest = this.#recent[this.#recent.length - 1]!;
    const seconds = (newest.t - oldest.t) / 1000;
    const hooks = Object.entries(stats.hooks).map(([hook, c]) => {
      const name = hook as keyof HookCounters;
      const recentNow = newest.hooks[name];
      return {
        hook,
        calls: c.calls,
        ok: c.ok,
        failed: c.failed,
        timedOut: c.timedOut,
        recent:
          recentNow === undefined
            ? { rate: 0, p50: null, p99: null }
            : rateBetween(recentNow, oldest.hooks[name], seconds),
        decisions: stats.decisions[name] ?? null,
      };
    });
    const enabled = new Map(this.#app.drivers.list().map((d) => [d.name, d.enabled]));
    const groups = Object.entries(stats.groups).map(([name, perHook]) => ({
      name,
      enabled: enabled.get(name) ?? true,
      hooks: Object.fromEntries(
        Object.entries(perHook).map(([hook, c]) => [
          hook,
          { calls: c.calls, failed: c.failed, timedOut: c.timedOut },
        ]),
      ),
    }));
    const sinks = this.#sinks.stats().map((s) => ({
      name: s.name,
      type: s.type,
      enabled: s.enabled,
      status: s.status,
      queueLength: s.queueLength,
      inFlight: s.inFlight,
      recordsIn: s.recordsIn,
      recordsOut: s.recordsOut,
      recordsFailed: s.recordsFailed,
      dropped: { ...s.dropped },
      lastError: s.lastError,
    }));
    return {
      now: Date.now(),
      sampleMs: this.sampleMs,
      viewerOnLoopback: options.viewerOnLoopback,
      hooks,
      groups,
      sinks,
      history: this.#history.filter((sample) => sample.t > options.after),
      tail: options.tail === undefined ? null : this.#tail.read(options.tail),
    };
  }

  close(): void {
    clearInterval(this.#timer);
    this.#tail.close();
  }
}
