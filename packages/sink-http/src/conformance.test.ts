// The sink conformance suite against real local webhook receivers (node:http on free loopback ports), once
// with one request per record and once with a JSON array per batch; the receiver is stopped (its connections
// destroyed) and started on the same port for the restart case.
import { sinkConformance } from "@exhook/testkit/sink";
import { afterAll, beforeAll, describe } from "vitest";
import { sink } from "./http-sink.js";
import { closedPort, Receiver } from "./test-support/receiver.js";

let receiver: Receiver;
let nothingThere = 0;

beforeAll(async () => {
  receiver = await Receiver.start();
  // A record whose clientid ends in # is one this webhook refuses for good (a 400), like a bad topic.
  receiver.answer = (r) =>
    r.records.some((record) => record.clientid.endsWith("#"))
      ? { status: 400, body: "bad clientid" }
      : { status: 204 };
  nothingThere = await closedPort();
});

afterAll(async () => {
  await receiver.stop();
});

for (const body of ["record", "array"] as const) {
  describe(`http, body: ${body}`, () => {
    sinkConformance({
      definition: sink,
      target: {
        props: () => ({ url: receiver.url(`/${body}`), body }),
        arrived: async (clientid) => receiver.arrived(clientid),
      },
      away: () => ({ url: `http://127.0.0.1:${nothingThere}/hook`, body, timeoutMs: 1000 }),
      broken: () => ({ url: "https://127.0.0.1:1/hook", ca: "/nonexistent/exhook-ca.pem" }),
      // One request per record: a 400 refuses exactly one record. A batch body is refused whole.
      ...(body === "record" ? { poison: () => ({ url: receiver.url("/record"), body }) } : {}),
      restart: { stop: () => receiver.stop(), start: () => receiver.start() },
    });
  });
}
