// The admin port of an app running on several cores (`runWorkers`): one port in the primary; every call is
// asked of each worker (over the cluster's IPC) and the answers are combined, /metrics adds up the workers'.

import type { DescMethod } from "@bufbuild/protobuf";
import { create, fromJson, type JsonValue, toJson } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextValues,
  createHandlerContext,
  type HandlerContext,
  type ServiceImpl,
} from "@connectrpc/connect";
import { answerPrimary, type Exhook, type Logger, type WorkerAnswer, type WorkerPool } from "@exhook/core";
import { adminV1 } from "@exhook/proto";
import {
  AggregatorRegistry,
  Counter,
  collectDefaultMetrics,
  Gauge,
  type MetricObjectWithValues,
  type MetricValue,
  Registry,
} from "prom-client";
import { type AdminOptions, type AdminServer, startAdminPort } from "./admin-server.js";
import { type AddSinkHandler, createAdminService, remoteAddressKey } from "./admin-service.js";
import { ServerMetrics } from "./metrics.js";
import type { ReloadHandler } from "./reload.js";
import { mergeStats } from "./stats-merge.js";

const adminTopic = "exhook.admin";
const metricsTopic = "exhook.metrics";

interface AdminAsk {
  method: string;
  request: JsonValue;
  remote: string;
}

interface MetricsAnswer {
  metrics: MetricObjectWithValues<MetricValue<string>>[];
  /** Hook calls this worker answered, all hooks together. */
  calls: number;
}

type Unary = (request: unknown, context: HandlerContext) => Promise<unknown>;

function methodOf(name: string): DescMethod {
  const method = adminV1.AdminService.method[name as keyof typeof adminV1.AdminService.method];
  if (method === undefined) throw new ConnectError(`no admin call ${name}`, Code.Unimplemented);
  return method as DescMethod;
}

export interface WorkerAdminOptions {
  logger?: Logger | undefined;
  ready?: (() => boolean) | undefined;
  addSink?: AddSinkHandler | undefined;
  reload?: ReloadHandler | undefined;
}

/**
 * In each worker: answers the primary's admin calls (`startClusterAdmin`) with this worker's app, as
 * `startAdmin` would, and its metrics.
 */
export function answerAdminCalls(app: Exhook, options: WorkerAdminOptions = {}): void {
  const logger = options.logger ?? app.logger;
  const reload = options.reload;
  const service = createAdminService({ app, logger, addSink: options.addSink, reload }) as unknown as Record<
    string,
    Unary
  >;
  const metrics = new ServerMetrics({
    app,
    sinks: () => app.sinks,
    ready: options.ready ?? (() => true),
    ...(reload === undefined ? {} : { reloads: () => reload.stats() }),
  });
  answerPrimary(adminTopic, async (payload) => {
    const { method: name, request, remote } = payload as AdminAsk;
    const method = methodOf(name);
    const context = createHandlerContext({
      service: adminV1.AdminService,
      method,
      protocolName: "ipc",
      requestMethod: "POST",
      url: `ipc:///${adminV1.AdminService.typeName}/${method.name}`,
      contextValues: createContextValues().set(remoteAddressKey, remote),
    });
    try {
      const response = await service[name]!(fromJson(method.input, request), context);
      return toJson(method.output, create(method.output, response as never));
    } catch (error) {
      // The code crosses the IPC; the primary answers the caller with it.
      const mapped = ConnectError.from(error);
      throw Object.assign(new Error(mapped.rawMessage), { code: mapped.code });
    }
  });
  answerPrimary(metricsTopic, async (): Promise<MetricsAnswer> => {
    const calls = Object.values(app.stats().hooks).reduce((sum, c) => sum + (c?.calls ?? 0), 0);
    return { metrics: await metrics.json(), calls };
  });
}

/** Calls that change a worker: a restarted worker is given them again, in order, so it matches the others. */
const journaled = new Set(["enableDriver", "disableDriver", "addSink", "removeSink", "reconfigureSink"]);

export type ClusterAdminOptions = Omit<AdminOptions, "addSink" | "reload" | "ready"> & {
  logger: Logger;
};

/**
 * In the primary: the one admin port of the pool. A write (enable, disable, add a sink, reload, clear the
 * decision cache) goes to every worker that is up and answers when all have; a worker that refuses it makes
 * the call fail with its reason (`worker 2: …` when others took it). GetStats and /metrics add up the
 * workers' counters, with per-worker figures beside them.
 */
