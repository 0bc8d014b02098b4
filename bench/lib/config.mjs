// The knobs of a bench run, read from the environment (BENCH_QUICK, BENCH_ROUNDS, BENCH_SECONDS, ...).
import { fileURLToPath } from "node:url";

const quick = process.env.BENCH_QUICK === "1";
const number = (name, fallback) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const root = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

export const config = {
  quick,
  rounds: number("BENCH_ROUNDS", quick ? 1 : 5),
  // Two seconds a cell: one-second cells swung the grpc-js ratio between 1.1 and 1.6 from run to run here.
  seconds: number("BENCH_SECONDS", 2),
  warmupSeconds: number("BENCH_WARMUP_SECONDS", 1),
  only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",").map((s) => s.trim()) : undefined,
  // The default server under sustained load, after the rounds; `BENCH_ONLY=memory` runs only this.
  memorySeconds: number("BENCH_MEMORY_SECONDS", quick ? 10 : 60),
  // Quick runs are smoke runs: they print the table but leave BENCHMARKS.md alone unless told.
  output: process.env.BENCH_OUTPUT ?? (quick ? undefined : `${root}/BENCHMARKS.md`),
  serverCore: 0,
  clientCore: 1,
};

const allLoads = [
  { id: "1x1", label: "1 conn x 1 stream", connections: 1, streams: 1 },
  { id: "8x16", label: "8 conn x 16 streams", connections: 8, streams: 16 },
];
// BENCH_LOADS=8x16: only those loads (the sink rows' targets are all at 8x16). 8x16 stays last: warm-up uses it.
const onlyLoads = process.env.BENCH_LOADS?.split(",").map((s) => s.trim());
export const loads = onlyLoads ? allLoads.filter((l) => onlyLoads.includes(l.id)) : allLoads;
