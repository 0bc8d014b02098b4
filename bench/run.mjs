// pnpm bench: measures the exhook servers side by side with the Node limit and the peers, and writes BENCHMARKS.md.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { checkDemoContract, checkScenario } from "./lib/check.mjs";
import { freePort, installExitGuard, killAll, spawnPinned, tail, waitForPort } from "./lib/children.mjs";
import { config, loads, root } from "./lib/config.mjs";
import { h2loadArgs, runH2load } from "./lib/h2load.mjs";
import { kubernetesLimitMiB, measureMemory, memoryRuns } from "./lib/memory.mjs";
import { cpuMicros, peakRssMb } from "./lib/proc.mjs";
import {
  consoleTable,
  formatValue,
  markdownTable,
  median,
  memoryTable,
  pairedRatio,
  ratios,
  sinkTable,
  summarize,
  targets,
  verdict,
} from "./lib/report.mjs";
import { startSlowBroker } from "./lib/slow-broker.mjs";
import { ensureH2load, ensurePythonGrpc, machine, systemPython, versions } from "./lib/tools.mjs";
import { grpcFrame, scenarios } from "./lib/wire.mjs";

installExitGuard();
const log = (line) => process.stdout.write(`${line}\n`);
const notes = [];
const started = Date.now();
const loadBefore = os.loadavg()[0];

const h2loadVersion = ensureH2load(notes);
if (!h2loadVersion) {
  log("bench: h2load (Debian nghttp2-client) is missing and could not be installed");
  process.exit(1);
}
const python = ensurePythonGrpc(notes);
const host = machine();
const pinned = host.nproc >= 2;
if (!pinned) notes.push("fewer than 2 cores: server and h2load are not pinned");
const serverCore = pinned ? config.serverCore : undefined;
const clientCore = pinned ? config.clientCore : undefined;

const tmpDir = mkdtempSync(`${os.tmpdir()}/exhook-bench-`);
process.once("exit", () => rmSync(tmpDir, { recursive: true, force: true }));
const slowBroker = await startSlowBroker();
const ctx = {
  root,
  tmpDir,
  python,
  pythonBin: systemPython,
  // The shared Mosquitto of the machine (BENCH_MQTT_URL to use another): the broker that keeps up.
  liveBrokerUrl: process.env.BENCH_MQTT_URL ?? "mqtt://127.0.0.1:1883",
  slowBrokerUrl: `mqtt://127.0.0.1:${slowBroker.port}`,
  deadBrokerUrl: `mqtt://127.0.0.1:${await freePort()}`,
  // Names what a sink row creates in a shared target (a table, a stream), so runs never mix.
  runId: `bench${Date.now().toString(36)}`,
};

// One request file per scenario, the length-prefixed frame h2load sends as the body of every call.
const dataFiles = {};
for (const scenario of scenarios) {
  dataFiles[scenario.id] = `${tmpDir}/${scenario.id}.bin`;
  writeFileSync(dataFiles[scenario.id], grpcFrame(scenario.request()));
}

// The servers: every module in servers/, each started pinned to the server core and checked before measuring.
const servers = [];
for (const file of readdirSync(new URL("./servers/", import.meta.url))
  .filter((f) => f.endsWith(".mjs"))
  .sort()) {
  // A module describes one server (`server`) or several (`servers`, e.g. one per sink target and batch).
  const module = await import(`./servers/${file}`);
  for (const server of module.servers ?? [module.server])
    if (!config.only || config.only.includes(server.id)) servers.push(server);
}
servers.sort((a, b) => a.order - b.order);

const status = {};
const running = [];
for (const server of servers) {
  const plan = await server.prepare(ctx);
  if (plan.skip) {
    status[server.id] = `skipped (${plan.skip})`;
    log(`- ${server.label}: ${status[server.id]}`);
    continue;
  }
  const port = await freePort();
  const child = spawnPinned(serverCore, plan.command, plan.args, {
    cwd: root,
    env: { ...process.env, ...plan.env, EXHOOK_PORT: String(port), NODE_ENV: "production" },
  });
  const stderr = tail(child.stderr);
  const stdoutLines = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => stdoutLines.push(...chunk.split("\n").filter(Boolean)));
  try {
    await waitForPort(port, child);
    for (const scenario of scenarios)
      if (server.scenarios.includes(scenario.id)) await checkScenario(port, scenario);
    if (server.demoContract) await checkDemoContract(port);
    status[server.id] = "ok";
    running.push({ server, port, child, stdoutLines });
    log(`- ${server.label}: pid ${child.pid}, port ${port}, answers checked`);
  } catch (error) {
    child.kill("SIGKILL");
    const why = `${error.message}${stderr() ? `; stderr: ${stderr().trim().split("\n").slice(-3).join(" | ")}` : ""}`;
    status[server.id] = server.role === "exhook" ? `skipped (failed to start: ${why})` : `failed: ${why}`;
    log(`- ${server.label}: ${status[server.id]}`);
  }
}

