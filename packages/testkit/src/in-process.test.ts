// The fake broker drives an exhook app in process: Connect's router transport around app.dispatch, no socket.
import { type DescService, fromBinary } from "@bufbuild/protobuf";
import { createRouterTransport, type ServiceImpl } from "@connectrpc/connect";
import { continueWith, createExhook, stopWith } from "@exhook/core";
import { hookProviders, type ProtocolVersion, rpcTable } from "@exhook/proto";
import { describe, expect, it } from "vitest";
import { createFakeBroker } from "./index.js";

type App = ReturnType<typeof createExhook>;

/** Every RPC of `version`'s HookProvider answered by the app's dispatcher, in this process. */
function inProcess(app: App, version: ProtocolVersion) {
  const service = hookProviders[version];
  const impl: Record<string, (request: object) => Promise<unknown>> = {};
  for (const entry of rpcTable[version]) {
    const method = service.methods.find((m) => m.name === entry.rpc);
    if (method?.methodKind !== "unary") continue;
    // The dispatcher answers with a message, or with the encoded reply where the answer is a constant (what
    // the gRPC layer frames as it is); the router takes a message either way.
    impl[method.localName] = async (request) => {
      const answer = await app.dispatch(version, entry.hook, request);
      return answer instanceof Uint8Array ? fromBinary(method.output, answer) : answer;
    };
  }
  return createRouterTransport(({ service: register }) => {
    register(service as DescService, impl as ServiceImpl<DescService>);
  });
}

describe("a fake broker over an in-process transport", () => {
  it.each(["v1", "v2", "v3"] as const)(
    "plays a session against an app's handlers on %s, with no port",
    async (version) => {
      const app = createExhook();
      app.authenticate((event) => stopWith(event.clientinfo.username === "alice"));
      app.authorize((event) => (event.topic.startsWith("secret/") ? stopWith(false) : undefined));
      app.publish({ topics: ["legacy/#"] }, (event) =>
        continueWith({ topic: event.message.topic.replace(/^legacy/, "v2") }),
      );
      const broker = createFakeBroker({
        url: "http://in-process.invalid",
        version,
        transport: inProcess(app, version),
      });
      try {
        await broker.load();
        const alice = broker.client({ clientid: "a1", username: "alice" });
        expect((await alice.connect()).authenticated).toBe(true);
        const subscribed = await alice.subscribe(["secret/x", "legacy/#", "v2/#"]);
        expect(subscribed.filters.filter((f) => f.allowed).map((f) => f.filter)).toEqual([
          "legacy/#",
          "v2/#",
        ]);
        const published = await alice.publish("legacy/t", "hi");
        expect(published.message.topic).toBe("v2/t");
        expect(published.deliveredTo).toEqual(["a1"]);
        const mallory = broker.client({ clientid: "m1", username: "mallory" });
        expect((await mallory.connect()).authenticated).toBe(false);
        expect(broker.failures).toEqual([]);
        expect(app.stats().hooks["client.authenticate"]?.calls).toBe(2);
      } finally {
        broker.close();
        await app.close();
      }
    },
  );
});
