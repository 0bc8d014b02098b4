// server.workers: the default server (apps/server/dist/main.js) at 1 and 2 workers under h2load 8x16
// OnMessagePublish (EMQX's headers, grpc-timeout included), nothing pinned: on a 2-core machine the load
// generator competes with the server for the same cores, and that is what this measures honestly.
//
//   node bench/exhook/workers.mjs          3 rounds (BENCH_ROUNDS) of BENCH_SECONDS (default 5) per setting
//   node bench/exhook/workers.mjs spread   only: how 8 connections spread over 2 workers, round-robin vs none
//
// Per round: a fresh server, 1 s of warm-up, then one measurement; CPU is utime+stime from /proc of the
// primary and every worker. Prints a markdown table of medians (kept by hand in bench/WORKERS.md).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runH2load } from "../lib/h2load.mjs";
import { cpuMicros } from "../lib/proc.mjs";
import { grpcFrame, publishPath, publishRequest } from "../lib/wire.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const main = join(root, "apps/server/dist/main.js");
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const mode = process.argv[2] ?? "all";

const dir = mkdtempSync(join(tmpdir(), "exhook-bench-workers-"));
const dataFile = join(dir, "publish.bin");
writeFileSync(dataFile, grpcFrame(publishRequest()));
// A server with work on every publish: a rewrite rule to check and the memory sink's queue to feed.
writeFileSync(
  join(dir, "exhook.yaml"),
  [
    "log: { banner: false, level: info }",
    "admin: { port: 0 }",
    "server: { port: 0 }",
    "rewrite:",
    "  - { topic: 'legacy/#', to: 'v2/$1' }",
    "sinks:",
    "  events: { type: memory }",
    "routes:",
    "  - { hooks: [message.publish], sinks: [events] }",
  ].join("\n"),
);

function startServer(workers, env = {}) {
  const child = spawn(process.execPath, [main, "--config", join(dir, "exhook.yaml")], {
    cwd: dir,
    env: { PATH: process.env.PATH, NODE_ENV: "production", EXHOOK_WORKERS: String(workers), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let pending = "";
    child.stdout.on("data", (chunk) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop();
      for (const line of lines) {
        if (!line.includes('"msg":"listening"')) continue;
        const entry = JSON.parse(line);
        resolve({
          child,
          port: entry.port,
          adminUrl: entry.adminUrl,
          pids: [child.pid, ...(entry.pids ?? [])],
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function stopServer(server) {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

const cpuOf = (pids) => pids.reduce((sum, pid) => sum + (cpuMicros(pid) ?? 0), 0);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(workers, connections) {
  const server = await startServer(workers);
  try {
    const load = { port: server.port, path: publishPath, dataFile, connections, streams: 16 };
    await runH2load({ ...load, seconds: 1 }, undefined);
    const before = cpuOf(server.pids);
    const started = process.hrtime.bigint();
    const result = await runH2load({ ...load, seconds }, undefined);
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuOf(server.pids) - before;
    const cores = cpu / 1e6 / wallSeconds;
    return {
      callsPerSecond: result.callsPerSecond,
      failed: result.failed,
      cpuPerCall: cpu / result.calls,
      cores,
      perCore: result.callsPerSecond / cores,
    };
  } finally {
    await stopServer(server);
  }
}

/** Which worker answered the calls of 8 connections (exhook_worker_hook_calls_total), by scheduling policy. */
async function spread(policy) {
  const server = await startServer(2, { NODE_CLUSTER_SCHED_POLICY: policy });
  try {
    await runH2load({
      port: server.port,
      path: publishPath,
      dataFile,
      connections: 8,
      streams: 16,
      seconds: 2,
    });
    const text = await (await fetch(`${server.adminUrl}/metrics`)).text();
    return [1, 2].map((w) => {
      const line = text
        .split("\n")
        .find((l) => l.startsWith(`exhook_worker_hook_calls_total{worker="${w}"}`));
      return Number(line?.split(" ").at(-1) ?? 0);
    });
  } finally {
    await stopServer(server);
  }
}

const fmt = (n, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

try {
  const loadBefore = loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  if (mode === "all") {
    // 8x16 spreads over the workers; 1x16 keeps every call on one worker (the cluster's own cost per call).
    const settings = [
      [1, 8],
      [2, 8],
      [1, 1],
      [2, 1],
    ].filter(([, c]) => process.env.BENCH_LOADS === undefined || process.env.BENCH_LOADS.includes(`${c}x16`));
    const results = new Map(settings.map((s) => [s.join(), []]));
    // Alternating, so a busy minute on the shared machine hits every setting alike.
    for (let round = 1; round <= rounds; round++) {
      for (const [workers, connections] of settings) {
        const r = await measure(workers, connections);
        results.get([workers, connections].join()).push(r);
        process.stderr.write(
          `round ${round} workers ${workers} ${connections}x16: ${fmt(r.callsPerSecond)} calls/s, ${fmt(r.cpuPerCall, 1)} µs CPU/call, ${fmt(r.cores, 2)} cores, failed ${r.failed}\n`,
        );
      }
    }
    console.log(
      `load average before: ${loadBefore}; after: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    console.log("");
    console.log(
      "| workers | load | calls/s | server CPU µs/call | server cores busy | calls/s per server core |",
    );
    console.log(
      "| ------: | ---: | ------: | -----------------: | ----------------: | ----------------------: |",
    );
    for (const [workers, connections] of settings) {
      const rs = results.get([workers, connections].join());
      const m = (key) => median(rs.map((r) => r[key]));
      console.log(
        `| ${workers} | ${connections}x16 | ${fmt(m("callsPerSecond"))} | ${fmt(m("cpuPerCall"), 1)} | ${fmt(m("cores"), 2)} | ${fmt(m("perCore"))} |`,
      );
    }
  }
  for (const policy of ["rr", "none"]) {
    const [one, two] = await spread(policy);
    console.log(`NODE_CLUSTER_SCHED_POLICY=${policy}: worker 1 ${one} calls, worker 2 ${two} calls`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
