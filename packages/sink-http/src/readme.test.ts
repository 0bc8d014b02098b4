// The README's receiver runs as written: the sink's signed requests pass its check, a wrong secret gets a 401
// (dropped for good, as any 4xx), and a request sent twice with one Idempotency-Key is taken once.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signBody } from "./signature.js";
import { harness } from "./test-support/harness.js";
import { closedPort, tempDir } from "./test-support/receiver.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const wait = { timeout: 20_000, interval: 20 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function receiverSource(): string {
  const block = /```js\n(\/\/ receiver\.mjs[\s\S]*?)```/.exec(readme);
  if (block === null) throw new Error("README has no receiver.mjs block");
  return block[1]!;
}

async function startReceiver(secret: string): Promise<{ port: number; out: () => string[] }> {
  const dir = await tempDir("exhook-http-readme-");
  cleanups.push(() => dir.remove());
  const file = join(dir.path, "receiver.mjs");
  writeFileSync(file, receiverSource());
  const port = await closedPort();
  const child: ChildProcess = spawn(process.execPath, [file], {
    env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: secret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(async () => {
    child.kill();
    await new Promise((r) => child.once("exit", r));
  });
  let stdout = "";
  child.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  await vi.waitFor(async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
  }, wait);
  return { port, out: () => stdout.split("\n").filter((l) => l.startsWith("took ")) };
}

describe("the README's receiver", () => {
  it("takes the sink's signed requests, refuses a wrong secret, and takes a redelivery once", async () => {
    const secret = "change-me-0123";
    const receiver = await startReceiver(secret);
    const url = `http://127.0.0.1:${receiver.port}/events`;
    const h = await harness({ url, secret, body: "array" }, { batchSize: 5, lingerMs: 20 });
    cleanups.push(() => h.close());
    h.publish(0, 5);
    await vi.waitFor(() => expect(h.stats().recordsOut).toBe(5), wait);
    const taken = receiver
      .out()
      .flatMap((line) => JSON.parse(line.split(" ").slice(2).join(" ")) as unknown[]);
    expect(taken).toHaveLength(5);

    const wrong = await harness({ url, secret: "not-the-secret" });
    cleanups.push(() => wrong.close());
    wrong.publish(0, 1);
    await vi.waitFor(() => expect(wrong.stats().dropped.fatal).toBe(1), wait);
    expect(wrong.stats().lastError?.message).toMatch(/refused a record: 401/);

    const body = Buffer.from('{"hook":"client.connected"}');
    const post = () => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return fetch(url, {
        method: "POST",
        body,
        headers: {
          "Idempotency-Key": "same-key",
          "X-Exhook-Timestamp": timestamp,
          "X-Exhook-Signature": signBody(secret, timestamp, body),
        },
      });
    };
    expect((await post()).status).toBe(204);
    expect((await post()).status).toBe(204);
    await vi.waitFor(
      () => expect(receiver.out().filter((l) => l.startsWith("took same-key"))).toHaveLength(1),
      wait,
    );
  });
});
