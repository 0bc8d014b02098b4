// The decision cache's bench row: an authorize handler that takes 2 ms (a database round trip), without and
// with `cache`, over gRPC; and, in process, what a call costs with no cache, with one that hits, and with one
// that misses (no DB: the cache's own cost).
//
//   node bench/exhook/decision-cache.mjs            both parts (about 20 s)
//   node bench/exhook/decision-cache.mjs micro      in process only
//   node bench/exhook/decision-cache.mjs grpc       over gRPC only; BENCH_SECONDS (default 3), BENCH_KEYS
//                                                  (distinct clientid+topic pairs, default 200), BENCH_STREAMS
//                                                  (concurrent calls on one connection, default 64)
//
// The server runs in a child process pinned to core 1 and the load in this one pinned to core 0 when
// `taskset` is there. Nothing asserts these numbers; the machine is shared and noisy.
import { spawn, spawnSync } from "node:child_process";
import http2 from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { createExhook, silentLogger, stopWith } from "@exhook/core";
import { v2 } from "@exhook/proto";

const mode = process.argv[2] ?? "all";
const authorizePath = "/emqx.exhook.v2.HookProvider/OnClientAuthorize";

function authorizeMessage(i) {
  const clientinfo = create(v2.ClientInfoSchema, {
    node: "emqx@127.0.0.1",
    clientid: `bench-client-${i % 100}`,
    username: `user-${i % 100}`,
    password: "secret",
    peerhost: "127.0.0.1",
    protocol: "mqtt",
  });
  return create(v2.ClientAuthorizeRequestSchema, {
    clientinfo,
    type: v2.ClientAuthorizeRequest_AuthorizeReqType.PUBLISH,
    topic: `sensors/${i}/temp`,
    result: false,
    meta: { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" },
  });
}

/** The app of both parts: one authorize handler, `dbMs` of waiting per decision, cached or not. */
function benchApp({ cached, dbMs }) {
  const app = createExhook({ logger: silentLogger });
  const decide = (event) => stopWith(!event.topic.startsWith("sensors/13/"));
  const database = async (event) => {
    await sleep(dbMs);
    return decide(event);
  };
  const handler = dbMs > 0 ? database : decide;
  if (cached) app.authorize({ group: "acl", cache: { ttlMs: 600_000 } }, handler);
  else app.authorize({ group: "acl" }, handler);
  return app;
}

function micro() {
  const call = { deadline: Number.POSITIVE_INFINITY };
  // biome-ignore format: a table
  const variants = [
    ["no cache", { cached: false }, 1000],
    ["cache, every call a hit (1000 keys)", { cached: true }, 1000],
    // more keys than maxEntries would churn; a fresh key per call measures lookup + store + the handler
    ["cache, every call a miss", { cached: true }, 0],
  ];
  for (const [label, options, keys] of variants) {
    const app = benchApp({ ...options, dbMs: 0 });
    const route = app
      .routes()
      .find(
        (r) =>
          r.method.parent.typeName === "emqx.exhook.v2.HookProvider" && r.method.name === "OnClientAuthorize",
      );
    const runs = [];
    for (let r = 0; r < 8; r++) {
      const n = 50_000;
      // The dispatcher reshapes a decoded request into the event in place: each call gets its own, made
      // before the clock starts. keys 0: a key never seen, so every call misses.
      const requests = Array.from({ length: n }, (_, i) =>
        authorizeMessage(keys === 0 ? r * n + i : i % keys),
      );
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) route.handler(requests[i], call);
      runs.push(Number(process.hrtime.bigint() - t0) / n);
    }
    runs.shift(); // warm-up
    runs.sort((a, b) => a - b);
    console.log(
      `micro  ${label.padEnd(38)} ${runs[3].toFixed(0).padStart(6)} ns/call (min ${runs[0].toFixed(0)})`,
    );
  }
}

function frame(message) {
  const bytes = toBinary(v2.ClientAuthorizeRequestSchema, message);
  const out = Buffer.alloc(5 + bytes.length);
  out.writeUInt32BE(bytes.length, 1);
  out.set(bytes, 5);
  return out;
}

