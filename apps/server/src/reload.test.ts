// Hot reload of the real server process: SIGHUP and the admin Reload call re-read the config with the
// broker's connection open (one HTTP/2 session throughout, the same pid), refuse a broken config whole, and
// keep a sink's queue across a reload that does not change it.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { type ClientHttp2Session, connect } from "node:http2";
import { createServer } from "node:net";
import { join } from "node:path";
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import type { GenMessage } from "@bufbuild/protobuf/codegenv2";
import { ConnectError } from "@connectrpc/connect";
import { v2 } from "@exhook/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { adminClient } from "./test-support/admin-client.js";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

/**
 * One HTTP/2 session to the server, kept for the whole test: it cannot reconnect on its own, so calls that
 * keep working on it prove the connection stayed open. Counts GOAWAYs and closes.
 */
class OneChannel {
  readonly session: ClientHttp2Session;
  goaways = 0;
  closed = false;

  constructor(url: string) {
    this.session = connect(url);
    this.session.on("goaway", () => this.goaways++);
    this.session.on("close", () => {
      this.closed = true;
    });
    this.session.on("error", () => {});
  }

  async call<I extends GenMessage<never>, O extends GenMessage<never>>(
    rpc: string,
    input: I,
    init: MessageInitShape<I>,
    output: O,
  ) {
    const body = toBinary(input, create(input, init));
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1);
    frame.set(body, 5);
    const stream = this.session.request({
      ":method": "POST",
      ":path": `/emqx.exhook.v2.HookProvider/${rpc}`,
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.end(frame);
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    const status = await new Promise<string>((resolve, reject) => {
      stream.on("trailers", (trailers) => resolve(String(trailers["grpc-status"])));
      stream.on("error", reject);
    });
    expect(status).toBe("0");
    return fromBinary(output, Buffer.concat(chunks).subarray(5));
  }

  /** true/false when the server decided, undefined when it passed (IGNORE). */
  async authorize(topic: string): Promise<boolean | undefined> {
    const answer = await this.call(
      "OnClientAuthorize",
      v2.ClientAuthorizeRequestSchema as never,
      {
        clientinfo: { node: "emqx@127.0.0.1", clientid: "c1", username: "u1" },
        type: v2.ClientAuthorizeRequest_AuthorizeReqType.PUBLISH,
        topic,
        result: false,
        meta: { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" },
      } as never,
      v2.ValuedResponseSchema as never,
    );
    const valued = answer as unknown as v2.ValuedResponse;
    if (valued.type === v2.ValuedResponse_ResponsedType.IGNORE) return undefined;
    return valued.value.case === "boolResult" ? valued.value.value : undefined;
  }

  async connected(clientid: string): Promise<void> {
    await this.call(
      "OnClientConnected",
      v2.ClientConnectedRequestSchema as never,
      {
        clientinfo: { node: "emqx@127.0.0.1", clientid, username: "u1" },
        meta: { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" },
      } as never,
      v2.EmptySuccessSchema as never,
    );
  }

  close(): void {
    this.session.close();
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(files: Record<string, string>): Promise<{ server: ServerProcess; dir: string }> {
  const dir = tempDir(files);
  const server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
  cleanups.push(() => server.stop("SIGKILL"));
  return { server, dir };
}

function channel(server: ServerProcess): OneChannel {
  const c = new OneChannel(server.url);
  cleanups.push(() => c.close());
  return c;
}

const logged = (server: ServerProcess, msg: string) =>
  server.logs().filter((l) => String(l["msg"]).startsWith(msg));

async function sighup(server: ServerProcess, outcome: "config reloaded" | "config reload refused", n = 1) {
  server.child.kill("SIGHUP");
  await vi.waitFor(() => expect(logged(server, outcome).length).toBe(n), { timeout: 60_000, interval: 50 });
}

const acl = (topics: string) =>
  `log: { banner: false }\nacl:\n  default: deny\n  rules:\n    - { permission: allow, action: publish, topics: [${topics}] }\n`;

describe("reload", { timeout: 120_000 }, () => {
  it("SIGHUP applies an ACL change on the open connection, same pid, no GOAWAY", async () => {
    const { server, dir } = await start({ "exhook.yaml": acl('"a/#"') });
    const broker = channel(server);
    expect(await broker.authorize("a/1")).toBe(true);
    expect(await broker.authorize("b/1")).toBe(false);

    writeFileSync(join(dir, "exhook.yaml"), acl('"b/#"'));
    await sighup(server, "config reloaded");
    expect(await broker.authorize("a/1")).toBe(false);
    expect(await broker.authorize("b/1")).toBe(true);
    expect(broker.goaways).toBe(0);
    expect(broker.closed).toBe(false);
    expect(server.child.exitCode).toBeNull();
    expect(logged(server, "config reloaded")[0]?.["pid"]).toBe(server.child.pid);
  });

  it("refuses a broken config whole, with start's errors at their keys; the old rules keep answering", async () => {
    const { server, dir } = await start({ "exhook.yaml": acl('"a/#"') });
    const broker = channel(server);
    expect(await broker.authorize("a/1")).toBe(true);

    writeFileSync(
      join(dir, "exhook.yaml"),
      acl('"b/#"')
        .replace("default: deny", "default: maybe")
        .replace("permission: allow", "permission: perhaps"),
    );
    await sighup(server, "config reload refused");
    const problems = logged(server, "config reload refused")[0]?.["problems"] as string[];
    expect(problems).toEqual([
      expect.stringMatching(/^acl\.default: /),
      expect.stringMatching(/^acl\.rules\[0\]\.permission: /),
    ]);
    expect(await broker.authorize("a/1")).toBe(true);
    expect(await broker.authorize("b/1")).toBe(false);

    // The admin Reload call answers the same problems; the counters and /metrics count both refusals.
    const admin = adminClient(server.adminUrl!);
    const error = await admin.reload({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).rawMessage).toMatch(/^acl\.default: .*\nacl\.rules\[0\]\.permission: /s);
    const stats = (await admin.getStats({})).stats as { reloads: Record<string, unknown> };
    expect(stats.reloads).toMatchObject({ ok: 0, refused: 2, lastOutcome: "refused" });
    const metrics = await (await fetch(`${server.adminUrl}/metrics`)).text();
    expect(metrics).toContain('exhook_config_reloads_total{outcome="refused"} 2');
    expect(metrics).toContain("exhook_config_last_reload_successful 0");

    // Fixed, it applies; the connection was never dropped.
    writeFileSync(join(dir, "exhook.yaml"), acl('"b/#"'));
    const answer = await admin.reload({});
    expect(answer.offerChanged).toBe(false);
    expect(await broker.authorize("b/1")).toBe(true);
    expect(broker.goaways).toBe(0);
  });

  it("loads the handlers module's new version and says when the offered hooks change", async () => {
    const handlers = (topic: string) =>
      `export function authorize(event) { return event.topic.startsWith("${topic}") ? { kind: "stop", value: false } : undefined; }\n`;
    const { server, dir } = await start({
      "exhook.yaml": "log: { banner: false }\nhandlers: ./handlers.js\n",
      "handlers.js": handlers("x/"),
    });
    const broker = channel(server);
    expect(await broker.authorize("x/1")).toBe(false);
    writeFileSync(join(dir, "handlers.js"), handlers("y/"));
    const admin = adminClient(server.adminUrl!);
    expect((await admin.reload({})).offerChanged).toBe(false);
    expect(await broker.authorize("x/1")).toBeUndefined();
    expect(await broker.authorize("y/1")).toBe(false);

    // A handler on a hook the broker was not offered: applied, and the broker must load the provider again.
    writeFileSync(join(dir, "handlers.js"), `${handlers("y/")}export function clientConnected() {}\n`);
    const answer = await admin.reload({});
    expect(answer.offerChanged).toBe(true);
    expect(answer.warnings.join("\n")).toMatch(
      /PUT \/api\/v5\/exhooks\/\{name\}.*emqx_ctl exhook server disable/s,
    );

    // A module that does not load is refused, and the one loaded before keeps answering.
    writeFileSync(join(dir, "handlers.js"), "export function authorize( {\n");
    const error = await admin.reload({}).catch((e: unknown) => e);
    expect((error as ConnectError).rawMessage).toMatch(/^handlers: .*syntax error/);
    expect(await broker.authorize("y/1")).toBe(false);
  });

  it("keeps an unchanged sink's queue across a reload and delivers it once its broker is up", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const config = (extra: string) =>
      [
        "log: { banner: false }",
        "sinks:",
        `  bridge: { type: mqtt, server: "mqtt://127.0.0.1:${port}", topic: "events/\${clientid}" }`,
        extra,
        "routes:",
        "  - { hooks: [client.connected], sinks: [bridge] }",
      ].join("\n");
    const { server, dir } = await start({ "exhook.yaml": config("") });
    const broker = channel(server);
    const admin = adminClient(server.adminUrl!);
    const bridge = async () => (await admin.getStats({ driver: "bridge" })).stats as Record<string, number>;
    for (let i = 0; i < 5; i++) await broker.connected(`c${i}`);
    await vi.waitFor(async () => expect((await bridge())["recordsIn"]).toBe(5), { timeout: 30_000 });

    writeFileSync(join(dir, "exhook.yaml"), config("  audit: { type: memory }"));
    const answer = await admin.reload({});
    expect(answer.changes).toEqual(["sink audit added"]);
    const kept = await bridge();
    expect(kept).toMatchObject({ recordsIn: 5, recordsOut: 0 });
    expect(Object.values(kept["dropped"] as unknown as Record<string, number>).every((n) => n === 0)).toBe(
      true,
    );

    const mosquitto: ChildProcess = spawn("mosquitto", ["-p", String(port)], { stdio: "ignore" });
    cleanups.push(() => mosquitto.kill("SIGTERM"));
    await vi.waitFor(async () => expect((await bridge())["recordsOut"]).toBe(5), {
      timeout: 60_000,
      interval: 200,
    });
  });
});
