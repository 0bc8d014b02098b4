// Test-only: private nats-servers (Debian's binary, JetStream on, a free port, a temp store dir) and a reader
// that reads a stream back, message by message.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JetStreamApiError, jetstreamManager, type StoredMsg } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";

export const natsServerBinary = "/usr/sbin/nats-server";
export const hasNatsServer = existsSync(natsServerBinary);
/** The machine's shared NATS with JetStream (tests use streams and subjects with a random suffix). */
export const sharedNats = "nats://127.0.0.1:4222";

export function suffix(): string {
  return randomBytes(4).toString("hex");
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface PrivateNats {
  port: number;
  url: string;
  /** SIGTERM, or SIGKILL with `kill: true`; resolves once the process is gone. */
  stop(options?: { kill?: boolean }): Promise<void>;
  /** Starts again on the same port with the same store dir. */
  start(): Promise<void>;
}

/** `nats-server -js -p <free> -sd <storeDir>` plus any `args` (`--user u --pass p`, TLS flags). */
export async function startNats(storeDir: string, args: readonly string[] = []): Promise<PrivateNats> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      natsServerBinary,
      ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir, ...args],
      { stdio: "ignore" },
    );
    await waitForPort(port, child);
  };
  const stop = async (options: { kill?: boolean } = {}) => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once("exit", resolve));
    c.kill(options.kill === true ? "SIGKILL" : "SIGTERM");
    await exited;
  };
  await start();
  return { port, url: `nats://127.0.0.1:${port}`, start, stop };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
      s.connect(port, "127.0.0.1");
    });
    if (open) return;
    if (Date.now() - started > 30_000) throw new Error(`nats-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface ReadMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  headers: Record<string, string>;
  data: string;
}

/**
 * Reads a stream from its first message, fetching only what is new on each `read()`; it reconnects by itself
 * (nats.js) across a server restart. `close()` when done.
 */
export async function streamReader(
  url: string,
  stream: string,
): Promise<{ read(): Promise<ReadMessage[]>; delete(): Promise<void>; close(): Promise<void> }> {
  const nc: NatsConnection = await connect({
    servers: url,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
  });
  const jsm = await jetstreamManager(nc, { timeout: 1000 });
  const seen: ReadMessage[] = [];
  let next = 1;
  return {
    async read() {
      let last: number;
      try {
        last = (await jsm.streams.info(stream)).state.last_seq;
      } catch (error) {
        if (error instanceof JetStreamApiError) return seen; // not created yet
        throw error;
      }
      for (; next <= last; next++) {
        const m: StoredMsg | null = await jsm.streams.getMessage(stream, { seq: next });
        if (m === null) continue; // deleted
        const headers: Record<string, string> = {};
        for (const [key, values] of m.header ?? []) headers[key] = values.join(",");
        seen.push({
          seq: m.seq,
          subject: m.subject,
          msgId: m.header?.get("Nats-Msg-Id") || undefined,
          headers,
          data: m.string(),
        });
      }
      return seen;
    },
    async delete() {
      await jsm.streams.delete(stream).catch(() => {});
    },
    close: () => nc.close(),
  };
}
