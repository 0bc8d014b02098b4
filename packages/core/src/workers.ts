// One app on several cores: N worker processes (node:cluster) listen on one port, each with its own app. The
// primary only forks, restarts and drains them, and asks them things over IPC (the admin port's stats).
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { type Logger, silentLogger } from "./logger.js";

/** What `start` gives back: how to drain it, and where it listens (for the primary's banner and logs). */
export interface StartedWorker {
  close(): Promise<void>;
  readonly url?: string | undefined;
  readonly port?: number | undefined;
}

/** Something the primary runs beside the workers (an admin port); closed after the workers have drained. */
export interface PrimaryService {
  close(): Promise<void>;
}

export interface RunWorkersOptions {
  /** How many processes; `"auto"`: one per core (`os.availableParallelism()`). 1 runs `start` in this process. */
  workers: number | "auto";
  /**
   * Runs in each worker (in this process when `workers` is 1): builds the app and listens. Every worker
   * listening on the same port shares it (node:cluster hands each new connection to the next worker).
   */
  start(worker: WorkerIdentity): Promise<StartedWorker>;
  /** Runs in the primary once every worker listens (only when there are several). */
  primary?(pool: WorkerPool): Promise<PrimaryService | undefined>;
  /** The primary's log: worker exits and restarts, draining. Default silent. */
  logger?: Logger | undefined;
  /** A worker that was sent SIGTERM and still runs after this long is killed (default 30 s). */
  drainTimeoutMs?: number | undefined;
  /** The first restart of a crashed worker waits this long, doubling for each crash in a row (default 100 ms, up to 10 s). */
  restartDelayMs?: number | undefined;
  /**
   * Default true: SIGTERM and SIGINT drain (every worker, then the primary's service) and exit the process, 0
   * when all stopped cleanly. False: call `close` yourself. Workers always drain on a signal or the primary's word.
   */
  exitOnSignal?: boolean | undefined;
}

/** Which worker this process is: `index` 1..count, stable across restarts (0 and 1 when not in a pool). */
export interface WorkerIdentity {
  readonly index: number;
  readonly count: number;
}

export interface WorkerSlot {
  readonly index: number;
  /** The process now in this slot; undefined while it is being restarted. */
  readonly pid: number | undefined;
  /** Listening. */
  readonly up: boolean;
  /** Times this slot's process died and was forked again. */
  readonly restarts: number;
}

/** One worker's answer to `ask`. */
export type WorkerAnswer =
  | { readonly index: number; readonly ok: true; readonly value: unknown }
  | { readonly index: number; readonly ok: false; readonly error: { message: string; code?: unknown } };

export interface WorkerPool {
  readonly size: number;
  /** Where the workers listen (the first one's `url` and `port`). */
  readonly url: string | undefined;
  readonly port: number | undefined;
  slots(): WorkerSlot[];
  /** Stopping: SIGTERM/SIGINT arrived (or `close` was called). */
  draining(): boolean;
  /**
   * Asks the workers that are up (or only worker `only`) what a handler registered with `answerPrimary(topic)`
   * answers, in index order. A worker that dies or stays silent for `timeoutMs` (default 10 s) answers an error.
   */
  ask(
    topic: string,
    payload: unknown,
    options?: { only?: number; timeoutMs?: number },
  ): Promise<WorkerAnswer[]>;
  /** Called each time a worker (a restarted one too) is up again after the first start. */
  onRestarted(listener: (index: number) => void): void;
}

export interface RunningWorkers {
  /** Drains every worker (in-flight calls answered, sinks flushed), then closes `primary`'s service. */
  close(): Promise<void>;
}

const indexVar = "EXHOOK_WORKER_INDEX";
const countVar = "EXHOOK_WORKER_COUNT";

/** The identity this process was forked with; `{ index: 0, count: 1 }` outside a pool. */
export function workerIdentity(env: NodeJS.ProcessEnv = process.env): WorkerIdentity {
  if (!cluster.isWorker) return { index: 0, count: 1 };
  const index = Number(env[indexVar]);
  const count = Number(env[countVar]);
  return Number.isInteger(index) && index > 0 ? { index, count } : { index: 0, count: 1 };
}

/** `"auto"` as a number: the cores Node may use. */
export function workerCount(workers: number | "auto"): number {
  const n = workers === "auto" ? availableParallelism() : workers;
  if (!Number.isInteger(n) || n < 1)
    throw new TypeError(`workers must be an integer ≥ 1 or "auto", not ${n}`);
  return n;
}

type Answerer = (payload: unknown) => unknown;
const answerers = new Map<string, Answerer>();

