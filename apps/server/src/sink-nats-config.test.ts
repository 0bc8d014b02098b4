// `type: nats` in the server's config: the NATS sink's props are checked by the sink at --check, every
// problem with its key path, a credential in a server URL refused without being echoed.
import { describe, expect, it } from "vitest";
import { processDeadlineMs, runToExit, tempDir } from "./test-support/server-process.js";

describe("a nats sink in the config file", () => {
  it("is checked by the sink: every problem with its key path", {
    timeout: processDeadlineMs + 10_000,
  }, async () => {
    const dir = tempDir({
      "exhook.yaml": [
        "sinks:",
        "  events:",
        "    type: nats",
        "    servers: nats://exhook:hunter2@127.0.0.1:4222",
        "    subject: '${hook}.${clientid}'",
        "    createStream: true",
        "    mode: jetstream",
        "routes:",
        "  - { hooks: [message.publish], sinks: [events] }",
      ].join("\n"),
    });
    const { code, stderr } = await runToExit({ args: ["--check", "--config", "exhook.yaml"], cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/sinks\.events\.servers: cannot carry credentials/);
    expect(stderr).toMatch(/sinks\.events\.stream: is required with createStream/);
    expect(stderr).toMatch(/sinks\.events\.streamSubjects: is required with createStream/);
    expect(stderr).not.toContain("hunter2");
  });
});
