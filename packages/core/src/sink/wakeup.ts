// The worker's one wait: until enough records are queued, a timeout passes, or someone wakes it at once.

export class WakeUp {
  #wake: (() => void) | undefined;
  #threshold = 1;

  /** Whether the worker is waiting now. */
  get waiting(): boolean {
    return this.#wake !== undefined;
  }

  /**
   * Resolves when `offered` sees `threshold` records queued (infinity: never by records), when `now()` is
   * called, or after `timeoutMs`. One wait at a time: a new wait replaces the previous one's wake-up.
   */
  wait(threshold: number, timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.#threshold = threshold;
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
      if (timeoutMs !== undefined) timer = setTimeout(() => this.now(), timeoutMs);
    });
  }

  /** Hot path (every offered record): one comparison unless the worker waits for this many. */
  offered(queueLength: number): void {
    if (this.#wake !== undefined && queueLength >= this.#threshold) this.now();
  }

  /** Ends the current wait, if any (stop, abort, reconfigure, the target came back). */
  now(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
