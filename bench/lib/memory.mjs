// Peak RSS of the default server (`pnpm start`: embedded config, log + memory sinks) under sustained 8x16 load.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { freePort, spawnPinned, tail, waitForPort } from "./children.mjs";
import { runH2load } from "./h2load.mjs";
import { peakRssMb } from "./proc.mjs";

const kubernetesFile = "deploy/kubernetes.yaml";

/** The memory limit of the Kubernetes example, in MiB (`limits: { memory: 512Mi }`); undefined if not found. */
export function kubernetesLimitMiB(root) {
  try {
    const match = /limits:\s*\{[^}]*memory:\s*(\d+)(Mi|Gi)/.exec(
      readFileSync(`${root}/${kubernetesFile}`, "utf8"),
    );
    if (!match) return undefined;
    return Number(match[1]) * (match[2] === "Gi" ? 1024 : 1);
  } catch {
    return undefined;
  }
}

function rssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the log sink's counters from the admin port's /metrics: lines written and dropped. */
async function logSinkCounts(adminPort) {
  try {
    const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
    const sum = (pattern) =>
      text
        .split("\n")
        .filter((line) => pattern.test(line))
        .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
    return {
      out: sum(/^exhook_sink_records_out_total\{sink="log"/),
      dropped: sum(/^exhook_sink_dropped_total\{sink="log"/),
    };
  } catch {
    return { out: Number.NaN, dropped: Number.NaN };
  }
}

/**
 * The runs: `pnpm start` as it is (plain node, V8 sizing its heap from the machine's memory), and the
 * container image's entrypoint (deploy/node-heap.sh) under the Kubernetes example's limit, given through a
 * fake cgroup file so the heap flags are the ones the pod gets.
 */
export function memoryRuns(root, tmpDir) {
  const main = `${root}/apps/server/dist/main.js`;
  const runs = [
    { id: "pnpm-start", label: "`pnpm start` (node, no flags)", command: process.execPath, args: [main] },
    // A terminal or a log shipper that falls behind: what grew pino's buffer without limit before.
    {
      id: "slow-stdout",
      label: "`pnpm start`, stdout read at 1 MB/s",
      command: process.execPath,
      args: [main],
      stdoutBytesPerSecond: 1e6,
    },
  ];
  const limit = kubernetesLimitMiB(root);
  if (limit !== undefined) {
    const cgroup = `${tmpDir}/cgroup-${limit}Mi`;
    mkdirSync(cgroup, { recursive: true });
    writeFileSync(`${cgroup}/memory.max`, `${limit * 1024 * 1024}\n`);
    runs.push({
      id: "image",
      label: `the image's entrypoint under ${limit} Mi (deploy/node-heap.sh)`,
      command: "sh",
      args: [`${root}/deploy/node-heap.sh`, main],
      env: { EXHOOK_CGROUP_ROOT: cgroup },
    });
  }
  return runs;
}

/**
 * Starts the default server pinned to `serverCore`, loads it with 8x16 OnMessagePublish for `seconds`, and
 * returns its calls/s, RSS (idle, peak, end) and the log sink's written/dropped lines. Its stdout (the log
 * sink's JSON lines) is read as fast as it comes and thrown away, as a container runtime does, or at
 * `run.stdoutBytesPerSecond`.
 */
export async function measureMemory(run, { dataFile, path, seconds, serverCore, clientCore }) {
  const port = await freePort();
  const adminPort = await freePort();
  const child = spawnPinned(serverCore, run.command, run.args, {
    env: {
      ...process.env,
      ...run.env,
      NODE_ENV: "production",
      EXHOOK_PORT: String(port),
      EXHOOK_ADMIN_PORT: String(adminPort),
      EXHOOK_CONFIG: "",
    },
  });
  const stderr = tail(child.stderr);
  let stdoutBytes = 0;
  let reader;
  if (run.stdoutBytesPerSecond === undefined) {
    child.stdout.on("data", (chunk) => {
      stdoutBytes += chunk.length;
    });
  } else {
    // A tenth of the budget every 100 ms; what is not read stays in the pipe and the server must wait.
    reader = setInterval(() => {
      let budget = run.stdoutBytesPerSecond / 10;
      for (let chunk = child.stdout.read(); chunk !== null; chunk = budget > 0 ? child.stdout.read() : null) {
        stdoutBytes += chunk.length;
        budget -= chunk.length;
      }
    }, 100);
  }
  try {
    await waitForPort(port, child);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = rssMb(child.pid);
    const result = await runH2load(
      { port, path, dataFile, connections: 8, streams: 16, seconds },
      clientCore,
    );
    const peak = peakRssMb(child.pid);
    const end = rssMb(child.pid);
    const log = await logSinkCounts(adminPort);
    return { ...result, idle, peak, end, log, stdoutMbPerSecond: stdoutBytes / 1e6 / result.seconds };
  } catch (error) {
    throw new Error(
      `${error.message}${stderr() ? `; stderr: ${stderr().trim().split("\n").slice(-3).join(" | ")}` : ""}`,
    );
  } finally {
    clearInterval(reader);
    child.kill("SIGKILL");
  }
}