async function serve() {
  const app = benchApp({ cached: process.env.BENCH_CACHED === "1", dbMs: 2 });
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  process.stdout.write(`PORT ${port}\n`);
  process.on("SIGUSR2", () => {
    const { user, system } = process.cpuUsage();
    const stats = { cpuUs: user + system, cache: app.stats().caches.acl?.["client.authorize"] };
    process.stdout.write(`STATS ${JSON.stringify(stats)}\n`);
  });
}

function startServer(cached) {
  const script = fileURLToPath(import.meta.url);
  const pinned = spawnSync("taskset", ["-V"]).status === 0;
  const [command, args] = pinned
    ? ["taskset", ["-c", "1", process.execPath, script, "serve"]]
    : [process.execPath, [script, "serve"]];
  const child = spawn(command, args, {
    env: { ...process.env, BENCH_CACHED: cached ? "1" : "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => lines.push(...chunk.split("\n").filter(Boolean)));
  const line = async (prefix) => {
    for (let i = 0; i < 400; i++) {
      const at = lines.findIndex((l) => l.startsWith(prefix));
      if (at >= 0) return lines.splice(at, 1)[0].slice(prefix.length);
      await sleep(25);
    }
    throw new Error(`the bench server never printed ${prefix}`);
  };
  return { child, line };
}

async function load(port, seconds, keys, streams) {
  const frames = Array.from({ length: keys }, (_, i) => frame(authorizeMessage(i)));
  const session = http2.connect(`http://127.0.0.1:${port}`);
  const latencies = [];
  let next = 0;
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  const one = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const stream = session.request({
        ":method": "POST",
        ":path": authorizePath,
        "content-type": "application/grpc+proto",
        te: "trailers",
        "grpc-timeout": "5S",
      });
      let status;
      stream.on("trailers", (t) => {
        status = t["grpc-status"];
      });
      stream.on("data", () => {});
      stream.once("close", () => {
        if (status === "0") latencies.push(performance.now() - started);
        else failed++;
        resolve();
      });
      stream.end(frames[next++ % keys]);
    });
  const worker = async () => {
    while (performance.now() < until) await one();
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: streams }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  session.close();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { callsPerSecond: latencies.length / elapsed, elapsed, p50: at(0.5), p99: at(0.99), failed };
}

async function grpc() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3);
  const keys = Number(process.env.BENCH_KEYS ?? 200);
  const streams = Number(process.env.BENCH_STREAMS ?? 64);
  spawnSync("taskset", ["-cp", "0", String(process.pid)]);
  console.log(
    `grpc   authorize handler of 2 ms, ${keys} keys, 1 connection x 1 and x ${streams} streams, ${seconds} s`,
  );
  for (const cached of [false, true]) {
    const { child, line } = startServer(cached);
    try {
      const port = Number(await line("PORT "));
      await load(port, 1, keys, streams); // warm-up (with the cache: fills it)
      for (const concurrency of [1, streams]) {
        child.kill("SIGUSR2");
        const before = JSON.parse(await line("STATS "));
        const r = await load(port, seconds, keys, concurrency);
        child.kill("SIGUSR2");
        const after = JSON.parse(await line("STATS "));
        const calls = r.callsPerSecond * r.elapsed;
        const cpuPerCall = (after.cpuUs - before.cpuUs) / calls;
        const hits = cached ? after.cache.hits - before.cache.hits : 0;
        const misses = cached ? after.cache.misses - before.cache.misses : 0;
        const cache = cached ? `  hits ${hits} misses ${misses}` : "";
        console.log(
          `grpc   ${(cached ? "with cache" : "no cache").padEnd(10)} 1x${String(concurrency).padEnd(3)} ${r.callsPerSecond.toFixed(0).padStart(7)} calls/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  server CPU ${cpuPerCall.toFixed(0)} µs/call  failed ${r.failed}${cache}`,
        );
      }
    } finally {
      child.kill("SIGKILL");
    }
  }
}

if (mode === "serve") await serve();
else {
  if (mode === "all" || mode === "micro") micro();
  if (mode === "all" || mode === "grpc") await grpc();
}
