// The EMQX node the fake broker pretends to be: BrokerInfo and RequestMeta as each protocol version sends them.
import type { ProtocolVersion } from "@exhook/proto";

/** Who the fake broker says it is. Every field has a default plausible for the protocol version. */
export interface NodeProfile {
  /** The Erlang node name, e.g. `emqx@127.0.0.1`. */
  readonly node: string;
  /** The EMQX release: `4.4.19` (v1), `5.8.9` (v2), `5.9.0` (v3). */
  readonly brokerVersion: string;
  readonly sysdescr: string;
  readonly clusterName: string;
  /** When the node started, in ms since the epoch: BrokerInfo's `uptime` is counted from it. */
  readonly startedAt: number;
}

const defaultVersions: Readonly<Record<ProtocolVersion, string>> = { v1: "4.4.19", v2: "5.8.9", v3: "5.9.0" };

export function nodeProfile(version: ProtocolVersion, overrides: Partial<NodeProfile>): NodeProfile {
  return {
    node: overrides.node ?? "emqx@127.0.0.1",
    brokerVersion: overrides.brokerVersion ?? defaultVersions[version],
    sysdescr: overrides.sysdescr ?? (version === "v1" ? "EMQX Broker" : "EMQX"),
    clusterName: overrides.clusterName ?? "emqxcl",
    startedAt: overrides.startedAt ?? Date.now() - 3_723_000,
  };
}

/** EMQX 4's uptime text, e.g. `1 hours, 2 minutes, 3 seconds` (leading zero units left out, as emqx_sys does). */
export function uptimeText(ms: number): string {
  let seconds = Math.max(0, Math.floor(ms / 1000));
  const units: [number, string][] = [
    [86_400, "days"],
    [3600, "hours"],
    [60, "minutes"],
  ];
  const parts: string[] = [];
  for (const [size, name] of units) {
    const count = Math.floor(seconds / size);
    seconds -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count} ${name}`);
  }
  parts.push(`${seconds} seconds`);
  return parts.join(", ");
}

/** EMQX's datetime text: `YYYY-MM-DD HH:MM:SS` in local time. */
export function datetimeText(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}
