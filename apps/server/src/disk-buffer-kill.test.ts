// At-least-once across `kill -9` (issue 11): the real server process bridges message.publish to an MQTT broker
// that is down, with `buffer: disk`; hundreds of hook calls are answered; the server is killed with SIGKILL;
// the broker and the server start again, and every answered event arrives at the broker, in order per client.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { join } from "node:path";
import { createFakeBroker } from "@exhook/testkit";
import { connectAsync } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

const mosquittoBinary = "/usr/sbin/mosquitto";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A private mosquitto (never the shared one on 1883): it must be down while the server buffers. */
async function startMosquitto(dir: string, port: number): Promise<ChildProcess> {
  const config = join(dir, "mosquitto.conf");
  writeFileSync(
    config,
    [`listener ${port} 127.0.0.1`, "allow_anonymous true", "log_dest none", "user root", ""].join("\n"),
  );
  const child = spawn(mosquittoBinary, ["-c", config], { stdio: "ignore" });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
      s.connect(port, "127.0.0.1");
    });
    if (open) return child;
    if (Date.now() - started > 30_000) throw new Error(`mosquitto did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const clients = ["dev-a", "dev-b", "dev-c"];
const perClient = 100;

describe.skipIf(!existsSync(mosquittoBinary))("buffer: disk across kill -9 of the server", () => {
  it("delivers every answered event after the server was killed while the MQTT target was down", async () => {
    const dir = tempDir();
    const port = await freePort();
    const bufferDir = join(dir, "buffer");
    writeFileSync(
      join(dir, "exhook.yaml"),
      [
        "server: { host: 127.0.0.1 }",
        "admin: { enabled: false }",
        "sinks:",
        "  bridge:",
        "    type: mqtt",
        `    server: mqtt://127.0.0.1:${port}`,
        "    topic: bridge/${clientid}",
        "    payload: ${payload}",
        "    qos: 1",
        "    reconnectPeriodMs: 100",
        `    options: { buffer: disk, bufferDir: ${bufferDir}, batchSize: 10, retry: { initialMs: 20, maxMs: 200 } }`,
        "routes:",
        "  - { hooks: message.publish, sinks: bridge }",
        "",
      ].join("\n"),
    );
    const start = async (): Promise<ServerProcess> => {
      const server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
      cleanups.push(() => server.stop("SIGKILL"));
      return server;
    };

    // 1. The broker is down (nothing listens on its port); every hook call is answered all the same.
    const first = await start();
    const broker = createFakeBroker({ url: first.url, version: "v3" });
    await broker.load();
    for (const clientid of clients) {
      const client = broker.client({ clientid, username: clientid });
      await client.connect();
      for (let i = 0; i < perClient; i++) {
        expect((await client.publish("t/1", `${clientid}:${i}`, { qos: 1 })).allowed).toBe(true);
      }
    }
    broker.close();
    expect(readdirSync(bufferDir).some((f) => f.endsWith(".seg"))).toBe(true);

    // 2. kill -9: no shutdown, no flush, nothing of the process runs.
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe(null);

    // 3. The broker comes up, a subscriber listens, and the server starts again on the same buffer.
    const mosquitto = await startMosquitto(dir, port);
    cleanups.push(() => mosquitto.kill("SIGKILL"));
    const sub = await connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 100 });
    cleanups.push(() => sub.endAsync(true));
    const received: string[] = [];
    sub.on("message", (_topic, payload) => received.push(payload.toString("utf8")));
    await sub.subscribeAsync("bridge/#", { qos: 1 });
    const second = await start();
    const replay = second
      .logs()
      .find((l) => typeof l["msg"] === "string" && l["msg"].includes("from before"));
    expect(replay?.["records"]).toBe(clients.length * perClient);

    const started = Date.now();
    while (new Set(received).size < clients.length * perClient) {
      if (Date.now() - started > 60_000) throw new Error(`received ${new Set(received).size} distinct`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Every answered event arrived; duplicates are allowed (at-least-once), gaps and reordering are not.
    for (const clientid of clients) {
      const mine = received.filter((p) => p.startsWith(`${clientid}:`));
      const firstSeen = [...new Set(mine)];
      expect(firstSeen).toEqual(Array.from({ length: perClient }, (_, i) => `${clientid}:${i}`));
    }
  });
});
