// `node bench/spike/raw-h2/compare.mjs`: the raw transport against node:http2 at 8x16 (h2load, EMQX's
// headers), in alternating rounds: the fixed answer (bare-http2 vs bare-raw) and the demo (on node:http2 vs
// on the raw transport). Prints calls/s and server CPU µs per call per round, their medians, the paired
// ratios, and the load average during each measurement. Needs `node scripts/build.mjs` first.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { checkDemoContract, checkScenario } from "../../lib/check.mjs";
import { freePort, installExitGuard, spawnPinned, waitForPort } from "../../lib/children.mjs";
import { config, root } from "../../lib/config.mjs";
import { runH2load } from "../../lib/h2load.mjs";
import { cpuMicros, peakRssMb } from "../../lib/proc.mjs";
import { median } from "../../lib/report.mjs";
import { grpcFrame, scenarios } from "../../lib/wire.mjs";

installExitGuard();
const rounds = Number(process.env.SPIKE_ROUNDS) || 3;
const seconds = Number(process.env.SPIKE_SECONDS) || 4;
const [connections, streams] = (process.env.SPIKE_LOAD ?? "8x16").split("x").map(Number);
const only = process.env.SPIKE_ONLY?.split(",");
const tmp = `${os.tmpdir()}/exhook-spike-${process.pid}`;
mkdirSync(tmp, { recursive: true });
process.once("exit", () => rmSync(tmp, { recursive: true, force: true }));
const dataFiles = {};
for (const s of scenarios) {
  dataFiles[s.id] = `${tmp}/${s.id}.bin`;
  writeFileSync(dataFiles[s.id], grpcFrame(s.request()));
}

const servers = [
  { id: "bare-http2", pair: "fixed", script: `${root}/bench/peers/bare-http2.mjs` },
  { id: "bare-raw", pair: "fixed", script: `${root}/bench/peers/bare-raw.mjs` },
  { id: "demo-http2", pair: "demo", script: `${root}/apps/demo/dist/main.js`, demo: true },
  { id: "demo-raw", pair: "demo", script: `${root}/bench/peers/exhook-demo-raw.mjs`, demo: true },
].filter((s) => only === undefined || only.includes(s.pair));

const running = [];
for (const server of servers) {
  const port = await freePort();
  const child = spawnPinned(config.serverCore, process.execPath, [server.script], {
    env: { ...process.env, EXHOOK_PORT: String(port), EXHOOK_HOST: "127.0.0.1", NODE_ENV: "production" },
  });
  child.stdout.resume();
  child.stderr.resume();
  await waitForPort(port, child);
  for (const s of scenarios) await checkScenario(port, s);
  if (server.demo) await checkDemoContract(port);
  running.push({ ...server, port, child });
}

async function measure(entry, scenario, secs) {
  const load1 = os.loadavg()[0];
  const before = cpuMicros(entry.child.pid);
  const r = await runH2load(
    {
      port: entry.port,
      path: scenario.path,
      dataFile: dataFiles[scenario.id],
      connections,
      streams,
      seconds: secs,
    },
    config.clientCore,
  );
  const cpu = (cpuMicros(entry.child.pid) - before) / r.calls;
  return { calls: r.callsPerSecond, cpu, failed: r.failed, load: (load1 + os.loadavg()[0]) / 2 };
}

for (const entry of running) for (const s of scenarios) await measure(entry, s, 1);

const samples = {};
for (let round = 0; round < rounds; round++) {
  for (const scenario of scenarios) {
    // Alternate who goes first in each pair, round by round.
    const order = round % 2 === 0 ? running : [...running].reverse();
    for (const entry of order) {
      const r = await measure(entry, scenario, seconds);
      const key = `${entry.id} ${scenario.id}`;
      samples[key] ??= [];
      samples[key].push(r);
      process.stdout.write(
        `round ${round + 1} ${key.padEnd(26)} ${Math.round(r.calls).toString().padStart(6)} calls/s ${r.cpu.toFixed(1).padStart(6)} µs/call  load ${r.load.toFixed(1)}${r.failed ? `  FAILED ${r.failed}` : ""}\n`,
      );
    }
  }
}

const med = (key, f) => median(samples[key].map(f));
process.stdout.write(`\n${connections}x${streams}, ${rounds} rounds of ${seconds} s, medians:\n`);
process.stdout.write(
  "| server | scenario | calls/s | CPU µs/call | load avg | peak RSS MB |\n| --- | --- | ---: | ---: | ---: | ---: |\n",
);
for (const entry of running) {
  for (const s of scenarios) {
    const key = `${entry.id} ${s.id}`;
    process.stdout.write(
      `| ${entry.id} | ${s.id} | ${Math.round(med(key, (r) => r.calls))} | ${med(key, (r) => r.cpu).toFixed(1)} | ${med(key, (r) => r.load).toFixed(1)} | ${peakRssMb(entry.child.pid)?.toFixed(0)} |\n`,
    );
  }
}
const pairs = [
  ["bare-raw", "bare-http2"],
  ["demo-raw", "demo-http2"],
];
process.stdout.write("\nratios (raw ÷ node:http2; medians of per-round ratios):\n");
for (const [a, b] of pairs) {
  if (!samples[`${a} publish`] || !samples[`${b} publish`]) continue;
  for (const s of scenarios) {
    const ra = samples[`${a} ${s.id}`];
    const rb = samples[`${b} ${s.id}`];
    const calls = median(ra.map((r, i) => r.calls / rb[i].calls));
    const cpu = median(ra.map((r, i) => rb[i].cpu / r.cpu));
    process.stdout.write(
      `- ${a} vs ${b} ${s.id}: calls/s ×${calls.toFixed(2)}, CPU per call ×${cpu.toFixed(2)} less\n`,
    );
  }
}
process.exit(0);
