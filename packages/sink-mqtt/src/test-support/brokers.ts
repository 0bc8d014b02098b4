// Test-only: real MQTT brokers on free loopback ports (aedes in-process, Debian's mosquitto binary), a
// recording subscriber, and a self-signed certificate made with openssl.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { promisify } from "node:util";
import { Aedes } from "aedes";
import { connectAsync, type IClientOptions, type MqttClient } from "mqtt";

export const mosquittoBinary = "/usr/sbin/mosquitto";
export const hasMosquitto = existsSync(mosquittoBinary);
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

export interface TestBroker {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** aedes on 127.0.0.1 (plain TCP, or TLS with the given key and certificate). */
export async function startAedes(tls?: { key: string; cert: string }): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const server: Server =
    tls === undefined
      ? createServer(broker.handle)
      : createTlsServer({ key: tls.key, cert: tls.cert }, broker.handle);
  const sockets = new Set<Socket>();
  server.on(tls === undefined ? "connection" : "secureConnection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `${tls === undefined ? "mqtt" : "mqtts"}://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

export interface Mosquitto extends TestBroker {
  /** SIGTERM (mosquitto saves its persistence file) and wait for the exit. */
  stop(): Promise<void>;
  /** Starts again on the same port with the same persistence. */
  start(): Promise<void>;
}

/** Debian's mosquitto on a free port, anonymous, with persistence (sessions survive a restart). */
export async function startMosquitto(dir: string): Promise<Mosquitto> {
  const port = await freePort();
  const config = join(dir, "mosquitto.conf");
  await writeFile(
    config,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      "persistence true",
      `persistence_location ${dir}/`,
      "max_queued_messages 100000",
      "log_dest none",
      // Ignored unless started as root; as root it keeps mosquitto able to write into the temp dir.
      "user root",
      "",
    ].join("\n"),
  );
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(mosquittoBinary, ["-c", config], { stdio: "ignore" });
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
  await start();
  return { port, url: `mqtt://127.0.0.1:${port}`, start, stop, close: stop };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
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
    if (open) return;
    if (Date.now() - started > 5000) throw new Error(`mosquitto did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Received {
  topic: string;
  payload: string;
  userProperties: Record<string, string | string[]> | undefined;
}

/** An mqtt.js subscriber that records what it receives. */
export async function subscriber(
  url: string,
  filter: string,
  options: IClientOptions = {},
): Promise<{
  client: MqttClient;
  received: Received[];
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}> {
  const client = await connectAsync(url, { reconnectPeriod: 100, ...options });
  const received: Received[] = [];
  client.on("message", (topic, payload, packet) => {
    received.push({
      topic,
      payload: payload.toString("utf8"),
      userProperties: packet.properties?.userProperties,
    });
  });
  await client.subscribeAsync(filter, { qos: 1 });
  const waitFor = async (n: number, timeoutMs = 10_000) => {
    const started = Date.now();
    while (received.length < n) {
      if (Date.now() - started > timeoutMs) throw new Error(`received ${received.length} of ${n}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { client, received, waitFor };
}

/** A self-signed certificate for 127.0.0.1/localhost: `{ key, cert }` PEM texts and the cert's file path. */
export async function selfSigned(dir: string): Promise<{ key: string; cert: string; certPath: string }> {
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
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  const { readFile } = await import("node:fs/promises");
  return { key: await readFile(keyPath, "utf8"), cert: await readFile(certPath, "utf8"), certPath };
}
