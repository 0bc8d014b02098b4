// The sink conformance suite against the sink's real target: the shared PostgreSQL (a table of its own), a
// closed port for the retryable open, an unreadable CA file for the fatal one. The restart case runs against
// a private server in private-server.test.ts.
import { sinkConformance } from "@exhook/testkit/sink";
import { describe } from "vitest";
import { sink } from "./postgres-sink.js";
import { freePort } from "./test-support/private-postgres.js";
import { reader, sharedUrl, tableName } from "./test-support/shared-postgres.js";

const db = reader();
const table = tableName("exhook_conformance");
db.dropLater(table);
const closedPort = await freePort();

describe("postgres (shared server)", () => {
  sinkConformance({
    definition: sink,
    target: {
      props: () => ({ url: sharedUrl, table, createTable: true }),
      arrived: (clientid) => db.records(table, clientid),
    },
    away: () => ({ url: `postgres://127.0.0.1:${closedPort}/test`, table, connectTimeoutMs: 1000 }),
    broken: () => ({ url: sharedUrl, table, ssl: { ca: "/nonexistent/exhook-test-ca.pem" } }),
  });
});