export async function startClusterAdmin(
  pool: WorkerPool,
  options: ClusterAdminOptions,
): Promise<AdminServer> {
  const { logger } = options;
  const journal: AdminAsk[] = [];
  // Only the last enable or disable of a driver matters: a dashboard toggling one does not grow the journal.
  const toggles = new Set(["enableDriver", "disableDriver"]);
  const remember = (entry: AdminAsk) => {
    if (toggles.has(entry.method)) {
      const name = (entry.request as { name?: unknown } | null)?.name;
      for (let i = journal.length - 1; i >= 0; i--) {
        const old = journal[i]!;
        if (toggles.has(old.method) && (old.request as { name?: unknown } | null)?.name === name)
          journal.splice(i, 1);
      }
    }
    journal.push(entry);
  };

  const ask = async (name: string, request: unknown, context: HandlerContext) => {
    const method = methodOf(name);
    const payload: AdminAsk = {
      method: name,
      request: toJson(method.input, request as never),
      remote: context.values.get(remoteAddressKey),
    };
    const answers = await pool.ask(adminTopic, payload);
    if (answers.length === 0) throw new ConnectError("no worker is up", Code.Unavailable);
    if (journaled.has(name) && answers.some((a) => a.ok)) remember(payload);
    return { method, answers };
  };

  const impl: Record<string, Unary> = {};
  for (const method of adminV1.AdminService.methods) {
    const name = method.localName;
    impl[name] = async (request, context) => {
      const { answers } = await ask(name, request, context);
      const values = okValues(answers);
      if (name === "getStats") {
        const stats = mergeStats(values.map((v) => (v as { stats?: JsonValue }).stats ?? {}));
        const whole = (request as adminV1.GetStatsRequest).driver === "";
        const out =
          whole && typeof stats === "object" && stats !== null
            ? { ...stats, workers: workerRows(pool) }
            : stats;
        return create(adminV1.GetStatsResponseSchema, { stats: out as never });
      }
      if (name === "clearDecisionCache") {
        const cleared = values.reduce<number>(
          (sum, v) => sum + Number((v as { cleared?: number }).cleared ?? 0),
          0,
        );
        return create(adminV1.ClearDecisionCacheResponseSchema, { cleared });
      }
      return fromJson(method.output, values[0] as JsonValue);
    };
  }

  // A worker that died and came back was built from the config file: replay what the admin changed since.
  pool.onRestarted((index) => {
    void (async () => {
      for (const entry of journal) {
        const [answer] = await pool.ask(adminTopic, entry, { only: index });
        if (answer !== undefined && !answer.ok) {
          logger.warn(
            { worker: index, call: entry.method, error: answer.error.message },
            "a restarted worker refused an admin change the others have",
          );
        }
      }
    })();
  });

  const ready = () => !pool.draining() && pool.slots().some((s) => s.up);
  return startAdminPort({
    ...options,
    ready,
    service: impl as unknown as ServiceImpl<typeof adminV1.AdminService>,
    metrics: clusterMetrics(pool),
  });
}

/** The answers, or the call's error: the first refusal, named by worker when other workers took it. */
function okValues(answers: readonly WorkerAnswer[]): unknown[] {
  const failed = answers.filter((a) => !a.ok);
  const first = failed[0];
  if (first !== undefined && !first.ok) {
    const code =
      typeof first.error.code === "number" && first.error.code in Code ? first.error.code : Code.Internal;
    const message =
      failed.length === answers.length
        ? first.error.message
        : `worker ${first.index}: ${first.error.message}`;
    throw new ConnectError(message, code as Code);
  }
  return answers.map((a) => (a.ok ? a.value : undefined));
}

function workerRows(pool: WorkerPool): JsonValue[] {
  return pool.slots().map((s) => ({ worker: s.index, pid: s.pid ?? null, up: s.up, restarts: s.restarts }));
}

/** /metrics of the pool: the workers' families added up (prom-client's cluster aggregation), plus per worker. */
function clusterMetrics(pool: WorkerPool): { scrape(): Promise<string>; readonly contentType: string } {
  // The primary's own process figures (CPU, memory) join the workers' in the sums.
  const primary = new Registry();
  collectDefaultMetrics({ register: primary, prefix: "exhook_" });
  const perWorker = new Registry();
  let calls = new Map<number, number>();
  new Gauge({
    name: "exhook_workers",
    help: "Worker processes configured (server.workers).",
    registers: [perWorker],
    collect() {
      this.set(pool.size);
    },
  });
  new Gauge({
    name: "exhook_worker_up",
    help: "1 while the worker process listens.",
    labelNames: ["worker"],
    registers: [perWorker],
    collect() {
      for (const s of pool.slots()) this.set({ worker: String(s.index) }, s.up ? 1 : 0);
    },
  });
  new Counter({
    name: "exhook_worker_restarts_total",
    help: "Times the worker process died and was started again.",
    labelNames: ["worker"],
    registers: [perWorker],
    collect() {
      this.reset();
      for (const s of pool.slots()) this.inc({ worker: String(s.index) }, s.restarts);
    },
  });
  new Counter({
    name: "exhook_worker_hook_calls_total",
    help: "Hook calls the worker process answered (all hooks; since it started).",
    labelNames: ["worker"],
    registers: [perWorker],
    collect() {
      this.reset();
      for (const [worker, n] of calls) this.inc({ worker: String(worker) }, n);
    },
  });
  return {
    contentType: perWorker.contentType,
    async scrape() {
      const answers = await pool.ask(metricsTopic, null);
      const fromWorkers = answers.flatMap((a) => (a.ok ? [a.value as MetricsAnswer] : []));
      calls = new Map(answers.flatMap((a) => (a.ok ? [[a.index, (a.value as MetricsAnswer).calls]] : [])));
      const summed = AggregatorRegistry.aggregate([
        await primary.getMetricsAsJSON(),
        ...fromWorkers.map((w) => w.metrics),
      ]);
      return Registry.merge([summed as Registry, perWorker]).metrics();
    },
  };
}
