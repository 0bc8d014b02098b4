// Bad configs stop the real server at start with exit status 2 and the key path of the problem.
import { describe, expect, it } from "vitest";
import { runToExit, tempDir } from "./test-support/server-process.js";

interface Case {
  name: string;
  file?: string;
  env?: Record<string, string>;
  expected: RegExp;
}

const cases: Case[] = [
  {
    name: "bad YAML",
    file: "server:\n  port: [9000\n",
    expected: /config error: .*not valid YAML\/JSON \(line \d+, column \d+\)/,
  },
  {
    name: "an unknown top-level key",
    file: "sever:\n  port: 9000\n",
    expected: /config error: sever: unknown key \(known: server, admin/,
  },
  {
    name: "an unknown key in a section",
    file: "server:\n  prot: 1\n",
    expected: /config error: server\.prot: unknown key/,
  },
  {
    name: "a bad port",
    file: "server:\n  port: 70000\n",
    // The harness sets EXHOOK_PORT=0, which would win over the file.
    env: { EXHOOK_PORT: "" },
    expected: /config error: server\.port: must be a port number from 0 to 65535/,
  },
  {
    name: "a bad port from the environment",
    env: { EXHOOK_PORT: "nine" },
    expected: /config error: server\.port \(from EXHOOK_PORT\): must be a port number/,
  },
  {
    name: "an unknown sink type, with the package to install",
    file: "sinks:\n  bus:\n    type: kafka\n",
    expected:
      /config error: sinks\.bus\.type: the sink package @exhook\/sink-kafka is not installed: install it with "npm install @exhook\/sink-kafka"/,
  },
  {
    name: "a bad sink property, checked by the sink",
    file: "sinks:\n  audit:\n    type: log\n    level: loud\n",
    expected:
      /config error: sinks\.audit\.level: must be "trace", "debug", "info", "warn", "error" or "fatal"/,
  },
  {
    name: "a bad MQTT sink property",
    file: "sinks:\n  bridge: { type: mqtt, server: 'mqtt://127.0.0.1:1883', topic: 'exhook/${hook}', qos: 3 }\n",
    expected: /config error: sinks\.bridge\.qos: must be 0, 1 or 2/,
  },
  {
    name: "an unknown sink property",
    file: "sinks:\n  audit:\n    type: log\n    colour: red\n",
    expected: /config error: sinks\.audit\.colour: is not a known property/,
  },
  {
    name: "a bad runtime option of a sink",
    file: "sinks:\n  audit:\n    type: log\n    options:\n      maxQueue: 0\n",
    expected: /config error: sinks\.audit\.options\.maxQueue: must be at least 1/,
  },
  {
    name: "an unknown hook in a route",
    file: "sinks:\n  audit: { type: log }\nroutes:\n  - { hooks: [client.connected, client.conected], sinks: [audit] }\n",
    expected: /config error: routes\[0\]\.hooks\[1\]: unknown hook "client\.conected"/,
  },
  {
    name: "an unknown sink in a route",
    file: "sinks:\n  audit: { type: log }\nroutes:\n  - { hooks: [client.connected], sinks: [audit, bridge] }\n",
    expected: /config error: routes\[0\]\.sinks\[1\]: no sink named "bridge" \(sinks: audit\)/,
  },
  {
    name: "a bad topic filter in a route",
    file: "sinks:\n  audit: { type: log }\nroutes:\n  - { hooks: [message.publish], topics: ['a/#/b'], sinks: [audit] }\n",
    expected: /config error: routes\[0\]\.topics\[0\]: bad topic filter "a\/#\/b"/,
  },
  {
    name: "an unset environment variable",
    file: "admin:\n  token: ${EXHOOK_TEST_UNSET_TOKEN}\n",
    expected: /config error: admin\.token: environment variable EXHOOK_TEST_UNSET_TOKEN is not set/,
  },
  {
    name: "a bad failure policy",
    file: "hooks:\n  client.authenticate: { onFailure: fail-shut }\n",
    expected: /config error: hooks\.client\.authenticate\.onFailure: must be "fail-open" or "fail-closed"/,
  },
  {
    // Matched literally it would never match, so a deny rule with a typo would fail open.
    name: "an unknown placeholder in an ACL topic",
    file: "acl:\n  rules:\n    - { permission: deny, topics: ['private/${user}/#'] }\n",
    expected: /config error: acl\.rules\[0\]\.topics\[0\]: unknown placeholder "\$\{user\}"/,
  },
];

describe("a bad config", () => {
  it("exits with status 2 and names the key path, in every case", async () => {
    // All at once: each is a node process start, and they are independent.
    const results = await Promise.all(
      cases.map(async (c) => {
        const dir = tempDir(c.file === undefined ? {} : { "exhook.yaml": c.file });
        const args = c.file === undefined ? [] : ["--config", "exhook.yaml"];
        return {
          c,
          result: await runToExit({ args, cwd: dir, ...(c.env === undefined ? {} : { env: c.env }) }),
        };
      }),
    );
    for (const { c, result } of results) {
      expect({ case: c.name, code: result.code }).toEqual({ case: c.name, code: 2 });
      expect(result.stderr, c.name).toMatch(c.expected);
    }
  });

  it("is also found by --check, which exits 0 for a good one", async () => {
    const dir = tempDir({
      "bad.yaml": "sinks:\n  audit: { type: log, level: loud }\n",
      "good.yaml": "sinks:\n  audit: { type: log }\nroutes:\n  - { hooks: ['client.*'], sinks: [audit] }\n",
    });
    const [bad, good] = await Promise.all([
      runToExit({ args: ["--check", "--config", "bad.yaml"], cwd: dir }),
      runToExit({ args: ["--check", "-c", "good.yaml"], cwd: dir }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("sinks.audit.level");
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("config ok");
  });

  it("--check finds a handlers module that is not there, as start does", async () => {
    const dir = tempDir({ "exhook.yaml": "handlers: ./missing-handlers.js\n" });
    const result = await runToExit({ args: ["--check", "--config", "exhook.yaml"], cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /config error: handlers: cannot load .*missing-handlers\.js: file not found/,
    );
  });
});
