// Bad configs stop the real server at start with exit status 2 and the key path of every problem.
import { describe, expect, it } from "vitest";
import { concurrencyLimit, processDeadlineMs, runToExit, tempDir } from "./test-support/server-process.js";

interface Case {
  name: string;
  file?: string;
  env?: Record<string, string>;
  /** Each must match a line of stderr. */
  expected: RegExp | RegExp[];
}

/**
 * One server start per case, a few at a time (the cases run concurrently, the processes one per core): a
 * loaded machine slows them down, and the deadline is generous enough that it cannot make them fail.
 */
const perProcess = { timeout: 2 * processDeadlineMs };
const oneAtATimePerCore = concurrencyLimit();

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
    name: "every bad property of a sink at once, each at its key path",
    file: "sinks:\n  audit:\n    type: log\n    level: loud\n    format: xml\n    colour: red\n",
    expected:
      /config error: sinks\.audit\.level: must be "trace", "debug", "info", "warn", "error" or "fatal"\nconfig error: sinks\.audit\.format: must be "json" or "pretty"\nconfig error: sinks\.audit\.colour: is not a known property \(known: level, format, destination/,
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
  {
    name: "three mistakes in one file, all three shown, in the order of the file",
    file: "server:\n  port: 9000\n  timeoutMs: 3s\nlog: { level: loud }\nsinks:\n  audit: { type: log }\nroutes:\n  - { hooks: [client.connected], sinks: [adit] }\n",
    env: { EXHOOK_PORT: "" },
    expected:
      /config error: server\.timeoutMs: must be an integer from 1 to 600000, not "3s"\nconfig error: log\.level: must be "debug", "info", "warn", "error" or "silent", not "loud"\nconfig error: routes\[0\]\.sinks\[0\]: no sink named "adit" \(sinks: audit\)\n/,
  },
  {
    name: "every unset environment variable, each at its key",
    file: "admin:\n  token: ${EXHOOK_TEST_UNSET_A}\nemqx:\n  name: ${EXHOOK_TEST_UNSET_B}\n",
    expected: [
      /config error: admin\.token: environment variable EXHOOK_TEST_UNSET_A is not set/,
      /config error: emqx\.name: environment variable EXHOOK_TEST_UNSET_B is not set/,
    ],
  },
  {
    name: "a string that is not a number where one is needed",
    file: "admin:\n  port: '9001x'\n",
    env: { EXHOOK_ADMIN_PORT: "" },
    expected: /config error: admin\.port: must be a port number from 0 to 65535, not "9001x"/,
  },
  {
    name: "a word where true or false is needed",
    file: "log:\n  banner: yes\n",
    expected: /config error: log\.banner: must be true or false, not "yes"/,
  },
  {
    name: "a missing TLS file and a missing CA, both at once",
    file: "server:\n  tls: { cert: missing.pem, key: missing.key, requireClientCert: true }\n",
    expected: [
      /config error: server\.tls\.cert: cannot read .*missing\.pem: ENOENT/,
      /config error: server\.tls\.key: cannot read .*missing\.key: ENOENT/,
      /config error: server\.tls\.ca: is required when requireClientCert is true/,
    ],
  },
  {
    // Only lists of names take one comma-separated string; a list of routes has no string form.
    name: "a string where a list of routes is needed",
    file: "routes: 'client.connected'\n",
    expected: /config error: routes: must be a list, not "client\.connected"/,
  },
  {
    name: "a reserved sink name",
    file: "sinks:\n  acl: { type: log }\n",
    expected: /config error: sinks\.acl: "acl" is the name of a built-in handler group; pick another/,
  },
];

