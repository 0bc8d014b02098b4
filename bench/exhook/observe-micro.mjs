// In-process cost of the settled-call observer: the publish route's handler called directly, no sockets.
// node bench/exhook/observe-micro.mjs [observe]  — prints ns per call (median of 7 runs of 200k calls).
import { create } from "@bufbuild/protobuf";
import { continueWith, createExhook, denyPublish } from "@exhook/core";
import { v2 } from "@exhook/proto";

const app = createExhook();
app.on("message.publish", (e) =>
  e.message.headers.username === "baduser" ? denyPublish(e.message) : undefined,
);
app.on("message.publish", (e) =>
  e.message.topic.startsWith("rewrite/")
    ? continueWith({ topic: `rewritten/${e.message.topic.slice(8)}` })
    : undefined,
);
if (process.argv[2] === "observe") app.observe(() => {});
const route = app
  .routes()
  .find(
    (r) => r.method.parent.typeName === "emqx.exhook.v2.HookProvider" && r.method.name === "OnMessagePublish",
  );
const call = { deadline: Number.POSITIVE_INFINITY };
const request = () =>
  create(v2.MessagePublishRequestSchema, {
    message: {
      node: "n",
      id: "1",
      qos: 1,
      from: "c1",
      topic: "t/1",
      payload: new Uint8Array(256),
      headers: { username: "u" },
    },
  });
const requests = Array.from({ length: 1000 }, request);
const runs = [];
for (let r = 0; r < 8; r++) {
  const n = 200_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) route.handler(requests[i % 1000], call);
  runs.push(Number(process.hrtime.bigint() - t0) / n);
}
runs.shift(); // warm-up
runs.sort((a, b) => a - b);
console.log(`${process.argv[2] ?? "no listener"}: ${runs[3].toFixed(0)} ns/call (min ${runs[0].toFixed(0)})`);
