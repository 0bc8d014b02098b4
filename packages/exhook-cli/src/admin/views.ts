// What the admin API's answers look like on the terminal: drivers as a table, stats as counters.
import type { adminV1 } from "@exhook/proto";
import { formatTable } from "./table.js";

export interface DriverView {
  name: string;
  kind: string;
  enabled: boolean;
  hooks: string[];
  detail: Record<string, unknown>;
}

/** A driver as printed: the message's fields, a missing answer or detail as empty. */
export function toDriverView(driver: adminV1.Driver | undefined): DriverView {
  return {
    name: driver?.name ?? "",
    kind: driver?.kind ?? "",
    enabled: driver?.enabled ?? false,
    hooks: driver?.hooks ?? [],
    detail: driver?.detail ?? {},
  };
}

export function driversTable(drivers: readonly DriverView[]): string {
  if (drivers.length === 0) return "no drivers\n";
  return formatTable(
    ["NAME", "KIND", "ENABLED", "HOOKS", "COUNTERS"],
    drivers.map((d) => [
      d.name,
      d.kind,
      d.enabled ? "yes" : "no",
      hooksCell(d.hooks),
      countersCell(d.detail),
    ]),
  );
}

function hooksCell(hooks: readonly string[]): string {
  if (hooks.length === 0) return "-";
  if (hooks.length <= 3) return hooks.join(",");
  return `${hooks.slice(0, 2).join(",")},+${hooks.length - 2}`;
}

const num = (value: unknown): number => (typeof value === "number" ? value : 0);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The counters that say most at a glance: calls and failures of a handler group, flow and loss of a sink. */
export function countersCell(detail: Record<string, unknown>): string {
  if (isSinkStats(detail)) {
    const status = typeof detail["status"] === "string" ? `${detail["status"]} ` : "";
    return `${status}in=${num(detail["recordsIn"])} out=${num(detail["recordsOut"])} dropped=${dropped(detail)} queue=${num(detail["queueLength"])}`;
  }
  const counters = detail["counters"];
  if (isRecord(counters)) {
    let calls = 0;
    let failed = 0;
    let timedOut = 0;
    for (const c of Object.values(counters)) {
      if (!isRecord(c)) continue;
      calls += num(c["calls"]);
      failed += num(c["failed"]);
      timedOut += num(c["timedOut"]);
    }
    return `calls=${calls} failed=${failed} timedOut=${timedOut}`;
  }
  return "-";
}

function isSinkStats(value: Record<string, unknown>): boolean {
  return typeof value["recordsIn"] === "number";
}

function dropped(stats: Record<string, unknown>): number {
  const d = stats["dropped"];
  if (typeof d === "number") return d;
  return isRecord(d) ? Object.values(d).reduce<number>((sum, n) => sum + num(n), 0) : 0;
}

/**
 * GetStats answers a free-form Struct; this finds the counter objects in it wherever they are: hook
 * counters (`calls`, `ok`, …) by their path (`groups.default.client.authenticate`), and sink stats.
 */
export function statsText(stats: unknown): string {
  const counterRows: string[][] = [];
  const sinkRows: string[][] = [];
  const cacheRows: string[][] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, path === "" ? String(i) : `${path}.${i}`);
      return;
    }
    if (!isRecord(value)) return;
    if (typeof value["calls"] === "number") {
      counterRows.push([
        path,
        String(value["calls"]),
        String(num(value["ok"])),
        String(num(value["failed"])),
        String(num(value["timedOut"])),
      ]);
      return;
    }
    if (typeof value["hits"] === "number" || typeof value["misses"] === "number") {
      // A decision cache (proto3 JSON leaves zeros out, so either count may be missing)
      cacheRows.push([
        path,
        String(num(value["hits"])),
        String(num(value["misses"])),
        String(num(value["expired"])),
        String(num(value["evictions"])),
        String(num(value["entries"])),
      ]);
      return;
    }
    if (isSinkStats(value)) {
      sinkRows.push([
        typeof value["name"] === "string" ? value["name"] : path,
        typeof value["status"] === "string" ? value["status"] : "-",
        String(num(value["recordsIn"])),
        String(num(value["recordsOut"])),
        String(num(value["recordsFailed"])),
        String(dropped(value)),
        String(num(value["queueLength"])),
      ]);
      return;
    }
    for (const [key, child] of Object.entries(value)) walk(child, path === "" ? key : `${path}.${key}`);
  };
  walk(stats, "");
  if (counterRows.length === 0 && sinkRows.length === 0 && cacheRows.length === 0)
    return `${JSON.stringify(stats ?? {}, null, 2)}\n`;
  const parts: string[] = [];
  if (counterRows.length > 0)
    parts.push(formatTable(["COUNTER", "CALLS", "OK", "FAILED", "TIMEDOUT"], counterRows));
  if (cacheRows.length > 0)
    parts.push(formatTable(["CACHE", "HITS", "MISSES", "EXPIRED", "EVICTIONS", "ENTRIES"], cacheRows));
  if (sinkRows.length > 0) {
    parts.push(formatTable(["SINK", "STATUS", "IN", "OUT", "FAILED", "DROPPED", "QUEUE"], sinkRows));
  }
  return parts.join("\n");
}
