// `exhook simulate` (the built binary) against the real @exhook/server and against a server that answers wrongly.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { createGrpcServer, type GrpcServer, unaryRoute } from "@exhook/core/grpc";
import { hookProviders, v3 } from "@exhook/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-support/run-cli.js";

const serverMain = fileURLToPath(new URL("../node_modules/@exhook/server/dist/main.js", import.meta.url));
const denyHandlers = fileURLToPath(
  new URL("../node_modules/@exhook/server/src/test-support/fixtures/deny-handlers.js", import.meta.url),
);

/** The real server, built, on free ports; resolves once its banner names the gRPC URL. */
async function startRealServer(): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "exhook-simulate-"));
  writeFileSync(
    join(dir, "exhook.yaml"),
    [
      "sinks:",
      "  audit: { type: memory }",
      "routes:",
      "  - { hooks: [client.connected, message.publish, message.delivered], sinks: [audit] }",
      `handlers: ${JSON.stringify(denyHandlers)}`,
    ].join("\n"),
  );
  const child = spawn(process.execPath, [serverMain, "--config", "exhook.yaml"], {
    cwd: dir,
    env: { PATH: process.env["PATH"] ?? "", EXHOOK_PORT: "0", EXHOOK_ADMIN_PORT: "0", NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.on("exit", (code) => reject(new Error(`server exited ${code}:\n${output}`)));
  });
  return { url, child, dir };
}

const valued = (init: Parameters<typeof create<typeof v3.ValuedResponseSchema>>[1]) =>
  toBinary(v3.ValuedResponseSchema, create(v3.ValuedResponseSchema, init));

/** A v3 provider that answers each hook in a shape EMQX cannot use. */
async function startWrongServer(): Promise<{ url: string; server: GrpcServer }> {
  const methods = hookProviders.v3.methods;
  const method = (name: string) => methods.find((m) => m.name === name)!;
  const { ValuedResponse_ResponsedType: Type } = v3;
  const server = createGrpcServer({
    onError: () => {},
    routes: [
      unaryRoute(method("OnProviderLoaded"), () =>
        create(v3.LoadedResponseSchema, {
          hooks: [
            { name: "client.authenticate" },
            { name: "client.authorize" },
            { name: "client.connected" },
            { name: "message.publish" },
          ],
        }),
      ),
      unaryRoute(method("OnProviderUnloaded"), () => new Uint8Array(0)),
      // Zero bytes decode as CONTINUE with no value: EMQX ignores it.
      unaryRoute(method("OnClientAuthenticate"), () => new Uint8Array(0)),
      // A type number outside ResponsedType.
      unaryRoute(method("OnClientAuthorize"), () => valued({ type: 7 as v3.ValuedResponse_ResponsedType })),
      // A ValuedResponse where EmptySuccess belongs: field 1 is unknown to EmptySuccess.
      unaryRoute(method("OnClientConnected"), () => valued({ type: Type.IGNORE })),
      // A bool where publish needs the message.
      unaryRoute(method("OnMessagePublish"), () =>
        valued({ type: Type.STOP_AND_RETURN, value: { case: "boolResult", value: true } }),
      ),
    ],
  });
  const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
  return { url: `http://127.0.0.1:${port}`, server };
}

describe("exhook simulate against the real server", () => {
  let real: { url: string; child: ChildProcess; dir: string };
  beforeAll(async () => {
    real = await startRealServer();
  }, 30_000);
  afterAll(() => {
    real?.child.kill("SIGKILL");
    if (real !== undefined) rmSync(real.dir, { recursive: true, force: true });
  });

  it.each(["v1", "v2", "v3"] as const)(
    "passes on %s: every hook the server asked for, in the broker's order",
    async (protocol) => {
      const result = await runCli("exhook", [
        "simulate",
        "--url",
        real.url,
        "--protocol",
        protocol,
        "--sessions",
        "6",
        "--concurrency",
        "3",
      ]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const authorize = protocol === "v1" ? "client.check_acl" : "client.authorize";
      expect(result.stdout).toContain(`exhook simulate: ${real.url}, protocol ${protocol}`);
      for (const hook of [
        "provider.loaded",
        "client.connected",
        authorize,
        "message.publish",
        "message.delivered",
      ]) {
        expect(result.stdout).toMatch(new RegExp(`^${hook.replace(".", "\\.")}\\s+\\d+\\s+0\\s`, "m"));
      }
      expect(result.stdout).toMatch(/^message\.publish\s+12\s+0\s/m);
      expect(result.stdout).toContain("sessions: 6 played, 6 connected");
      expect(result.stdout).toMatch(/^PASS: \d+ calls, every answer well-formed/m);
      // Off a terminal, a run shorter than the progress interval prints no progress at all.
      expect(result.stderr).toBe("");
    },
  );

  it("reports JSON with --json", async () => {
    const result = await runCli("exhook", ["simulate", "--url", real.url, "--sessions", "2", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      passed: boolean;
      protocol: string;
      hooks: { hook: string }[];
    };
    expect(report).toMatchObject({ passed: true, protocol: "v2" });
    expect(report.hooks.map((h) => h.hook)).toEqual([
      "provider.loaded",
      "client.connected",
      "client.authorize",
      "message.publish",
      "message.delivered",
      "provider.unloaded",
    ]);
  });
});

describe("exhook simulate against a server that answers wrongly", () => {
  let wrong: { url: string; server: GrpcServer };
  beforeAll(async () => {
    wrong = await startWrongServer();
  });
  afterAll(() => wrong?.server.close({ deadlineMs: 500 }));

  it("fails with exit 1 and names each wrong answer", async () => {
    const result = await runCli("exhook", [
      "simulate",
      "--url",
      wrong.url,
      "--protocol",
      "v3",
      "--sessions",
      "2",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL: \d+ of \d+ calls failed or answered wrongly/m);
    expect(result.stdout).toMatch(
      /client\.authenticate OnClientAuthenticate .*CONTINUE without a bool_result/,
    );
    expect(result.stdout).toMatch(/client\.authorize OnClientAuthorize .*type 7 is no ResponsedType/);
    expect(result.stdout).toMatch(
      /client\.connected OnClientConnected .*field\(s\) 1 that .*EmptySuccess does not define/,
    );
    expect(result.stdout).toMatch(/message\.publish OnMessagePublish .*STOP_AND_RETURN without a message/);
  });

  it("fails when nothing answers at the URL", async () => {
    const closed = createGrpcServer({ routes: [] });
    const { port } = await closed.listen({ port: 0, host: "127.0.0.1" });
    await closed.close({ deadlineMs: 100 });
    const result = await runCli("exhook", [
      "simulate",
      "--url",
      `http://127.0.0.1:${port}`,
      "--timeout",
      "2000",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/provider\.loaded OnProviderLoaded: UNAVAILABLE: /);
  });

  it("refuses bad arguments with a clear message", async () => {
    expect(await runCli("exhook", ["simulate"])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--url/),
    });
    const protocol = await runCli("exhook", ["simulate", "--url", wrong.url, "--protocol", "v9"]);
    expect(protocol.stderr).toContain('--protocol must be v1, v2 or v3, not "v9"');
    const sessions = await runCli("exhook", ["simulate", "--url", wrong.url, "--sessions", "0"]);
    expect(sessions.stderr).toContain("--sessions must be a whole number");
  });
});
