// A port that is taken stops the real server with exit status 1, naming the port and what sets it.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processDeadlineMs, runToExit, tempDir } from "./test-support/server-process.js";

let holder: Server;
let taken: number;

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  taken = (holder.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

const perProcess = { timeout: processDeadlineMs + 10_000 };

describe("a port in use", () => {
  it("names EXHOOK_PORT when the variable set it", perProcess, async () => {
    const result = await runToExit({ env: { EXHOOK_HOST: "127.0.0.1", EXHOOK_PORT: String(taken) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `exhook server failed to start: the gRPC port ${taken} (EXHOOK_PORT=${taken}) is in use on 127.0.0.1`,
    );
    expect(result.stderr).toContain("set EXHOOK_PORT to a free port");
  });

  it("names server.port, and the variable that overrides it, when the file set it", perProcess, async () => {
    const dir = tempDir({ "exhook.yaml": `server: { host: 127.0.0.1, port: ${taken} }\n` });
    const result = await runToExit({ args: ["-c", "exhook.yaml"], cwd: dir, env: { EXHOOK_PORT: "" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the gRPC port ${taken} (server.port) is in use on 127.0.0.1`);
    expect(result.stderr).toContain("set server.port in the config, or EXHOOK_PORT, to a free port");
  });

  it("names admin.port or EXHOOK_ADMIN_PORT for the admin port", perProcess, async () => {
    const dir = tempDir({ "exhook.yaml": `admin: { port: ${taken} }\n` });
    const fromFile = await runToExit({
      args: ["-c", "exhook.yaml"],
      cwd: dir,
      env: { EXHOOK_ADMIN_PORT: "" },
    });
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(`the admin port ${taken} (admin.port) is in use on 127.0.0.1`);
    expect(fromFile.stderr).toContain("set admin.port in the config, or EXHOOK_ADMIN_PORT, to a free port");
    expect(fromFile.stderr).toContain("admin: false");

    const fromEnv = await runToExit({ env: { EXHOOK_ADMIN_PORT: String(taken) } });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain(`the admin port ${taken} (EXHOOK_ADMIN_PORT=${taken}) is in use`);
  });
});
