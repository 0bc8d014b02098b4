// Finds (and, as root, installs from Debian) the external tools of the bench, and reads every version it reports.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";

const isRoot = process.getuid?.() === 0;
// Debian's python3-grpcio is built for the system interpreter, not whatever python3 is first on PATH.
export const systemPython = "/usr/bin/python3";

function run(command, args) {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function aptInstall(pkg, notes) {
  if (!isRoot) {
    notes.push(`${pkg} missing and not root: not installed`);
    return false;
  }
  process.stdout.write(`bench: apt-get install -y ${pkg} ...\n`);
  const result = spawnSync("apt-get", ["install", "-y", pkg], {
    encoding: "utf8",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0)
    notes.push(`apt-get install ${pkg} failed: ${(result.stderr ?? "").trim().split("\n").at(-1)}`);
  return result.status === 0;
}

export function ensureH2load(notes) {
  if (run("h2load", ["--version"]) === undefined) aptInstall("nghttp2-client", notes);
  return run("h2load", ["--version"]);
}

const grpcVersionScript = "import grpc, google.protobuf as p; print(grpc.__version__, p.__version__)";

/** { grpcio, protobuf } versions of the system python, installing python3-grpcio when missing; undefined if unusable. */
export function ensurePythonGrpc(notes) {
  if (!existsSync(systemPython)) {
    notes.push(`${systemPython} not found: python3-grpcio skipped`);
    return undefined;
  }
  let out = run(systemPython, ["-c", grpcVersionScript]);
  if (out === undefined && aptInstall("python3-grpcio", notes))
    out = run(systemPython, ["-c", grpcVersionScript]);
  if (out === undefined) return undefined;
  const [grpcio, protobuf] = out.split(" ");
  return { grpcio, protobuf };
}

function packageVersion(name) {
  try {
    const require = createRequire(new URL("../package.json", import.meta.url));
    const entry = require.resolve(name);
    // Walk up from the entry file to the package's own package.json.
    let dir = entry;
    for (;;) {
      const next = dir.slice(0, dir.lastIndexOf("/"));
      if (next === dir || next === "") return undefined;
      dir = next;
      const file = `${dir}/package.json`;
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, "utf8"));
        if (pkg.name === name) return pkg.version;
      }
    }
  } catch {
    return undefined;
  }
}

export function machine() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    nproc: Number(run("nproc", [])) || os.availableParallelism(),
    cpu: model,
    memoryGb: (os.totalmem() / 1024 ** 3).toFixed(1),
    kernel: os.release(),
  };
}

export function versions(h2loadVersion, python) {
  return {
    node: process.version,
    h2load: h2loadVersion?.replace(/^h2load /, "") ?? "missing",
    "@grpc/grpc-js": packageVersion("@grpc/grpc-js") ?? "?",
    "@connectrpc/connect-node": packageVersion("@connectrpc/connect-node") ?? "?",
    "@bufbuild/protobuf": packageVersion("@bufbuild/protobuf") ?? "?",
    "python3-grpcio": python ? `${python.grpcio} (protobuf ${python.protobuf})` : "not available",
  };
}
