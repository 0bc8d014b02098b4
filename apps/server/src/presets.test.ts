// The built-in presets: users-file authentication, ACL rules and topic rewrite, in-process and in the real server.
import { createFakeBroker, type FakeBroker } from "@exhook/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Acl } from "./acl.js";
import { hashPassword, verifyPassword } from "./password.js";
import { Rewriter } from "./rewrite.js";
import { runToExit, type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

describe("password hashes", () => {
  it("are salted scrypt hashes that verify only the right password", async () => {
    const [a, b] = await Promise.all([hashPassword("pw"), hashPassword("pw")]);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("pw", a)).toBe(true);
    expect(await verifyPassword("pW", a)).toBe(false);
    expect(await verifyPassword("pw", "plain-text")).toBe(false);
  });

  it("are printed by the hash-password command", async () => {
    const { code, stdout } = await runToExit({ args: ["hash-password", "s3cret"] });
    expect(code).toBe(0);
    expect(await verifyPassword("s3cret", stdout.trim())).toBe(true);
  });
});

describe("ACL rules", () => {
  const acl = new Acl({
    default: "deny",
    rules: [
      { permission: "deny", action: "all", username: "guest*", topics: [] },
      { permission: "allow", action: "subscribe", topics: ["devices/${clientid}/#"] },
      { permission: "allow", action: "publish", topics: ["sensors/${username}/+"] },
      { permission: "allow", action: "all", clientid: "admin-*", topics: ["#"] },
    ],
  });

  it("lets the first matching rule decide, with placeholders filled per client", () => {
    expect(acl.decide("subscribe", "u", "c1", "devices/c1/#")).toBe(true);
    expect(acl.decide("subscribe", "u", "c1", "devices/c2/#")).toBe(false);
    expect(acl.decide("subscribe", "u", "c1", "devices/+/#")).toBe(false);
    expect(acl.decide("publish", "alice", "c1", "sensors/alice/temp")).toBe(true);
    expect(acl.decide("publish", "alice", "c1", "sensors/bob/temp")).toBe(false);
    expect(acl.decide("publish", "guest1", "admin-1", "x")).toBe(false);
    expect(acl.decide("publish", "root", "admin-1", "any/topic")).toBe(true);
    expect(acl.decide("publish", "root", "admin-1", "$SYS/x")).toBe(false);
  });

  it("does not match a placeholder that is empty or would widen the filter", () => {
    expect(acl.decide("publish", "", "c1", "sensors//temp")).toBe(false);
    expect(acl.decide("subscribe", "u", "#", "devices/#")).toBe(false);
  });

  it("falls back to the default, which may pass", () => {
    expect(new Acl({ default: "pass", rules: [] }).decide("publish", "u", "c", "t")).toBeUndefined();
    expect(new Acl({ default: "allow", rules: [] }).decide("publish", "u", "c", "t")).toBe(true);
  });
});

describe("topic rewrite rules", () => {
  const rewriter = new Rewriter([
    { topic: "old/+/data/#", to: "new/$1/${clientid}/$2" },
    { regex: /^legacy\/(\w+)$/, to: "v2/$1/${username}" },
  ]);

  it("rewrites with the first matching rule's template", () => {
    const ctx = { clientid: "c9", username: "ann" };
    expect(rewriter.rewrite("old/x/data/a/b", ctx)).toBe("new/x/c9/a/b");
    expect(rewriter.rewrite("legacy/temp", ctx)).toBe("v2/temp/ann");
    expect(rewriter.rewrite("other", ctx)).toBeUndefined();
  });
});

describe("the presets in the real server", () => {
  let server: ServerProcess;
  let broker: FakeBroker;

  beforeAll(async () => {
    const hash = await hashPassword("alice-pw");
    const dir = tempDir({
      "users.yaml": `users:\n  - { username: alice, password: "${hash}" }\n`,
      "exhook.yaml": [
        "log: { banner: false }",
        "admin: false",
        "authn: { usersFile: users.yaml }",
        "acl:",
        "  default: deny",
        "  rules:",
        "    - { permission: allow, action: subscribe, topics: ['devices/${clientid}/#'] }",
        "    - { permission: allow, action: publish, topics: ['sensors/${username}/+', 'old/#'] }",
        "rewrite:",
        "  - { topic: old/+/data, to: new/$1/data }",
      ].join("\n"),
    });
    server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
    broker = createFakeBroker({ url: server.url, version: "v2" });
    await broker.load();
  });
  afterAll(async () => {
    broker?.close();
    await server?.stop();
  });

  it("authenticates users from the file and rejects wrong passwords, unknown users and anonymous clients", async () => {
    const ok = await broker.client({ clientid: "a1", username: "alice", password: "alice-pw" }).connect();
    expect(ok.authenticated).toBe(true);
    const wrong = await broker.client({ clientid: "a2", username: "alice", password: "nope" }).connect();
    expect(wrong.authenticated).toBe(false);
    expect(
      (await broker.client({ clientid: "a3", username: "mallory", password: "x" }).connect()).authenticated,
    ).toBe(false);
    expect((await broker.client({ clientid: "a4" }).connect()).authenticated).toBe(false);
  });

  it("authorizes by the ACL rules and rewrites published topics", async () => {
    const alice = broker.client({ clientid: "dev1", username: "alice", password: "alice-pw" });
    await alice.connect();
    expect((await alice.subscribe("devices/dev1/#")).allowed).toBe(true);
    expect((await alice.subscribe("devices/dev2/#")).allowed).toBe(false);
    expect((await alice.publish("sensors/alice/temp", "21")).allowed).toBe(true);
    expect((await alice.publish("sensors/bob/temp", "21")).allowed).toBe(false);
    const rewritten = await alice.publish("old/x/data", "1");
    expect(rewritten.allowed).toBe(true);
    expect(rewritten.message.topic).toBe("new/x/data");
    expect(broker.failures).toEqual([]);
  });

  it("rejects a users file with a plain-text password at start", async () => {
    const dir = tempDir({
      "users.yaml": "users:\n  - { username: bob, password: hunter2 }\n",
      "exhook.yaml": "authn: { usersFile: users.yaml }\n",
    });
    const { code, stderr } = await runToExit({ args: ["--config", "exhook.yaml"], cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /config error: authn\.usersFile: .*users\[0\]\.password: must be a hash made by "exhook-server hash-password"/,
    );
  });
});
