// `node bench/profile.mjs`: CPU profiles of the exhook demo and the bare node:http2 limit under the same 8x16
// OnMessagePublish load, in alternating rounds, summed by where the time goes (µs per call, medians).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { freePort, installExitGuard, spawnPinned, waitForPort } from "./lib/children.mjs";
import { config, root } from "./lib/config.mjs";
import { runH2load } from "./lib/h2load.mjs";
import { median } from "./lib/report.mjs";
import { grpcFrame, scenarios } from "./lib/wire.mjs";

installExitGuard();
const rounds = Number(process.env.PROFILE_ROUNDS) || 3;
const seconds = Number(process.env.PROFILE_SECONDS) || 5;
const outDir = `${root}/.cpuprofile`;
const publish = scenarios.find((s) => s.id === "publish");
const tmp = `${os.tmpdir()}/exhook-profile-${process.pid}`;
mkdirSync(tmp, { recursive: true });
process.once("exit", () => rmSync(tmp, { recursive: true, force: true }));
const dataFile = `${tmp}/publish.bin`;
writeFileSync(dataFile, grpcFrame(publish.request()));
// The profile is written when the process exits normally: SIGINT exits it.
const exitOnSigint = `${tmp}/exit-on-sigint.mjs`;
writeFileSync(exitOnSigint, 'process.once("SIGINT", () => process.exit(0));\n');

const servers = [
  { id: "bare-http2", script: `${root}/bench/peers/bare-http2.mjs` },
  { id: "exhook-demo", script: `${root}/apps/demo/dist/main.js` },
];

/** Which part of the process a profile node belongs to. */
function category(frame) {
  const { functionName: name, url } = frame;
  if (name === "(idle)") return "idle";
  if (name === "(garbage collector)") return "GC";
  if (name === "(program)") return "native (nghttp2, libuv, V8 outside JS)";
  if (url.includes("internal/http2")) return "node:http2 (JS)";
  if (
    /^node:(internal\/)?(streams?|events|internal\/event|internal\/process\/task_queues|internal\/timers)/.test(
      url,
    )
  )
    return "streams, events, ticks";
  if (url.startsWith("node:")) return "other node internals";
  // The compiled codec's functions are built with new Function: no url, names d<n> (decode) / e<n> (encode).
  if (url === "" && /^[de]\d+$/.test(name)) return "exhook codec (compiled)";
  if (url.includes("/codec/")) return "exhook codec (compiled)";
  if (url.includes("@bufbuild")) return "protobuf-es runtime";
  if (url.includes("/packages/core/") || url.includes("/apps/demo/"))
    return "exhook (dispatch, chain, stream)";
  if (url === "") return "native (bindings)";
  return "other JS";
}

/** Self time by category and by exhook function inside the last `windowMs` of the profile. */
function summarize(file, windowMs) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const from = profile.endTime - windowMs * 1000;
  const byCategory = new Map();
  const byFunction = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < from) continue;
    const frame = nodes.get(profile.samples[i]).callFrame;
    const c = category(frame);
    byCategory.set(c, (byCategory.get(c) ?? 0) + delta);
    if (c.startsWith("exhook")) {
      const key = `${frame.functionName || "(anonymous)"} (${frame.url.replace(/.*\/(packages|apps)\//, "$1/") || "compiled"}:${frame.lineNumber + 1})`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
    }
  }
  return { byCategory, byFunction };
}

async function profileOnce(server, round) {
  const dir = `${outDir}/${server.id}-${round}`;
  rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  const child = spawnPinned(
    config.serverCore,
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--import", exitOnSigint, server.script],
    { env: { ...process.env, EXHOOK_PORT: String(port), NODE_ENV: "production" } },
  );
  child.stdout.resume();
  child.stderr.resume();
  await waitForPort(port, child);
  const load = { port, path: publish.path, dataFile, connections: 8, streams: 16 };
  await runH2load({ ...load, seconds: 2 }, config.clientCore);
  const result = await runH2load({ ...load, seconds }, config.clientCore);
  const stopped = Date.now();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  await exited;
  const file = `${dir}/${readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))}`;
  // The window is the measured run: from its start to the kill (a few ms after it ended).
  const { byCategory, byFunction } = summarize(file, result.seconds * 1000 + (Date.now() - stopped));
  const perCall = (map) => new Map([...map].map(([k, v]) => [k, v / result.calls]));
  return {
    calls: result.callsPerSecond,
    byCategory: perCall(byCategory),
    byFunction: perCall(byFunction),
    file,
  };
}

const results = Object.fromEntries(servers.map((s) => [s.id, []]));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? servers : [...servers].reverse();
  for (const server of order) {
    const r = await profileOnce(server, round);
    results[server.id].push(r);
    process.stdout.write(`round ${round + 1} ${server.id.padEnd(12)} ${Math.round(r.calls)} calls/s\n`);
  }
}

const medianOf = (id, key, name) => median(results[id].map((r) => r[key].get(name) ?? 0));
const categories = [
  ...new Set(Object.values(results).flatMap((rs) => rs.flatMap((r) => [...r.byCategory.keys()]))),
];
const busy = (id) =>
  median(
    results[id].map((r) => [...r.byCategory].filter(([k]) => k !== "idle").reduce((s, [, v]) => s + v, 0)),
  );
const rows = categories
  .filter((c) => c !== "idle")
  .map((c) => [c, medianOf("bare-http2", "byCategory", c), medianOf("exhook-demo", "byCategory", c)])
  .sort((a, b) => b[2] - a[2]);
const fmt = (v) => v.toFixed(1);
const lines = [
  `Profiled ${rounds} alternating rounds of ${seconds} s at 8x16 OnMessagePublish 256 B (server on core ${config.serverCore}, h2load on core ${config.clientCore});`,
  `calls/s medians: bare ${Math.round(median(results["bare-http2"].map((r) => r.calls)))}, demo ${Math.round(median(results["exhook-demo"].map((r) => r.calls)))}. Profiles in .cpuprofile/.`,
  "",
  "| where (self time) | bare node:http2 µs/call | exhook demo µs/call | demo − bare |",
  "| --- | ---: | ---: | ---: |",
  ...rows.map(([c, b, d]) => `| ${c} | ${fmt(b)} | ${fmt(d)} | ${fmt(d - b)} |`),
  `| **busy (all but idle)** | **${fmt(busy("bare-http2"))}** | **${fmt(busy("exhook-demo"))}** | **${fmt(busy("exhook-demo") - busy("bare-http2"))}** |`,
  "",
  "exhook's own functions in the demo (self time, µs per call, median):",
  "",
  ...[...new Set(results["exhook-demo"].flatMap((r) => [...r.byFunction.keys()]))]
    .map((f) => [f, medianOf("exhook-demo", "byFunction", f)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([f, v]) => `- ${fmt(v)} µs ${f}`),
];
process.stdout.write(`\n${lines.join("\n")}\n`);