describe("a bad config", () => {
  it.concurrent.for(cases)(
    "exits with status 2 and names the key path: $name",
    perProcess,
    async (c, { expect }) => {
      const dir = tempDir(c.file === undefined ? {} : { "exhook.yaml": c.file });
      const args = c.file === undefined ? [] : ["--config", "exhook.yaml"];
      const env = c.env === undefined ? {} : { env: c.env };
      const result = await oneAtATimePerCore(() => runToExit({ args, cwd: dir, ...env }));
      expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 2 });
      for (const expected of [c.expected].flat()) expect(result.stderr).toMatch(expected);
    },
  );

  it("is also found by --check, which exits 0 for a good one", perProcess, async () => {
    const dir = tempDir({
      "bad.yaml": "sinks:\n  audit: { type: log, level: loud }\n",
      "good.yaml": "sinks:\n  audit: { type: log }\nroutes:\n  - { hooks: ['client.*'], sinks: [audit] }\n",
    });
    const bad = await runToExit({ args: ["--check", "--config", "bad.yaml"], cwd: dir });
    const good = await runToExit({ args: ["--check", "-c", "good.yaml"], cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("sinks.audit.level");
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("config ok");
  });

  it("--check finds a handlers module that is not there, as start does", perProcess, async () => {
    const dir = tempDir({ "exhook.yaml": "handlers: ./missing-handlers.js\n" });
    const result = await runToExit({ args: ["--check", "--config", "exhook.yaml"], cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /config error: handlers: cannot load .*missing-handlers\.js: file not found/,
    );
  });
});

describe("--check loads what start loads", () => {
  const modules = [
    {
      name: "a handlers module with a syntax error",
      source: "export function authorize(event) {\n  return (;\n}\n",
      expected: /config error: handlers: cannot load .*handlers\.js: syntax error: .* at line 2: return \(;/,
    },
    {
      name: "a handlers module with a default export",
      source: "export default function authorize() {}\n",
      expected:
        /config error: handlers: .*handlers\.js has a default export; export register\(app\) or named handlers/,
    },
    {
      name: "a handlers module that exports no handlers",
      source: "export const answer = 42;\n",
      expected: /config error: handlers: .*handlers\.js exports no handlers/,
    },
  ];

  it.concurrent.for(modules)("refuses $name, as start does", perProcess, async (m, { expect }) => {
    const dir = tempDir({ "exhook.yaml": "handlers: ./handlers.js\n", "handlers.js": m.source });
    const args = ["--config", "exhook.yaml"];
    const checked = await oneAtATimePerCore(() => runToExit({ args: ["--check", ...args], cwd: dir }));
    const started = await oneAtATimePerCore(() => runToExit({ args, cwd: dir }));
    expect({ code: checked.code, stdout: checked.stdout }).toEqual({ code: 2, stdout: "" });
    expect(checked.stderr).toMatch(m.expected);
    expect(started.code).toBe(2);
    expect(started.stderr).toMatch(m.expected);
  });

  it("reports the problems of sinks, users file and handlers module together", perProcess, async () => {
    const dir = tempDir({
      "exhook.yaml": [
        "sinks: { audit: { type: log, level: loud } }",
        "authn: { usersFile: missing-users.yaml }",
        "handlers: ./handlers.js",
      ].join("\n"),
      "handlers.js": "export default 1;\n",
    });
    const result = await runToExit({ args: ["--check", "-c", "exhook.yaml"], cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config error: sinks\.audit\.level: /);
    expect(result.stderr).toMatch(/config error: authn\.usersFile: .*missing-users\.yaml/);
    expect(result.stderr).toMatch(/config error: handlers: .* has a default export/);
  });

  it("calls register(app) and exits, even when it leaves a timer running", perProcess, async () => {
    const dir = tempDir({
      "exhook.yaml": "handlers: ./handlers.js\n",
      "handlers.js": [
        "export function register(app) {",
        "  setInterval(() => {}, 1000);",
        "  app.on('client.connected', () => {});",
        "}",
      ].join("\n"),
    });
    const ok = await runToExit({ args: ["--check", "-c", "exhook.yaml"], cwd: dir });
    expect({ code: ok.code, stdout: ok.stdout }).toEqual({ code: 0, stdout: "config ok: exhook.yaml\n" });
  });

  it("reports a register(app) that throws", perProcess, async () => {
    const dir = tempDir({
      "exhook.yaml": "handlers: ./handlers.js\n",
      "handlers.js": "export function register() {\n  throw new Error('database away');\n}\n",
    });
    const result = await runToExit({ args: ["--check", "-c", "exhook.yaml"], cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /config error: handlers: .*handlers\.js: register\(app\) threw: database away/,
    );
  });
});
