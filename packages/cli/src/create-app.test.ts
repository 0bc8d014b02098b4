// A newcomer's path from a clone, for every template and sink choice: `pnpm create-app` (this clone's packages,
// packed), `npm install`, `npm test`, `npm start`, a real gRPC client against the started server, SIGTERM.
// Affordable on two cores: one real `npm install` per template, of the project with every sink; the projects
// with fewer sinks (their package.json a subset of it) share its node_modules. The two templates run side by side.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFakeBroker } from "@exhook/testkit";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { binPath } from "./test-support/run-cli.js";

// The `exhook` CLI ships in @exhook/cli (a dev dependency here): the scaffolded app's admin port must answer it.
const exhookBin = fileURLToPath(new URL("../node_modules/@exhook/cli/dist/exhook.js", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const packsDir = join(repoRoot, ".packs");
const mqttUrl = "mqtt://127.0.0.1:1883";
const everySink = ["log", "memory", "mqtt"];
const sinkChoices: readonly string[][] = [[], ["log"], ["memory"], ["mqtt"], everySink];
const minutes = 60_000;

const templates = ["ts", "js"];
const projectName = (template: string, sinks: readonly string[]) =>
  `${template}-${sinks.length === 0 ? "none" : sinks.join("-")}`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "create-app-"));
  // The project with every sink comes through the clone's front door (one at a time: each run repacks).
  for (const template of templates) {
    const created = await exec(
      "pnpm",
      [
        "create-app",
        join(root, projectName(template, everySink)),
        "--template",
        template,
        "--sinks",
        everySink.join(","),
        "--yes",
      ],
      repoRoot,
      userEnv({ CREATE_APP_NO_BUILD: "1" }),
    );
    expect(created.code, created.output).toBe(0);
  }
}, 5 * minutes);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The environment of a user's shell: none of pnpm's, npm's or vitest's variables, no workspace bins. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|VITEST|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|TEST$)/i.test(key)) continue;
    env[key] = value;
  }
  env["PATH"] = (process.env["PATH"] ?? "")
    .split(":")
    .filter((dir) => !dir.includes("node_modules"))
    .join(":");
  return { ...env, NO_COLOR: "1", ...extra };
}

interface Finished {
  code: number | null;
  output: string;
}

function exec(command: string, args: readonly string[], cwd: string, env = userEnv()): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** `npm start`, as a shell would run it: in a process group of its own, so that a signal reaches node too. */
class Started {
  output = "";
  readonly #child: ChildProcess;
  readonly closed: Promise<void>;

