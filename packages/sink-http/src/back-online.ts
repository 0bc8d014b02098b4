// While the target is absent, probes its port and tells the runtime the moment it listens again.
import type { SinkContext } from "@exhook/core/sink";
import { type ProbeTarget, probe } from "./probe.js";

/**
 * Without it, a batch that failed because nothing listened waits out the runtime's backoff (up to
 * `retry.maxMs`, 30 s by default) after the target is back. Armed only when nothing listens: an answer
 * (a 503) or a timeout has its own pace, and a probe that connects would cut that short.
 */
export class BackOnline {
  #timer: NodeJS.Timeout | undefined;
  #generation = 0;

  constructor(
    readonly target: ProbeTarget,
    readonly intervalMs = 500,
  ) {}

  get armed(): boolean {
    return this.#timer !== undefined;
  }

  arm(ctx: SinkContext): void {
    if (this.#timer !== undefined) return;
    const generation = ++this.#generation;
    const tick = () => {
      probe(this.target).then(
        () => {
          if (generation !== this.#generation) return;
          this.disarm();
          ctx.reportStatus("connected");
        },
        () => {
          if (generation !== this.#generation) return;
          this.#timer = setTimeout(tick, this.intervalMs);
          this.#timer.unref();
        },
      );
    };
    this.#timer = setTimeout(tick, this.intervalMs);
    this.#timer.unref();
  }

  disarm(): void {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
