// A handler group: a named driver of handlers that can be disabled at runtime (it then passes).
import { Counters } from "./counters.js";
import type { Driver, DriverInfo } from "./drivers.js";
import type { HookName } from "./events.js";

export class HandlerGroup implements Driver {
  readonly kind = "handlers" as const;
  #enabled = true;
  readonly #counters = new Map<HookName, Counters>();

  constructor(readonly name: string) {}

  get enabled(): boolean {
    return this.#enabled;
  }

  enable(): void {
    this.#enabled = true;
  }

  disable(): void {
    this.#enabled = false;
  }

  /** The counters of this group on one hook, created when the group first registers on it. */
  countersFor(hook: HookName): Counters {
    let counters = this.#counters.get(hook);
    if (counters === undefined) {
      counters = new Counters();
      this.#counters.set(hook, counters);
    }
    return counters;
  }

  hooks(): HookName[] {
    return [...this.#counters.keys()];
  }

  describe(): DriverInfo {
    const counters: Record<string, unknown> = {};
    for (const [hook, c] of this.#counters) counters[hook] = c.snapshot();
    return {
      name: this.name,
      kind: this.kind,
      enabled: this.#enabled,
      hooks: this.hooks(),
      detail: { counters },
    };
  }
}
