// The sink conformance suite against real Redis: the machine's shared server (a key prefix of its own, an ACL
// user for the poison case, a closed port for the away case, an unreadable CA file for the broken one), and a
// private redis-server with an fsynced append-only file, stopped and started for the restart case.
import { randomUUID } from "node:crypto";
import { sinkConformance } from "@exhook/testkit/sink";
import { afterAll, beforeAll, describe } from "vitest";
import { sink } from "./redis-sink.js";
import {
  freePort,
  hasRedisServer,
  type PrivateRedis,
  removeKeys,
  sharedUrl,
  startRedis,
  streamRecords,
  type TestClient,
  tempDir,
  testClient,
  uniquePrefix,
} from "./test-support/redis.js";

describe("on the shared Redis", () => {
  const prefix = uniquePrefix("conformance");
  // The poison case: a user whose ACL allows the sink's keys except those ending in `#`, which the suite's
  // poison record renders (its clientid ends in `/#`): Redis refuses that one XADD with NOPERM, for good.
  const user = `exhook-test-${randomUUID().slice(0, 8)}`;
  const password = randomUUID();
  let client: TestClient;
  let closedPort = 0;

  beforeAll(async () => {
    client = await testClient();
    closedPort = await freePort();
    await client.sendCommand(["ACL", "SETUSER", user, "on", `>${password}`, `~${prefix}*[^#]`, "+@all"]);
  });

  afterAll(async () => {
    await client.sendCommand(["ACL", "DELUSER", user]);
    await removeKeys(client, prefix);
    await client.close();
  });

  sinkConformance({
    definition: sink,
    target: {
      props: () => ({ url: sharedUrl, stream: `${prefix}\${clientid}` }),
      arrived: (clientid) => streamRecords(client, `${prefix}${clientid}`),
    },
    poison: () => {
      const url = new URL(sharedUrl);
      url.username = user;
      url.password = password;
      return { url: url.href, stream: `${prefix}\${clientid}` };
    },
    away: () => ({ url: `redis://127.0.0.1:${closedPort}`, connectTimeoutMs: 1000 }),
    // A TLS file that cannot be read is a config error: open fails fatally, naming the property.
    broken: () => ({ url: "rediss://127.0.0.1:6379", ca: "/nonexistent/exhook-test-ca.pem" }),
  });
});

describe.skipIf(!hasRedisServer)("on a private redis-server that restarts", () => {
  let redis: PrivateRedis;
  let dir: { path: string; remove: () => Promise<void> };
  let client: TestClient;

  beforeAll(async () => {
    dir = await tempDir("exhook-redis-conformance-");
    redis = await startRedis(dir.path, { persist: true });
    client = await testClient(redis.url);
  });

  afterAll(async () => {
    await client?.close().catch(() => {});
    await redis?.close();
    await dir?.remove();
  });

  sinkConformance({
    definition: sink,
    target: {
      props: () => ({ url: redis.url, stream: "exhook:${clientid}" }),
      arrived: (clientid) => streamRecords(client, `exhook:${clientid}`),
    },
    restart: { stop: () => redis.stop(), start: () => redis.start() },
  });
});
