// `exhook cache clear` (the built binary) against a real app's admin port: the cached decision is forgotten,
// and the handler is asked again.

import { type AdminServer, startAdmin } from "@exhook/admin";
import { createExhook, type Exhook, silentLogger, stopWith } from "@exhook/core";
import { createFakeBroker } from "@exhook/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./test-support/run-cli.js";

let app: Exhook | undefined;
let admin: AdminServer | undefined;
afterEach(async () => {
  await admin?.close();
  await app?.close();
});

describe("exhook cache clear", () => {
  it("forgets one group's cached decisions, then every group's, and names a group that is not there", async () => {
    app = createExhook({ logger: silentLogger });
    let asked = 0;
    app.authenticate({ group: "authn", cache: { ttlMs: 60_000 } }, () => {
      asked++;
      return stopWith(true);
    });
    app.authorize({ group: "acl", cache: { ttlMs: 60_000 } }, () => stopWith(true));
    const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
    admin = await startAdmin(app, { port: 0 });
    const broker = createFakeBroker({ url, version: "v2" });
    await broker.load();
    const connect = () => broker.client({ clientid: "c1", username: "u", password: "pw" }).connect();
    await connect();
    await connect();
    expect(asked).toBe(1);
    const exhook = (...args: string[]) => runCli("exhook", ["--admin", admin!.url, ...args]);

    const stats = await exhook("stats");
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/^CACHE\s+HITS\s+MISSES\s+EXPIRED\s+EVICTIONS\s+ENTRIES$/m);
    expect(stats.stdout).toMatch(/^caches\.authn\.client\.authenticate\s+1\s+1\s+0\s+0\s+1$/m);

    expect(await exhook("cache", "clear", "authn")).toMatchObject({
      code: 0,
      stdout: "cleared 1 cached decision of handler group authn\n",
    });
    await connect();
    expect(asked).toBe(2);
    const all = await exhook("cache", "clear", "--json");
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ cleared: 1 });
    expect(await exhook("cache", "clear")).toMatchObject({
      code: 0,
      stdout: "cleared 0 cached decisions of every handler group\n",
    });
    const missing = await exhook("cache", "clear", "nope");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no driver named "nope"');
    expect((await exhook("cache", "flush")).stderr).toContain('unknown cache command "flush"');
    await broker.close();
  });
});
