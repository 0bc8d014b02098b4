// runWorkers with real processes: two workers on one port, the primary asking them, a killed worker forked
// again and counted, SIGTERM draining both and exiting 0.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { clientinfo, connect, meta } from "./test-support/exhook-client.js";

const fixture = fileURLToPath(new URL("./test-support/fixtures/workers-app.mjs", import.meta.url));
type Line = Record<string, unknown>;
interface Who {
  index: number;
  ok: boolean;
  value: { index: number; pid: number };
}

describe("runWorkers", () => {
  it("runs an app in two processes on one port, restarts one that dies, drains both on SIGTERM", async () => {
    const child = spawn(process.execPath, [fixture], { stdio: ["ignore", "pipe", "inherit"] });
    const lines: Line[] = [];
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split("\n");
      pending = parts.pop()!;
      for (const part of parts) if (part.startsWith("{")) lines.push(JSON.parse(part) as Line);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const waitLong = { timeout: 30_000, interval: 50 };
    try {
      const first = await vi.waitFor(() => {
        const line = lines.find((l) => l["port"] !== undefined);
        if (line === undefined) throw new Error("not listening yet");
        return line;
      }, waitLong);
      const answers = first["answers"] as Who[];
      expect(answers.map((a) => a.value.index)).toEqual([1, 2]);
      expect(new Set(answers.map((a) => a.value.pid)).size).toBe(2);

      const client = connect(`127.0.0.1:${first["port"] as number}`, "v2");
      try {
        const answer = await client.call("OnClientAuthenticate", {
          clientinfo: clientinfo("u"),
          result: false,
          meta,
        });
        expect(answer).toMatchObject({ type: "STOP_AND_RETURN", bool_result: true });
      } finally {
        client.close();
      }

      process.kill(answers[0]!.value.pid, "SIGKILL");
      const restarted = await vi.waitFor(() => {
        const line = lines.find((l) => l["restarted"] === 1);
        if (line === undefined) throw new Error("not restarted yet");
        return line;
      }, waitLong);
      const [again] = restarted["answers"] as Who[];
      expect(again?.value.index).toBe(1);
      expect(again?.value.pid).not.toBe(answers[0]!.value.pid);
      expect((restarted["slots"] as { restarts: number }[]).map((s) => s.restarts)).toEqual([1, 0]);

      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(lines).toContainEqual({ closing: true, draining: true });
    } finally {
      child.kill("SIGKILL");
    }
  });
});
