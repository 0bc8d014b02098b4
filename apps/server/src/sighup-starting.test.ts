// A SIGHUP that arrives while the server is still starting (here: while its handlers module registers) must
// not kill it: SIGHUP's default action ends a process. The server starts and then reloads the config once.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

const handlersModule = `
import { existsSync, writeFileSync } from "node:fs";
// Holds the start until the test says go, so the test can signal a process that is still starting.
export async function register() {
  writeFileSync(new URL("./registering", import.meta.url), String(process.pid));
  while (!existsSync(new URL("./go", import.meta.url))) await new Promise((r) => setTimeout(r, 20));
}
`;

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop("SIGKILL");
  server = undefined;
});

describe("SIGHUP while starting", { timeout: 120_000 }, () => {
  it("is not fatal: the server starts, then reloads the config", async () => {
    const dir = tempDir({
      "exhook.yaml": "log: { banner: false }\nhandlers: ./handlers.mjs\n",
      "handlers.mjs": handlersModule,
    });
    const starting = startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
    const marker = join(dir, "registering");
    await vi.waitFor(() => expect(existsSync(marker)).toBe(true), { timeout: 60_000, interval: 20 });
    process.kill(Number(readFileSync(marker, "utf8")), "SIGHUP");
    writeFileSync(join(dir, "go"), "");
    server = await starting;
    // The deferred reload ran and ended (its outcome is reload.test.ts's subject, not this test's).
    const messages = () => server!.logs().map((l) => String(l["msg"]));
    await vi.waitFor(
      () => {
        expect(messages()).toContain("reloading the config");
        expect(messages().some((m) => m.startsWith("config reload"))).toBe(true);
      },
      { timeout: 60_000, interval: 50 },
    );
    expect(server.child.exitCode).toBeNull();
  });
});
