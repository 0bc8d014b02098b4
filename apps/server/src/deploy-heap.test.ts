// deploy/node-heap.sh, the image's entrypoint: V8's heap sized from the container's memory limit.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../../deploy/node-heap.sh", import.meta.url));
const report =
  "const v8 = require('v8'); console.log(JSON.stringify({ options: process.env.NODE_OPTIONS ?? '', " +
  "limitMiB: v8.getHeapStatistics().heap_size_limit / 2 ** 20 }))";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "exhook-node-heap-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the entrypoint against a fake cgroup tree; node prints its NODE_OPTIONS and heap limit. */
async function heapWith(files: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const root = await mkdtemp(join(dir, "cg-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), `${content}\n`);
  }
  const { NODE_OPTIONS: _ignored, ...base } = process.env;
  const { stdout } = await promisify(execFile)("sh", [script, "-e", report], {
    env: { ...base, ...env, EXHOOK_CGROUP_ROOT: root },
  });
  return JSON.parse(stdout) as { options: string; limitMiB: number };
}

describe("deploy/node-heap.sh", () => {
  it("gives a 512 MiB container (cgroup v2) a 256 MiB old space and 8 MiB semi-spaces", async () => {
    const heap = await heapWith({ "memory.max": String(512 * 2 ** 20) });
    expect(heap.options).toBe("--max-old-space-size=256 --max-semi-space-size=8");
    // V8's limit is the old space plus the young generation (3 semi-spaces): well under the pod's 512.
    expect(heap.limitMiB).toBe(256 + 3 * 8);
  });

  it("reads cgroup v1 too, and caps the semi-space at 16 MiB", async () => {
    const heap = await heapWith({ "memory/memory.limit_in_bytes": String(4096 * 2 ** 20) });
    expect(heap.options).toBe("--max-old-space-size=2048 --max-semi-space-size=16");
  });

  it("leaves node's defaults alone without a limit", async () => {
    expect((await heapWith({ "memory.max": "max" })).options).toBe("");
    expect((await heapWith({ "memory/memory.limit_in_bytes": "9223372036854771712" })).options).toBe("");
    expect((await heapWith({})).options).toBe("");
  });

  it("keeps heap sizes already given in NODE_OPTIONS", async () => {
    const heap = await heapWith(
      { "memory.max": String(512 * 2 ** 20) },
      { NODE_OPTIONS: "--max-old-space-size=100" },
    );
    expect(heap.options).toBe("--max-old-space-size=100");
    // The limit node itself gives those options, not a fixed number: the default young generation differs
    // by Node major (Node 20 and 22: 148 MiB in all here, Node 24: 292).
    const { NODE_OPTIONS: _ignored, ...base } = process.env;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", report], {
      env: { ...base, NODE_OPTIONS: "--max-old-space-size=100" },
    });
    expect(heap.limitMiB).toBe((JSON.parse(stdout) as { limitMiB: number }).limitMiB);
  });
});