/** The server's BENCH_STATS line printed after this call (it prints one on SIGUSR2). */
async function freshStats(entry) {
  const seen = entry.stdoutLines.length;
  entry.child.kill("SIGUSR2");
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const line = entry.stdoutLines.slice(seen).findLast((l) => l.startsWith("BENCH_STATS "));
    if (line) return JSON.parse(line.slice("BENCH_STATS ".length));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

const measure = async (entry, scenario, load, seconds, withLog) => {
  // Sink rows: the records the target acknowledged during the h2load run, from the sink's recordsOut.
  const deliveredBefore = entry.server.deliveryRate ? (await freshStats(entry))?.sink?.recordsOut : undefined;
  const before = cpuMicros(entry.child.pid);
  const result = await runH2load(
    {
      port: entry.port,
      path: scenario.path,
      dataFile: dataFiles[scenario.id],
      connections: load.connections,
      streams: load.streams,
      seconds,
      logFile: withLog ? `${tmpDir}/h2load-${entry.server.id}.log` : undefined,
    },
    clientCore,
  );
  const after = cpuMicros(entry.child.pid);
  const deliveredAfter = entry.server.deliveryRate ? (await freshStats(entry))?.sink?.recordsOut : undefined;
  const deliveredPerSecond =
    deliveredBefore === undefined || deliveredAfter === undefined
      ? undefined
      : (deliveredAfter - deliveredBefore) / seconds;
  return {
    ...result,
    cpuPerCall: result.calls > 0 ? (after - before) / result.calls : Number.NaN,
    ...(deliveredPerSecond === undefined ? {} : { deliveredPerSecond }),
  };
};

// Warm-up: every server sees every scenario at 8x16 once, so JITs and pools are hot before round 1.
const cells = [];
for (const scenario of scenarios) for (const load of loads) cells.push({ scenario, load });
log(`\nwarm-up: ${config.warmupSeconds}s per server and scenario`);
for (const entry of running) {
  for (const scenario of scenarios) {
    if (entry.server.scenarios.includes(scenario.id))
      await measure(entry, scenario, loads.at(-1), config.warmupSeconds, false);
  }
}

// Rounds: for each cell the servers run back to back, in an order that rotates each round, so drift on a
// shared machine spreads over all of them and paired ratios compare neighbours in time.
const samples = {};
const rss = {};
function record(serverId, scenarioId, loadId, result) {
  samples[serverId] ??= {};
  samples[serverId][scenarioId] ??= {};
  samples[serverId][scenarioId][loadId] ??= [];
  samples[serverId][scenarioId][loadId].push(result);
}
for (let round = 0; round < config.rounds; round++) {
  log(`round ${round + 1}/${config.rounds}`);
  for (const { scenario, load } of cells) {
    const serving = running.filter(
      (e) => e.server.scenarios.includes(scenario.id) && (e.server.loads?.includes(load.id) ?? true),
    );
    const shift = serving.length === 0 ? 0 : round % serving.length;
    const order = [...serving.slice(shift), ...serving.slice(0, shift)];
    for (const entry of order) {
      const result = await measure(entry, scenario, load, config.seconds, true);
      record(entry.server.id, scenario.id, load.id, result);
      if (result.failed > 0)
        notes.push(`${entry.server.id} ${scenario.id} ${load.id}: ${result.failed} failed calls`);
      const delivered =
        result.deliveredPerSecond === undefined
          ? ""
          : `  delivered ${formatValue(result.deliveredPerSecond)}/s`;
      log(
        `  ${entry.server.id.padEnd(24)} ${scenario.id.padEnd(13)} ${load.id.padEnd(5)} ${formatValue(result.callsPerSecond).padStart(8)} calls/s  p99 ${formatValue(result.p99)} µs${delivered}`,
      );
    }
  }
}
for (const entry of running) rss[entry.server.id] = peakRssMb(entry.child.pid);

// Counters (sink drops) from the servers that expose them.
const stats = {};
for (const entry of running.filter((e) => e.server.stats)) {
  entry.child.kill("SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const line = entry.stdoutLines.findLast((l) => l.startsWith("BENCH_STATS "));
  if (line) stats[entry.server.id] = JSON.parse(line.slice("BENCH_STATS ".length));
  if (stats[entry.server.id]?.sink)
    log(`sink stats ${entry.server.id}: ${JSON.stringify(stats[entry.server.id].sink)}`);
}
// The sink rows' servers stop on SIGTERM, dropping what their target made for the run (tables, streams).
await Promise.all(
  running
    .filter((e) => e.server.deliveryRate)
    .map(
      (e) =>
        new Promise((resolve) => {
          const timer = setTimeout(resolve, 5000);
          e.child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          e.child.kill("SIGTERM");
        }),
    ),
);
killAll();
slowBroker.close();

// Memory: the default server alone on its core, 8x16 for memorySeconds, once as `pnpm start` runs it and once
// as the container image does under the Kubernetes example's limit.
const memory = [];
const memoryWanted = !config.only || config.only.includes("memory");
if (memoryWanted && !existsSync(`${root}/apps/server/dist/main.js`)) {
  notes.push("memory: apps/server/dist/main.js missing (not built), not measured");
} else if (memoryWanted) {
  log(`\nmemory: the default server under 8x16 OnMessagePublish, ${config.memorySeconds} s per run`);
  for (const run of memoryRuns(root, tmpDir)) {
    try {
      const result = await measureMemory(run, {
        dataFile: dataFiles.publish,
        path: scenarios.find((s) => s.id === "publish").path,
        seconds: config.memorySeconds,
        serverCore,
        clientCore,
      });
      memory.push({ run, ...result });
      log(
        `  ${run.id.padEnd(10)} ${formatValue(result.callsPerSecond).padStart(8)} calls/s  RSS idle ${formatValue(result.idle)} MB, peak ${formatValue(result.peak)} MB, end ${formatValue(result.end)} MB; log lines ${result.log.out} written, ${result.log.dropped} dropped`,
      );
    } catch (error) {
      notes.push(`memory ${run.id}: ${error.message}`);
    }
  }
}
const k8sLimit = kubernetesLimitMiB(root);

const cell = summarize(samples);
const sinkRows = running
  .filter((e) => e.server.deliveryRate)
  .map((e) => {
    const rounds = samples[e.server.id]?.publish?.["8x16"] ?? [];
    return {
      label: e.server.label,
      calls: cell(e.server.id, "publish", "8x16")?.calls,
      cpu: cell(e.server.id, "publish", "8x16")?.cpu,
      delivered: median(rounds.map((r) => r.deliveredPerSecond ?? Number.NaN)),
      versusNoSink: pairedRatio(samples, e.server.id, "exhook-chain", "publish", "8x16"),
      dropped: stats[e.server.id]?.sink?.dropped,
    };
  });
for (const row of sinkRows)
  log(
    `sink row ${row.label}: ${formatValue(row.delivered)} delivered/s, ${formatValue(row.calls)} calls/s (${formatValue(row.versusNoSink)} of no sink)`,
  );
log(`\n${consoleTable(servers, status, cell, rss, samples)}\n`);
const ratioList = ratios(samples, cell);
const targetList = targets(samples, cell, rss, stats, memory, k8sLimit);
if (ratioList.length) {
  log("exhook demo ratios: calls/s (median of per-round pairs), CPU per call (theirs ÷ demo):");
  for (const r of ratioList) {
    log(
      `  vs ${r.versus}, ${r.scenario}, ${r.load}: calls/s ${formatValue(r.ratio)}, CPU ${formatValue(r.cpu)}`,
    );
  }
}
log("\ntargets:");
for (const t of targetList) log(`  ${verdict(t.pass).padEnd(4)}  ${t.name}: ${formatValue(t.value)}`);
for (const note of notes) log(`note: ${note}`);
const minutes = ((Date.now() - started) / 60000).toFixed(1);
log(`\ndone in ${minutes} min`);

if (config.output) {
  writeFileSync(config.output, markdown());
  log(`wrote ${config.output}`);
}

function markdown() {
  const example = h2loadArgs({
    port: "<port>",
    path: scenarios[0].path,
    dataFile: "<publish.bin>",
    connections: 8,
    streams: 16,
    seconds: config.seconds,
    logFile: "<log>",
  });
  const env = [
    config.quick ? "BENCH_QUICK=1" : "",
    process.env.BENCH_ROUNDS ? `BENCH_ROUNDS=${config.rounds}` : "",
    process.env.BENCH_SECONDS ? `BENCH_SECONDS=${config.seconds}` : "",
    process.env.BENCH_ONLY ? `BENCH_ONLY=${process.env.BENCH_ONLY}` : "",
  ].filter(Boolean);
  return `# Benchmarks

Written by \`pnpm bench\` (see [bench/README.md](bench/README.md) for what is measured and how to read it).
The machine is shared and noisy: every figure is a median over ${config.rounds} alternating round(s) of
${config.seconds} s per server and load, and the comparisons that matter are the **ratios**, not the
absolute numbers.

## Machine

- ${host.nproc} cores, ${host.cpu}, ${host.memoryGb} GB memory, Linux ${host.kernel}
- servers pinned to core ${serverCore ?? "–"}, h2load pinned to core ${clientCore ?? "–"}
- run on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, took ${minutes} min; 1-minute load
  average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after (other work on the machine shows here)

## Versions

${Object.entries(versions(h2loadVersion, python))
  .map(([name, version]) => `- ${name}: ${version}`)
  .join("\n")}

## Command

\`\`\`sh
${[...env, "pnpm bench"].join(" ")}
\`\`\`

Each measurement is one h2load run, for example:

\`\`\`sh
taskset -c ${clientCore ?? 1} h2load ${example.map((arg) => (arg.includes(" ") ? `'${arg}'` : arg)).join(" ")}
\`\`\`

## Results

${markdownTable(servers, status, cell, rss, samples)}

calls/s and latencies are medians over rounds; "x limit" is the median of per-round calls/s ratios
against the bare node:http2 server; p50/p99 come from h2load's per-request log; CPU is the server's
utime+stime per call; peak RSS is VmHWM at the end of the run.

## Ratios (exhook demo)

${ratioList.length ? `| versus | scenario | load | demo calls/s ÷ theirs | their CPU/call ÷ demo's |\n| --- | --- | --- | ---: | ---: |\n${ratioList.map((r) => `| ${r.versus} | ${r.scenario} | ${r.load} | ${formatValue(r.ratio)} | ${formatValue(r.cpu)} |`).join("\n")}` : "The exhook demo was not measured in this run."}

## Sink rows

${
  sinkRows.length
    ? `The 3-handler chain plus a route of every publish to one sink (memory buffer, default \`maxQueue\` 1000), at batch 1
and batch 100, under h2load 8x16 OnMessagePublish. "delivered/s" is the records the target acknowledged
during each h2load run (the sink's \`recordsOut\` before and after it), a median over rounds; "÷ no sink"
is the median of per-round calls/s ratios against the chain without a sink, measured next to it.

${sinkTable(sinkRows)}`
    : "No sink row was measured in this run."
}

## Memory under sustained load

${
  memory.length
    ? `The default server (\`pnpm start\` with no config: every lifecycle and message hook to the log and
memory sinks), alone on core ${serverCore ?? "–"}, under h2load 8x16 OnMessagePublish for ${config.memorySeconds} s; its stdout (the log
sink's JSON lines) is read as fast as it comes and thrown away, as a container runtime does, or at 1 MB/s
(a slow terminal or log shipper). Peak RSS is VmHWM at the end of the run. The runs are one after the
other, not side by side: compare their calls/s with care.

${memoryTable(memory)}`
    : "Not measured in this run."
}

## Targets

| target | measured | verdict |
| --- | ---: | --- |
${targetList.map((t) => `| ${t.name} | ${formatValue(t.value)} | ${verdict(t.pass)} |`).join("\n")}
${notes.length ? `\n## Notes\n\n${notes.map((n) => `- ${n}`).join("\n")}\n` : ""}
${profileNotes()}`;
}

/** The hand-written analyses (bench/MEMORY.md, WHERE-THE-TIME-GOES.md, DECISION-CACHE.md, SINK-BUFFER.md, WORKERS.md), kept across runs. */
function profileNotes() {
  return [
    "./MEMORY.md",
    "./WHERE-THE-TIME-GOES.md",
    "./DECISION-CACHE.md",
    "./SINK-BUFFER.md",
    "./WORKERS.md",
  ]
    .map((name) => new URL(name, import.meta.url))
    .filter((file) => existsSync(file))
    .map((file) => `\n${readFileSync(file, "utf8")}`)
    .join("");
}
