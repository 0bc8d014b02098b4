// The log sink in a real process: what "records out" promises after SIGKILL, and a clean exit while opening.
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The child runs the built package: `pnpm build` (or `pnpm test`, which builds first) before this file.
const child = fileURLToPath(new URL("./test-support/log-child.mjs", import.meta.url));
// Not vitest's flags (its source condition would load TypeScript): plain node, as in production.
const plainNode = { execArgv: [], env: { PATH: process.env["PATH"] ?? "" } };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "exhook-sink-log-process-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Stats {
  recordsIn: number;
  recordsOut: number;
}

describe("@exhook/sink-log in a process", () => {
  it("counts a record out only once its line is written: after SIGKILL every counted line exists", async () => {
    const n = 20_000;
    // stdout is a pipe the parent leaves unread until the child is dead, like a stalled log shipper.
    const proc = fork(child, ["flood", String(n)], {
      ...plainNode,
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    let last: Stats = { recordsIn: 0, recordsOut: 0 };
    let reports = 0;
    proc.on("message", (m) => {
      last = m as Stats;
      reports++;
    });
    try {
      await vi.waitFor(() => expect(last.recordsIn).toBe(n), { timeout: 30_000, interval: 20 });
      // A few more reports once everything is published, so the count has had time to run ahead if it would.
      const seen = reports;
      await vi.waitFor(() => expect(reports).toBeGreaterThan(seen + 3), { timeout: 30_000, interval: 20 });
    } finally {
      proc.kill("SIGKILL");
    }
    const countedOut = last.recordsOut;
    let text = "";
    proc.stdout!.on("data", (d: Buffer) => (text += d.toString()));
    await new Promise((resolve) => proc.stdout!.on("end", resolve));
    const lines = text.split("\n").filter((l) => l.startsWith("{") && l.endsWith("}"));
    expect(lines.length).toBeGreaterThan(0);
    // The stall held most of them back: far fewer written than published.
    expect(lines.length).toBeLessThan(n);
    expect(countedOut).toBeLessThanOrEqual(lines.length);
  }, 90_000);

  it("exits cleanly when the process ends while its file is still opening, or failed to open", async () => {
    const cases = [
      ["exit-while-opening", join(dir, "sub", "opening.log")],
      ["exit-after-failed-open", dir],
    ];
    for (const [mode, destination] of cases) {
      const proc = fork(child, [mode!, destination!], {
        ...plainNode,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
      let stderr = "";
      proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => proc.on("close", resolve));
      expect(stderr, mode).not.toContain("sonic boom");
      expect(code, mode).toBe(0);
    }
  }, 30_000);
});
