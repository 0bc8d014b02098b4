// Test-only: the machine's shared Redis (unique keys per test, removed after), private redis-servers on free
// ports that a test may stop and start, and reading back what the sink wrote.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { EventRecord } from "@exhook/core/sink";
import { createClient, type RedisClientType } from "@redis/client";

export const sharedUrl = process.env["EXHOOK_TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379";
export const redisServerBinary = "/usr/bin/redis-server";
export const hasRedisServer = existsSync(redisServerBinary);

/** A key prefix no other test (or run) uses: `exhook:test:<name>:<random>:`. */
export function uniquePrefix(name: string): string {
  return `exhook:test:${name}:${randomUUID().slice(0, 8)}:`;
}

export const hasOpenssl = await promisify(execFile)("openssl", ["version"]).then(
  () => true,
  () => false,
);

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

// biome-ignore lint/complexity/noBannedTypes: node-redis' own default for "no modules".
export type TestClient = RedisClientType<{}, {}, {}, 2>;

/** A plain client for a test's own reads and setup (reconnects quickly after a private server's restart). */
export async function testClient(url = sharedUrl): Promise<TestClient> {
  const client: TestClient = createClient({
    url,
    RESP: 2,
    maintNotifications: "disabled",
    socket: { reconnectStrategy: () => 50 },
  });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** Removes every key under `prefix` (SCAN, not KEYS: the shared server may be busy). */
export async function removeKeys(client: TestClient, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (keys.length > 0) await client.del(keys);
  }
}

export interface StreamEntry {
  streamId: string;
  fields: Record<string, string>;
}

/** Every entry of a stream, oldest first. */
export async function readStream(client: TestClient, key: string): Promise<StreamEntry[]> {
  const reply = (await client.sendCommand(["XRANGE", key, "-", "+"])) as [string, string[]][];
  return reply.map(([streamId, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
    return { streamId, fields };
  });
}

/** The records of a stream the sink wrote (its `record` field, parsed). */
export async function streamRecords(client: TestClient, key: string): Promise<EventRecord[]> {
  return (await readStream(client, key)).map((e) => JSON.parse(e.fields["record"]!) as EventRecord);
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** Starts again on the same port (and, with `persist`, the same data). */
  start(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing, as a hung server does. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  close(): Promise<void>;
}

/**
 * Debian's redis-server on a free port, bound to 127.0.0.1. `persist`: an append-only file fsynced on every
 * write, so that a restart keeps what was acknowledged; without it (`--save '' --appendonly no`) a restart
 * starts empty.
 */
export async function startRedis(
  dir: string,
  options: { persist?: boolean; tls?: { cert: string; key: string } } = {},
): Promise<PrivateRedis> {
  const port = await freePort();
  const listen = options.tls
    ? [
        "--port",
        "0",
        "--tls-port",
        String(port),
        "--tls-cert-file",
        options.tls.cert,
        "--tls-key-file",
        options.tls.key,
        "--tls-auth-clients",
        "no",
      ]
    : ["--port", String(port)];
  const args = [...listen, "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  args.push(
    ...(options.persist ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]),
  );
  args.push("--logfile", join(dir, "redis.log"));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(redisServerBinary, args, { stdio: "ignore" });
    await waitForPort(port, child);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once("exit", resolve));
    c.kill("SIGTERM");
    await exited;
  };
  const signal = (name: NodeJS.Signals) => {
    if (child !== undefined && child.exitCode === null) child.kill(name);
  };
  const close = async () => {
    signal("SIGCONT");
    await stop();
  };
  await start();
  return {
    port,
    url: `${options.tls ? "rediss" : "redis"}://127.0.0.1:${port}`,
    start,
    stop,
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
    close,
  };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
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
    if (Date.now() - started > 10_000) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A self-signed certificate for localhost and 127.0.0.1, as files. */
export async function selfSigned(dir: string): Promise<{ certPath: string; keyPath: string }> {
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    keyPath,
    "-out",
    certPath,
    "-days",
    "1",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ]);
  return { certPath, keyPath };
}