  constructor(cwd: string) {
    this.#child = spawn("npm", ["start"], {
      cwd,
      env: userEnv({ EXHOOK_PORT: "0", EXHOOK_ADMIN_PORT: "0" }),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.#child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    // "close": every process of the group holding the pipes has exited, node included.
    this.closed = new Promise((resolve) => this.#child.on("close", () => resolve()));
  }

  /** What a terminal's Ctrl-C or a supervisor's stop does: the signal to the whole process group. */
  signal(signal: NodeJS.Signals): void {
    if (this.#child.pid !== undefined && this.#child.exitCode === null)
      process.kill(-this.#child.pid, signal);
  }
}

/** The JSON lines of the server's output whose `hook` and `clientid` are those given. */
function logRecords(output: string, hook: string, clientid: string): unknown[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line["hook"] === hook && line["clientid"] === clientid);
}

async function checkProject(label: string, dir: string, sinks: readonly string[]): Promise<void> {
  const tested = await exec("npm", ["test"], dir);
  expect(tested.code, `${label}: npm test\n${tested.output}`).toBe(0);
  expect(tested.output, label).toMatch(/Tests\s+4 passed/);

  // The MQTT sink's records, as a subscriber of the outside broker sees them.
  const clientid = `newcomer-${randomUUID().slice(0, 8)}`;
  const mqttRecords: Record<string, unknown>[] = [];
  const subscriber = sinks.includes("mqtt") ? await mqtt.connectAsync(mqttUrl) : undefined;
  await subscriber?.subscribeAsync(`exhook/+/${clientid}`, { qos: 1 });
  subscriber?.on("message", (_topic, payload) => mqttRecords.push(JSON.parse(payload.toString())));

  const server = new Started(dir);
  try {
    // `npm start` compiles the TypeScript template first: minutes on a loaded machine, not seconds.
    const [url, adminUrl] = await vi.waitFor(
      () => {
        const grpc = /exhook listening on (http:\/\/\S+)/.exec(server.output)?.[1];
        const admin = /admin API, \/metrics and probes on (http:\/\/\S+)/.exec(server.output)?.[1];
        if (grpc === undefined || admin === undefined) {
          throw new Error(`${label}: not listening yet:\n${server.output}`);
        }
        return [grpc, admin];
      },
      { timeout: 3 * minutes, interval: 200 },
    );

    const broker = createFakeBroker({ url, version: "v2" });
    try {
      const loaded = await broker.load();
      const offered = loaded.hooks.map((hook) => hook.name);
      expect(offered, label).toContain("client.authenticate");
      if (sinks.length > 0) expect(offered, label).toContain("client.connected");
      const admin = broker.client({ clientid, username: "admin", authResult: false });
      expect((await admin.connect()).authenticated, label).toBe(true);
      expect((await admin.publish("sensors/room1", "21.5")).message.topic, label).toBe("readings/room1");
    } finally {
      await broker.close();
    }

    // The admin port: probes, the metrics of the calls just made, and the exhook CLI listing the drivers.
    expect((await fetch(`${adminUrl}/readyz`)).status, label).toBe(200);
    const metrics = await (await fetch(`${adminUrl}/metrics`)).text();
    expect(metrics, label).toContain('exhook_hook_calls_total{hook="client.authenticate",outcome="ok"} 1');
    const drivers = await exec(
      process.execPath,
      [exhookBin, "drivers", "--admin", `${adminUrl}`, "--json"],
      dir,
    );
    expect(drivers.code, `${label}: exhook drivers\n${drivers.output}`).toBe(0);
    const listed = (JSON.parse(drivers.output) as { name: string }[]).map((d) => d.name);
    expect(listed, label).toEqual(["default", ...sinks]);

    // What the project's README promises: connections, and the messages published on sensors/#.
    const connected = { hook: "client.connected", clientid };
    const published = {
      hook: "message.publish",
      clientid,
      publishedTopic: "sensors/room1",
      topic: "readings/room1",
    };
    if (sinks.includes("log")) {
      await vi.waitFor(
        () => {
          expect(logRecords(server.output, "client.connected", clientid)).toEqual([
            expect.objectContaining(connected),
          ]);
          expect(logRecords(server.output, "message.publish", clientid)).toEqual([
            expect.objectContaining(published),
          ]);
        },
        { timeout: 30_000 },
      );
    }
    if (subscriber !== undefined) {
      await vi.waitFor(() => expect(mqttRecords).toHaveLength(2), { timeout: 30_000 });
      expect(mqttRecords, label).toEqual(
        expect.arrayContaining([expect.objectContaining(connected), expect.objectContaining(published)]),
      );
    }
  } finally {
    server.signal("SIGTERM");
    await server.closed;
    await subscriber?.endAsync();
  }
  expect(server.output, `${label}: npm start\n${server.output}`).toContain("exhook closed");
  expect(server.output, label).not.toMatch(/Error:|error TS\d/);
}

describe("a project made by pnpm create-app, as its user runs it", () => {
  it.concurrent.each(templates)(
    "the %s template, with each sink and without: installs, passes its test, starts, answers, stops",
    async (template) => {
      const fullDir = join(root, projectName(template, everySink));
      const installed = await exec("npm", ["install", "--no-audit", "--no-fund"], fullDir);
      expect(installed.code, `npm install\n${installed.output}`).toBe(0);

      for (const sinks of sinkChoices) {
        const dir = join(root, projectName(template, sinks));
        if (dir !== fullDir) {
          // The same create-exhook and tarballs create-app used, with fewer sinks.
          const args = [
            "--template",
            template,
            "--sinks",
            sinks.join(","),
            "--yes",
            "--local-packages",
            packsDir,
          ];
          const made = await exec(process.execPath, [binPath("create"), dir, ...args], root);
          expect(made.code, made.output).toBe(0);
          await symlink(join(fullDir, "node_modules"), join(dir, "node_modules"), "dir");
        }
        await checkProject(projectName(template, sinks), dir, sinks);
      }
    },
    20 * minutes,
  );
});