/** In a worker: answers the primary's `ask(topic)` with `handler`'s value (or its error's message and `code`). */
export function answerPrimary(topic: string, handler: Answerer): void {
  answerers.set(topic, handler);
}

interface Message {
  exhook?: string;
  [key: string]: unknown;
}

/**
 * Runs `start` on `workers` cores. In the primary this resolves once every worker listens; a worker that dies
 * before that fails the start (the others are stopped). SIGTERM and SIGINT drain every worker and exit 0 (1
 * when a worker did not stop cleanly); a worker that dies later is forked again, counted, with a backoff.
 */
export async function runWorkers(options: RunWorkersOptions): Promise<RunningWorkers> {
  const count = workerCount(options.workers);
  if (cluster.isWorker) return runWorker(options);
  let running: RunningWorkers;
  if (count === 1) {
    const started = await options.start({ index: 0, count: 1 });
    let closing: Promise<void> | undefined;
    running = { close: () => (closing ??= started.close()) };
  } else {
    running = await runPrimary(options, count);
  }
  if (options.exitOnSignal !== false) exitOnSignals(running, options.logger ?? silentLogger);
  return running;
}

function exitOnSignals(running: RunningWorkers, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "already draining");
      return;
    }
    stopping = true;
    logger.info({ signal }, "draining");
    running.close().then(
      () => {
        logger.info({}, "stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function runWorker(options: RunWorkersOptions): Promise<RunningWorkers> {
  const identity = workerIdentity();
  const send = (message: Message) => {
    if (process.connected) process.send?.(message);
  };
  let closing: Promise<void> | undefined;
  let started: StartedWorker | undefined;
  const drain = () => {
    closing ??= (async () => {
      // A signal before start finished: nothing to drain yet.
      if (started === undefined) process.exit(0);
      try {
        await started.close();
        process.exit(0);
      } catch {
        process.exit(1);
      }
    })();
    return closing;
  };
  process.on("message", (raw: unknown) => {
    const message = raw as Message | null;
    if (message?.exhook === "drain") void drain();
    else if (message?.exhook === "ask") void answer(message, send);
  });
  // A terminal's Ctrl-C reaches the whole process group: the worker drains on its own too.
  process.on("SIGTERM", () => void drain());
  process.on("SIGINT", () => void drain());
  started = await options.start(identity);
  send({ exhook: "listening", url: started.url, port: started.port });
  return { close: drain };
}

async function answer(message: Message, send: (message: Message) => void): Promise<void> {
  const id = message["id"];
  const handler = answerers.get(String(message["topic"]));
  try {
    if (handler === undefined) throw new Error(`this worker answers no "${String(message["topic"])}"`);
    const value = await handler(message["payload"]);
    send({ exhook: "answer", id, ok: true, value });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    send({
      exhook: "answer",
      id,
      ok: false,
      error: { message: (error as Error).message ?? String(error), code },
    });
  }
}

interface SlotState {
  index: number;
  worker: Worker | undefined;
  up: boolean;
  restarts: number;
  /** Crashes in a row (reset by a worker that ran a while): the backoff's exponent. */
  crashes: number;
  startedAt: number;
}

async function runPrimary(options: RunWorkersOptions, count: number): Promise<RunningWorkers> {
  const logger = options.logger ?? silentLogger;
  const baseDelay = options.restartDelayMs ?? 100;
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  const slots: SlotState[] = Array.from({ length: count }, (_, i) => ({
    index: i + 1,
    worker: undefined,
    up: false,
    restarts: 0,
    crashes: 0,
    startedAt: 0,
  }));
  const pending = new Map<number, { index: number; resolve: (answer: WorkerAnswer) => void }>();
  const restartedListeners: ((index: number) => void)[] = [];
  let nextId = 1;
  let address: { url?: string; port?: number } = {};
  let stopping = false;
  let firstStart = true;
  let failStart: ((error: Error) => void) | undefined;
  let upCount = 0;
  let allUp: (() => void) | undefined;

  const fork = (slot: SlotState) => {
    const worker = cluster.fork({ [indexVar]: String(slot.index), [countVar]: String(count) });
    slot.worker = worker;
    slot.startedAt = Date.now();
    // A send to a worker that just died fails with an 'error' event; unheard, it would end the primary. The
    // 'exit' that follows restarts the worker and answers what it was asked.
    worker.on("error", (error) => {
      logger.warn({ worker: slot.index, err: error.message }, "worker channel error");
    });
    worker.on("message", (message: Message) => {
      if (message?.exhook === "listening") {
        slot.up = true;
        if (address.url === undefined)
          address = { url: message["url"] as string, port: message["port"] as number };
        if (firstStart) {
          if (++upCount === count) allUp?.();
        } else {
          logger.info({ worker: slot.index, pid: worker.process.pid }, "worker listening again");
          for (const listener of restartedListeners) listener(slot.index);
        }
      } else if (message?.exhook === "answer") {
        const id = message["id"] as number;
        const waiting = pending.get(id);
        if (waiting === undefined) return;
        pending.delete(id);
        waiting.resolve(
          message["ok"] === true
            ? { index: waiting.index, ok: true, value: message["value"] }
            : { index: waiting.index, ok: false, error: message["error"] as { message: string } },
        );
      }
    });
    worker.on("exit", (code, signal) => {
      slot.up = false;
      slot.worker = undefined;
      for (const [id, waiting] of pending) {
        if (waiting.index !== slot.index) continue;
        pending.delete(id);
        waiting.resolve({ index: slot.index, ok: false, error: { message: `worker ${slot.index} exited` } });
      }
      if (stopping) return;
      if (firstStart) {
        failStart?.(
          Object.assign(new Error(`worker ${slot.index} exited with ${signal ?? code} while starting`), {
            exitCode: typeof code === "number" && code > 0 ? code : 1,
          }),
        );
        return;
      }
      // A worker that ran a minute crashed once; one that dies at once again and again backs off to 10 s.
      if (Date.now() - slot.startedAt > 60_000) slot.crashes = 0;
      const delay = Math.min(baseDelay * 2 ** slot.crashes, 10_000);
      slot.crashes++;
      slot.restarts++;
      logger.error(
        {
          worker: slot.index,
          pid: worker.process.pid,
          code,
          signal,
          restarts: slot.restarts,
          delayMs: delay,
        },
        "worker died: restarting it",
      );
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, delay).unref();
    });
  };

  const pool: WorkerPool = {
    size: count,
    get url() {
      return address.url;
    },
    get port() {
      return address.port;
    },
    slots: () =>
      slots.map((s) => ({ index: s.index, pid: s.worker?.process.pid, up: s.up, restarts: s.restarts })),
    draining: () => stopping,
    ask(topic, payload, askOptions = {}) {
      const timeoutMs = askOptions.timeoutMs ?? 10_000;
      const targets = slots.filter(
        (s) =>
          s.up && s.worker !== undefined && (askOptions.only === undefined || s.index === askOptions.only),
      );
      return Promise.all(
        targets.map(
          (slot) =>
            new Promise<WorkerAnswer>((resolve) => {
              const id = nextId++;
              const timer = setTimeout(() => {
                pending.delete(id);
                resolve({
                  index: slot.index,
                  ok: false,
                  error: { message: `worker ${slot.index} did not answer` },
                });
              }, timeoutMs);
              pending.set(id, {
                index: slot.index,
                resolve: (value) => {
                  clearTimeout(timer);
                  resolve(value);
                },
              });
              // Killed a moment ago (its 'exit' not handled yet): the send fails, and the ask answers at once.
              slot.worker!.send({ exhook: "ask", id, topic, payload }, undefined, {}, (error) => {
                if (error === null || !pending.has(id)) return;
                pending.get(id)!.resolve({
                  index: slot.index,
                  ok: false,
                  error: { message: `worker ${slot.index} is gone` },
                });
                pending.delete(id);
              });
            }),
        ),
      );
    },
    onRestarted: (listener) => void restartedListeners.push(listener),
  };

  let service: PrimaryService | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      stopping = true;
      const exits = slots.flatMap((slot) => {
        const worker = slot.worker;
        if (worker === undefined) return [];
        return [
          new Promise<boolean>((resolve) => {
            const killer = setTimeout(() => worker.process.kill("SIGKILL"), drainTimeoutMs);
            worker.once("exit", (code) => {
              clearTimeout(killer);
              resolve(code === 0);
            });
            if (worker.isConnected()) worker.send({ exhook: "drain" });
            else worker.process.kill("SIGTERM");
          }),
        ];
      });
      const clean = (await Promise.all(exits)).every(Boolean);
      await service?.close();
      if (!clean) throw new Error("a worker did not stop cleanly");
    })();
    return closing;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      allUp = resolve;
      failStart = reject;
      for (const slot of slots) fork(slot);
    });
  } catch (error) {
    stopping = true;
    for (const slot of slots) slot.worker?.process.kill("SIGKILL");
    throw error;
  }
  firstStart = false;
  service = await options.primary?.(pool);
  return { close };
}
