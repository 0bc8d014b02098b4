// Runs one h2load measurement pinned to the client core and reads calls/s and per-request latency from its output.
import { readFileSync, rmSync } from "node:fs";
import { spawnPinned } from "./children.mjs";

/**
 * The request headers EMQX's gRPC client sends on every hook call (see shared/spec/emqx-client-facts.md), so
 * every server pays what production costs it: a deadline per call (grpc-timeout), the encoding check. (EMQX
 * also sends a non-standard grpc-message-type naming the request type, which no server reads.)
 */
export const emqxHeaders = [
  "content-type: application/grpc+proto",
  "te: trailers",
  "user-agent: grpc-erlang/0.1.0",
  "grpc-encoding: identity",
  "grpc-timeout: 5S",
];

/** The h2load command line for one measurement (also printed in BENCHMARKS.md). */
export function h2loadArgs({ port, path, dataFile, connections, streams, seconds, logFile }) {
  const args = [
    "-c",
    String(connections),
    "-m",
    String(streams),
    "-t",
    "1",
    "-D",
    String(seconds),
    "-d",
    dataFile,
    ...emqxHeaders.flatMap((header) => ["-H", header]),
  ];
  if (logFile) args.push("--log-file", logFile);
  args.push(`http://127.0.0.1:${port}${path}`);
  return args;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Reads h2load's per-request log (start µs, HTTP status, µs to the end of the answer) into p50/p99 in µs. */
function latencies(logFile) {
  const durations = [];
  const text = readFileSync(logFile, "utf8");
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const [, status, micros] = line.split("\t");
    if (status === "200") durations.push(Number(micros));
  }
  const sorted = Float64Array.from(durations).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Runs h2load on `core`; resolves to { calls, seconds, callsPerSecond, failed, p50, p99 }. */
export function runH2load(options, core = 1) {
  return new Promise((resolve, reject) => {
    const child = spawnPinned(core, "h2load", h2loadArgs(options));
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      const finished = /finished in ([\d.]+)(m?s)/.exec(out);
      const requests =
        /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(
          out,
        );
      if (code !== 0 || !finished || !requests) {
        reject(new Error(`h2load failed (exit ${code}):\n${out.slice(-2000)}`));
        return;
      }
      const seconds = Number(finished[1]) / (finished[2] === "ms" ? 1000 : 1);
      const calls = Number(requests[4]);
      const failed = Number(requests[5]) + Number(requests[6]) + Number(requests[7]);
      let latency = { p50: Number.NaN, p99: Number.NaN };
      if (options.logFile) {
        latency = latencies(options.logFile);
        rmSync(options.logFile, { force: true });
      }
      resolve({ calls, seconds, callsPerSecond: calls / seconds, failed, ...latency });
    });
  });
}
