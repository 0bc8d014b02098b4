// Named drivers (handler groups and sinks) that can be listed, enabled and disabled while the server runs.
import { DriverNotFoundError, ExhookError } from "./errors.js";

export { DriverNotFoundError };

export type DriverKind = "handlers" | "sink";

export interface DriverInfo {
  name: string;
  kind: DriverKind;
  enabled: boolean;
  /** The hooks this driver takes part in. */
  hooks: string[];
  /** Kind-specific detail: a sink's status and metrics, a handler group's counters. */
  detail: Record<string, unknown>;
}

export interface Driver {
  readonly name: string;
  readonly kind: DriverKind;
  readonly enabled: boolean;
  enable(): void;
  disable(): void;
  describe(): DriverInfo;
}

export class DriverRegistry {
  readonly #drivers = new Map<string, Driver>();

  /** Adds a driver; a name is unique across handler groups and sinks. */
  register(driver: Driver): void {
    if (this.#drivers.has(driver.name))
      throw new ExhookError("name_taken", `a driver named "${driver.name}" already exists`, {
        key: driver.name,
      });
    this.#drivers.set(driver.name, driver);
  }

  unregister(name: string): void {
    this.#drivers.delete(name);
  }

  get(name: string): Driver | undefined {
    return this.#drivers.get(name);
  }

  list(): DriverInfo[] {
    return [...this.#drivers.values()].map((d) => d.describe());
  }

  enable(name: string): void {
    this.#require(name).enable();
  }

  disable(name: string): void {
    this.#require(name).disable();
  }

  #require(name: string): Driver {
    const driver = this.#drivers.get(name);
    if (driver === undefined) throw new DriverNotFoundError(name);
    return driver;
  }
}
